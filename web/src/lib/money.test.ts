import { describe, expect, it } from 'vitest';
import { amountInputValue, formatMoney, formatPercent, parseAmount } from './money';

describe('parseAmount', () => {
  it('reads Russian and English ways of writing amounts', () => {
    expect(parseAmount('1 500,50', 'RUB')).toEqual({ ok: true, minor_units: 150050 });
    expect(parseAmount('1500.5', 'RUB')).toEqual({ ok: true, minor_units: 150050 });
    expect(parseAmount('1\u00a0500', 'RUB')).toEqual({ ok: true, minor_units: 150000 });
    expect(parseAmount('0', 'RUB')).toEqual({ ok: true, minor_units: 0 });
    expect(parseAmount('1500,', 'RUB')).toEqual({ ok: true, minor_units: 150000 });
    expect(parseAmount('100', 'JPY')).toEqual({ ok: true, minor_units: 100 });
  });

  it('refuses what is not an amount', () => {
    expect(parseAmount('', 'RUB')).toEqual({ ok: false, reason: 'format' });
    expect(parseAmount('-5', 'RUB')).toEqual({ ok: false, reason: 'format' });
    expect(parseAmount('1,2,3', 'RUB')).toEqual({ ok: false, reason: 'format' });
    expect(parseAmount('1.234', 'RUB')).toEqual({ ok: false, reason: 'precision' });
    expect(parseAmount('1.5', 'JPY')).toEqual({ ok: false, reason: 'precision' });
    expect(parseAmount('99999999999999999999', 'RUB')).toEqual({ ok: false, reason: 'range' });
  });
});

describe('formatting', () => {
  it('formats money and shares', () => {
    expect(formatMoney(150050, 'RUB', 'en').replace(/\s/g, ' ')).toBe('RUB 1,500.50');
    expect(formatMoney(150000, 'RUB', 'ru').replace(/\s/g, ' ')).toBe('1 500 ₽');
    expect(amountInputValue(150050, 'RUB')).toBe('1500.50');
    expect(amountInputValue(0, 'RUB')).toBe('');
    expect(formatPercent(0.256, 'en')).toBe('25.6%');
    expect(formatPercent(null, 'ru')).toBe('—');
  });
});

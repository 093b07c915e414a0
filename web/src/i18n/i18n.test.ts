import { describe, expect, it } from 'vitest';
import { detectLanguage, enumLabel, translate } from './i18n';
import { en, ru } from './messages';

describe('i18n', () => {
  it('prefers the stored choice, then a Russian browser, else English', () => {
    expect(detectLanguage('en', ['ru-RU'])).toBe('en');
    expect(detectLanguage(null, ['ru-RU', 'en-US'])).toBe('ru');
    expect(detectLanguage(null, ['de-DE', 'ru'])).toBe('ru');
    expect(detectLanguage(null, ['en-GB', 'ru'])).toBe('en');
    expect(detectLanguage('fr', ['fr-FR'])).toBe('en');
    expect(detectLanguage(null, [])).toBe('en');
  });

  it('translates with parameters and falls back to English, then the key', () => {
    expect(translate('ru', 'picker.selected', { n: 3 })).toBe('Выбрано: 3');
    expect(translate('en', 'picker.selected', { n: 3 })).toBe('3 selected');
    expect(translate('en', 'common.more', {})).toBe('… and {n} more');
    expect(translate('ru', 'no.such.key')).toBe('no.such.key');
  });

  it('labels enum values, and shows an unknown value as itself', () => {
    expect(enumLabel('ru', 'outcome', 'refused')).toBe('отказ клиента');
    expect(enumLabel('en', 'refusal', 'rate_too_high')).toBe('rate too high');
    expect(enumLabel('ru', 'outcome', 'brand_new_outcome')).toBe('brand_new_outcome');
  });

  it('has a Russian text for every key, keeping the same parameters', () => {
    const missing = Object.keys(en).filter((k) => !(k in ru));
    expect(missing).toEqual([]);
    for (const [key, text] of Object.entries(en)) {
      const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect([key, params(ru[key as keyof typeof en] ?? '')]).toEqual([key, params(text)]);
    }
  });
});

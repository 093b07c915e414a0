import { describe, expect, it } from 'vitest';
import { formFieldOf, type LogContactValues, prepareCampaign, prepareLogContact, preparePlan, slugId } from './forms';

const NOW = new Date('2026-01-14T12:00:00Z'); // 15:00 in Moscow (the test zone)
const base: LogContactValues = {
  type: 'phone',
  outcome: 'positive_prospect',
  occurred_at: '2026-01-14T14:30',
  product_code: '',
  amount: '',
  currency: 'RUB',
  refusal_reason: '',
  refusal_text: '',
  note: '',
  next_contact_at: '',
};

describe('formFieldOf', () => {
  const known = ['occurred_at', 'amount', 'next_contact_at', 'sales', 'sales.deposit'];
  it('maps server paths and decider field names to form fields', () => {
    expect(formFieldOf('occurred_at_us', known)).toBe('occurred_at');
    expect(formFieldOf('next_contact_at_us', known)).toBe('next_contact_at');
    expect(formFieldOf('amount.minor_units', known)).toBe('amount');
    expect(formFieldOf('sales[1].product_code', known)).toBe('sales');
    expect(formFieldOf('sales.deposit', known)).toBe('sales.deposit');
    expect(formFieldOf('client_id', known)).toBe('');
    expect(formFieldOf('', known)).toBe('');
    expect(formFieldOf(undefined, known)).toBe('');
  });
});

describe('prepareLogContact', () => {
  it('builds the minimal body in UTC whole seconds', () => {
    const r = prepareLogContact('c-1', base, NOW);
    expect(r).toEqual({
      ok: true,
      body: { client_id: 'c-1', type: 'phone', outcome: 'positive_prospect', occurred_at: '2026-01-14T11:30:00Z' },
    });
  });

  it('sends a sale with product, amount and next contact, trimmed', () => {
    const r = prepareLogContact('c-1', { ...base, outcome: 'product_sold', product_code: 'deposit', amount: '1 500,50', currency: 'rub', note: '  ok ', next_contact_at: '2026-01-20T10:00' }, NOW);
    expect(r.ok && r.body).toEqual({
      client_id: 'c-1',
      type: 'phone',
      outcome: 'product_sold',
      occurred_at: '2026-01-14T11:30:00Z',
      product_code: 'deposit',
      amount: { minor_units: 150050, currency: 'RUB' },
      note: 'ok',
      next_contact_at: '2026-01-20T07:00:00Z',
    });
  });

  it('names every missing or wrong field', () => {
    const r = prepareLogContact('c-1', { ...base, outcome: 'product_sold', occurred_at: '2026-01-15T10:00', next_contact_at: 'soon' }, NOW);
    expect(r).toEqual({
      ok: false,
      errors: { occurred_at: 'error.future', next_contact_at: 'error.time', product_code: 'error.product_needed', amount: 'error.amount_positive' },
    });
  });

  it('needs a reason for a refusal and text for "other"; drops refusal fields otherwise', () => {
    expect(prepareLogContact('c', { ...base, outcome: 'refused' }, NOW)).toEqual({ ok: false, errors: { refusal_reason: 'error.refusal_reason' } });
    expect(prepareLogContact('c', { ...base, outcome: 'refused', refusal_reason: 'other' }, NOW)).toEqual({ ok: false, errors: { refusal_text: 'error.refusal_text' } });
    const ok = prepareLogContact('c', { ...base, outcome: 'refused', refusal_reason: 'rate_too_high' }, NOW);
    expect(ok.ok && ok.body.refusal_reason).toBe('rate_too_high');
    const notRefused = prepareLogContact('c', { ...base, refusal_reason: 'rate_too_high' }, NOW);
    expect(notRefused.ok && 'refusal_reason' in notRefused.body).toBe(false);
  });

  it('refuses a next contact before the contact and malformed amounts', () => {
    const r = prepareLogContact('c', { ...base, next_contact_at: '2026-01-14T09:00', amount: '12,345', currency: 'RUB' }, NOW);
    expect(r).toEqual({ ok: false, errors: { next_contact_at: 'error.next_before_contact', amount: 'error.amount_precision' } });
    expect(prepareLogContact('c', { ...base, amount: '5', currency: 'RU' }, NOW)).toEqual({ ok: false, errors: { amount: 'error.currency' } });
  });
});

describe('preparePlan', () => {
  it('builds SetWeeklyPlan with product targets and volume', () => {
    const r = preparePlan('e-1', '2026-w3', { contacts: '40', volume: '100000', currency: 'RUB', sales: { deposit: '3', loan: '', card: '0' } });
    expect(r).toEqual({
      ok: true,
      body: { employee_id: 'e-1', week: '2026-W03', contacts: 40, sales: [{ product_code: 'deposit', sales: 3 }], volume: { minor_units: 10000000, currency: 'RUB' } },
    });
  });
  it('names bad counts per product', () => {
    expect(preparePlan('e', '2026-W60', { contacts: '-1', volume: '', currency: 'RUB', sales: { loan: 'x' } })).toEqual({
      ok: false,
      errors: { week: 'error.week', contacts: 'error.count', 'sales.loan': 'error.count' },
    });
  });
});

describe('prepareCampaign', () => {
  it('sends [from, until) with the last day included', () => {
    const r = prepareCampaign('r01-b01', { campaign_id: 'spring-deposits', name: ' Весна ', products: ['deposit'], from: '2026-03-01', until: '2026-03-31' });
    expect(r).toEqual({
      ok: true,
      body: { campaign_id: 'spring-deposits', branch_id: 'r01-b01', name: 'Весна', products: ['deposit'], from: '2026-02-28T21:00:00Z', until: '2026-03-31T21:00:00Z' },
    });
  });
  it('refuses an empty period, no products and a bad id', () => {
    expect(prepareCampaign('b', { campaign_id: 'no spaces', name: '', products: [], from: '2026-03-02', until: '2026-03-01' })).toEqual({
      ok: false,
      errors: { campaign_id: 'error.id', name: 'error.required', products: 'error.products', until: 'error.until_before_from' },
    });
  });
  it('makes ids from Russian names', () => {
    expect(slugId('Зарплатный проект — весна 2026')).toBe('zarplatnyy-proekt-vesna-2026');
  });
});

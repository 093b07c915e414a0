import { describe, expect, it } from 'vitest';
import { eventSummary, type Words } from './events';

const w: Words = { lang: 'en', label: (g, v) => `${g}:${v}`, personal: (v) => (typeof v === 'string' ? v : '[sealed]') };

describe('eventSummary', () => {
  it('summarises a refusal with its reason and a sale with its amount', () => {
    expect(
      eventSummary({ type: 'ContactLogged', contact_type: 'phone', outcome: 'refused', refusal_reason: 'other', refusal_text: 'moved', product_code: '', amount: { minor_units: 0, currency: '' }, note: '', next_contact_at: null }, w),
    ).toBe('contact_type:phone · outcome:refused (refusal:other: moved)');
    expect(
      eventSummary({ type: 'ContactLogged', contact_type: 'meeting', outcome: 'product_sold', product_code: 'deposit', amount: { minor_units: 150000, currency: 'RUB' }, note: 'ok', next_contact_at: null }, w).replace(/\s/g, ' '),
    ).toBe('contact_type:meeting · outcome:product_sold · deposit · RUB 1,500 · ok');
  });
  it('renders sealed personal data through the caller', () => {
    expect(eventSummary({ type: 'ClientRegistered', name: { sealed: true }, kind: 'individual', industry: 'retail', status: 'new_client' }, w)).toBe(
      '[sealed] · client_kind:individual · retail · status:new_client',
    );
  });
  it('lists the fields of an event it does not know', () => {
    expect(eventSummary({ type: 'SomethingNew', a: 'x', b: 2, c_us: 5, d: '' }, w)).toBe('a: x · b: 2');
    expect(eventSummary(null, w)).toBe('');
  });
});

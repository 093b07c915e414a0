import { describe, expect, it } from 'vitest';
import { funnelStages, niceMax, planFactRows, ticks } from './charts';
import { menuFor, startPage } from './roles';

describe('roles', () => {
  it('starts each role on its own page', () => {
    expect(startPage(['branch_head'])).toBe('/branch');
    expect(startPage(['sales_specialist'])).toBe('/agenda');
    expect(startPage(['product_specialist'])).toBe('/agenda');
    expect(startPage(['auditor'])).toBe('/audit');
    expect(startPage(['head_office', 'auditor'])).toBe('/office');
    expect(startPage(['admin'])).toBe('/organisation');
    expect(startPage([])).toBe('/organisation');
  });
  it('merges menus without repeating a page', () => {
    const paths = menuFor(['head_office', 'auditor']).map((i) => i.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths[0]).toBe('/office');
    expect(paths).toContain('/audit/export');
    expect(menuFor(['sales_specialist']).map((i) => i.path)).toEqual(['/agenda', '/clients']);
  });
});

describe('charts', () => {
  it('counts the funnel cumulatively from last outcomes', () => {
    const f = funnelStages({
      clients: 100,
      not_contacted: 40,
      by_last_outcome: { product_sold: 5, agreement_in_principle: 5, positive_prospect: 10, unclear_prospect: 20, refused: 15, contract_terminated: 5 },
      by_status: {},
    });
    expect(f.stages.map((s) => s.count)).toEqual([100, 60, 20, 10, 5]);
    expect([f.refused, f.terminated]).toEqual([15, 5]);
  });
  it('lists plan against fact, planned employees first', () => {
    const week = (has_plan: boolean, planned: number, contacts: number) => ({
      has_plan, planned_contacts: planned, planned_sales: {}, planned_volume: { minor_units: 0, currency: '' },
      contacts, contacts_by_type: {}, outcomes: {}, sales_by_product: { deposit: 1, loan: 2 }, sold_volume: {}, contacts_share_of_plan: null,
    });
    const rows = planFactRows({ b: week(false, 0, 3), a: week(false, 0, 1), c: week(true, 40, 10) });
    expect(rows.map((r) => [r.employee_id, r.planned, r.fact, r.share, r.sales])).toEqual([
      ['c', 40, 10, 0.25, 3],
      ['a', 0, 1, null, 3],
      ['b', 0, 3, null, 3],
    ]);
  });
  it('rounds axes up to nice numbers', () => {
    expect([0, 0.7, 1, 3, 7, 23, 40, 101].map(niceMax)).toEqual([1, 1, 1, 5, 10, 25, 50, 200]);
    expect(ticks(50)).toEqual([0, 12.5, 25, 37.5, 50]);
  });
});

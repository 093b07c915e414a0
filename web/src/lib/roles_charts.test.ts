import { describe, expect, it } from 'vitest';
import { barLayout, fitBox, funnelStages, legendXs, niceMax, planFactRows, textWidth, ticks } from './charts';
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
  it('estimates text widths generously (DejaVu Sans, the widest usual sans font)', () => {
    // Measured in Chromium with DejaVu Sans at 13px: "109 / 102 (107%)" is 113.6 units.
    expect(textWidth('109 / 102 (107%)', 13)).toBeGreaterThanOrEqual(113.6);
    expect(textWidth('', 13)).toBe(0);
    expect(textWidth('Принципиальная договорённость · 24%', 26)).toBe(2 * textWidth('Принципиальная договорённость · 24%', 13));
  });
  it('gives the value labels of a bar chart the room they need', () => {
    const values = ['58 / 115 (50%)', '109 / 102 (107%)', '0 · no plan'];
    const { left, right } = barLayout(['Морозова Светлана', 'Алексеев Евгений'], values, 720, 13);
    // The label starts 8 units right of the bars' end and must end inside the drawing.
    for (const v of values) expect(8 + textWidth(v, 13)).toBeLessThanOrEqual(right);
    expect(left).toBeGreaterThanOrEqual(textWidth('Морозова Светлана', 13) + 8);
    expect(720 - left - right).toBeGreaterThanOrEqual(0.4 * 720);
  });
  it('keeps 40% of a bar chart for the bars, however long the labels', () => {
    const long = 'x'.repeat(200);
    const { left, right } = barLayout([long], [long], 720, 13);
    expect(left).toBeLessThanOrEqual(240);
    expect(720 - left - right).toBeCloseTo(0.4 * 720, 6);
    expect(barLayout([], [], 720, 13)).toEqual({ left: 80, right: 40 });
  });
  it('fits a chart box to what was drawn outside it', () => {
    const base = { x: 0, y: 0, width: 720, height: 200 };
    expect(fitBox(base, null)).toEqual(base);
    expect(fitBox(base, { x: 10, y: 4, width: 600, height: 190 })).toEqual(base);
    expect(fitBox(base, { x: 0, y: 0, width: 0, height: 0 })).toEqual(base);
    // A label 12 units past the right edge and one 5 units above the top.
    expect(fitBox(base, { x: 4, y: -5, width: 728, height: 150 })).toEqual({ x: 0, y: -7, width: 734, height: 207 });
    expect(fitBox(base, { x: -3, y: 0, width: 100, height: 210 }, 0)).toEqual({ x: -3, y: 0, width: 723, height: 210 });
  });
  it('lays legend entries out one after the other by their text', () => {
    const [a, b, c] = legendXs(['Plan', 'Положительные', ''], 13);
    expect(a).toBe(0);
    expect(b).toBeCloseTo(20 + textWidth('Plan', 13) + 24, 6);
    expect(c! - b!).toBeGreaterThan(20 + textWidth('Положительные', 13));
  });
});

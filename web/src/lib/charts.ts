// The numbers behind the dashboard's charts, apart from their drawing (components/charts.tsx).
// Pure.

import type { Dashboard, EmployeeWeek } from '../api/types';

export interface FunnelStage {
  key: 'clients' | 'contacted' | 'interested' | 'agreed' | 'sold';
  count: number;
}

// The sales funnel of a branch's pipeline (DOMAIN.md: finding contacts → first contact →
// presenting the product), from each client's last outcome: every stage counts the
// clients that reached it or a later one. Refusals and terminations leave the funnel and
// are counted apart.
export function funnelStages(pipeline: Dashboard['pipeline']): { stages: FunnelStage[]; refused: number; terminated: number } {
  const by = pipeline.by_last_outcome ?? {};
  const n = (k: string) => by[k] ?? 0;
  const sold = n('product_sold');
  const agreed = sold + n('agreement_in_principle');
  const interested = agreed + n('positive_prospect');
  const contacted = Math.max(0, pipeline.clients - pipeline.not_contacted);
  return {
    stages: [
      { key: 'clients', count: pipeline.clients },
      { key: 'contacted', count: contacted },
      { key: 'interested', count: interested },
      { key: 'agreed', count: agreed },
      { key: 'sold', count: sold },
    ],
    refused: n('refused'),
    terminated: n('contract_terminated'),
  };
}

export interface PlanFactRow {
  employee_id: string;
  planned: number;
  fact: number;
  share: number | null; // fact / planned, null without a plan
  sales: number;
}

// Plan against fact per employee, employees with a plan first, then by id.
export function planFactRows(employees: Record<string, EmployeeWeek>): PlanFactRow[] {
  return Object.entries(employees)
    .map(([employee_id, w]) => ({
      employee_id,
      planned: w.has_plan ? w.planned_contacts : 0,
      fact: w.contacts,
      share: w.has_plan && w.planned_contacts > 0 ? w.contacts / w.planned_contacts : null,
      sales: Object.values(w.sales_by_product ?? {}).reduce((a, b) => a + b, 0),
    }))
    .sort((a, b) => Number(b.planned > 0) - Number(a.planned > 0) || a.employee_id.localeCompare(b.employee_id));
}

// A "nice" upper bound for an axis holding `max`: 1, 2, 2.5 or 5 times a power of ten.
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

// Evenly spaced ticks from 0 to `top` (inclusive), `count` intervals.
export function ticks(top: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (top * i) / count);
}

// The width of `text` in user units at `fontSize`, estimated from the advance widths of
// DejaVu Sans (the widest of the usual system sans fonts, so the estimate errs on the
// generous side for the others). Used to give labels their room before they are drawn;
// ChartSvg measures what was drawn and fits its viewBox should a font be wider still.
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (/[0-9]/.test(ch)) em += 0.64;
    else if (ch === ' ') em += 0.32;
    else if (ch === '%') em += 0.95;
    else if (/[()/.,:;·'’|-]/.test(ch)) em += 0.4;
    else if (/[MWЖШЩЮмшщжю@]/.test(ch)) em += 0.95;
    else if (ch !== ch.toLowerCase()) em += 0.75;
    else em += 0.62;
  }
  return em * fontSize;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

// The smallest box holding both `base` (the chart's planned drawing area) and `drawn`
// (what was drawn, measured), with `pad` units to spare on a side that had to grow.
// Pure: ChartSvg calls it with the measured bounding box of its content.
export function fitBox(base: Box, drawn: Box | null, pad = 2): Box {
  if (!drawn || !(drawn.width > 0) || !(drawn.height > 0)) return base;
  const x0 = drawn.x < base.x ? drawn.x - pad : base.x;
  const y0 = drawn.y < base.y ? drawn.y - pad : base.y;
  const x1 = drawn.x + drawn.width > base.x + base.width ? drawn.x + drawn.width + pad : base.x + base.width;
  const y1 = drawn.y + drawn.height > base.y + base.height ? drawn.y + drawn.height + pad : base.y + base.height;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export interface BarLayout {
  left: number; // x where the bars start: the names end before it
  right: number; // room right of the longest bar: the value labels ("109 / 102 (107%)") go there
}

// Where a horizontal bar chart's bars go in a drawing `width` units wide: the names get
// the room their widest needs (between 80 units and a third of the width; longer names
// are truncated by the caller), the value labels the room their widest needs, so that no
// label runs off the chart; the bars get the rest (never less than 40% of the width).
export function barLayout(names: string[], values: string[], width: number, fontSize: number): BarLayout {
  const gap = 8; // between a name and the bars, and between the bars and a value
  const widest = (list: string[]) => Math.max(0, ...list.map((s) => textWidth(s, fontSize)));
  const left = Math.min(width / 3, Math.max(80, widest(names) + gap + 2));
  const right = Math.min(width * 0.6 - left, Math.max(40, widest(values) + gap + 4));
  return { left, right: Math.max(0, right) };
}

// The x of each legend entry (a 14-unit swatch, a gap, its label), one after the other
// from 0, each label given the room its text needs.
export function legendXs(labels: string[], fontSize: number): number[] {
  const xs: number[] = [];
  let x = 0;
  for (const label of labels) {
    xs.push(x);
    x += 20 + textWidth(label, fontSize) + 24;
  }
  return xs;
}

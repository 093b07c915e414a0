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

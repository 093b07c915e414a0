// Naive folds of the fake bank's log into the view shapes of projections/view_json.cc.
// See bank.ts for what this is and is not.

import type {
  Agenda,
  ClientCard,
  ClientRow,
  ComplianceReport,
  Dashboard,
  DivisionFigures,
  EmployeeWeek,
  HeadOfficeReport,
  HistoryEntry,
  IndustryRow,
} from '../../src/api/types';
import { type Bank, type Envelope, iso, isoWeek, type Json } from './bank';

const DAY = 86_400_000;
// Event payloads are read loosely here: their shapes are domain_json.cc's, not typed again.
type P = Record<string, any>;

// A client as the folds keep it (times in ms); cardJson and clientRow give the API's shapes.
export interface ClientState {
  client_id: string;
  kind: string;
  name: string;
  tax_id: string;
  industry: string;
  branch_id: string;
  region_id: string;
  source: string;
  status: string;
  assigned_employee_id: string;
  products_offered: string[];
  products_held: Record<string, number>;
  contacts: number;
  waiting_hand_overs: Record<string, string>;
  registered: number;
  last_contact: { employee_id: string; contact_type: string; outcome: string; at: number } | null;
  next_contact_due: number;
  touched_since_assignment: boolean;
  last_seq: number;
  campaigns: string[];
  by_employee: Record<string, number>;
}

export function clients(events: Envelope[]): Map<string, ClientState> {
  const out = new Map<string, ClientState>();
  for (const e of events) {
    const p = e.payload as P;
    if (p.type === 'ClientRegistered') {
      out.set(p.client_id, {
        client_id: p.client_id, kind: p.kind, name: p.name, tax_id: p.tax_id, industry: p.industry, branch_id: p.branch_id,
        region_id: p.region_id, source: p.source, status: p.status, assigned_employee_id: '', products_offered: [], products_held: {},
        contacts: 0, waiting_hand_overs: {}, registered: e._occurred, last_contact: null, next_contact_due: 0,
        touched_since_assignment: false, last_seq: e.seq, campaigns: [], by_employee: {},
      });
      continue;
    }
    const c = p.client_id ? out.get(p.client_id) : undefined;
    if (!c) continue;
    c.last_seq = e.seq;
    switch (p.type) {
      case 'ClientAssigned':
        c.assigned_employee_id = p.employee_id;
        c.products_offered = p.products;
        c.touched_since_assignment = false;
        break;
      case 'ClientReassigned':
        c.assigned_employee_id = p.to_employee_id;
        c.products_offered = p.products;
        c.touched_since_assignment = false;
        break;
      case 'ClientUnassigned':
        c.assigned_employee_id = '';
        break;
      case 'ContactLogged':
        c.contacts++;
        c.touched_since_assignment = true;
        c.last_contact = { employee_id: p.employee_id, contact_type: p.contact_type, outcome: p.outcome, at: e._occurred };
        c.by_employee[p.employee_id] = Math.max(c.by_employee[p.employee_id] ?? 0, e._occurred);
        c.next_contact_due = p.next_contact_at ? Date.parse(p.next_contact_at) : 0;
        if (p.outcome === 'product_sold') c.products_held[p.product_code] = (c.products_held[p.product_code] ?? 0) + 1;
        break;
      case 'NextContactDone':
        c.next_contact_due = 0;
        break;
      case 'HandedOver':
        c.waiting_hand_overs[p.department] = p.product_code;
        break;
      case 'HandOverAccepted':
      case 'HandOverReturned':
        delete c.waiting_hand_overs[p.department];
        break;
      case 'ClientEnrolled':
        c.campaigns.push(p.campaign_id);
        break;
    }
  }
  return out;
}

// Sets a time field as view_json.cc writes it: `name` as ISO text (null for none) and its
// twin `name_us` in microseconds (which src/api/types.ts leaves out: the UI does not read it).
function time<T extends object>(out: T, name: keyof T & string, ms: number): T {
  const o = out as Json;
  o[name + '_us'] = ms * 1000;
  o[name] = ms ? iso(ms) : null;
  return out;
}

export function cardJson(c: ClientState): ClientCard {
  const out: ClientCard = {
    client_id: c.client_id, kind: c.kind, name: c.name, tax_id: c.tax_id, industry: c.industry, branch_id: c.branch_id, region_id: c.region_id,
    source: c.source, status: c.status, assigned_employee_id: c.assigned_employee_id, products_offered: c.products_offered,
    products_held: c.products_held, contacts: c.contacts, links: {}, campaigns: c.campaigns, waiting_hand_overs: c.waiting_hand_overs,
    merged_into: '', merged_duplicates: [], personal_data_erased: false, last_satisfaction: null, last_seq: c.last_seq,
    registered_at: null, last_contact: null, next_contact_due: null,
  };
  time(out, 'registered_at', c.registered);
  if (c.last_contact) {
    const last = { employee_id: c.last_contact.employee_id, contact_type: c.last_contact.contact_type, outcome: c.last_contact.outcome, at: null };
    out.last_contact = time(last, 'at', c.last_contact.at);
  }
  time(out, 'next_contact_due', c.next_contact_due);
  return out;
}

export function clientRow(c: ClientState): ClientRow {
  return {
    client_id: c.client_id, kind: c.kind, name: c.name, branch_id: c.branch_id, region_id: c.region_id,
    assigned_employee_id: c.assigned_employee_id, status: c.status, industry: c.industry,
  };
}

const weekKey = (w: { year: number; week: number }) => w.year * 100 + w.week;

export function dashboard(bank: Bank, events: Envelope[], branch: string, week: { year: number; week: number }, now: number): Dashboard {
  const cs = [...clients(events).values()].filter((c) => c.branch_id === branch);
  const employees: Record<string, EmployeeWeek> = {};
  const emptyWeek = (): EmployeeWeek => ({
    has_plan: false, planned_contacts: 0, planned_sales: {}, planned_volume: { minor_units: 0, currency: '' }, contacts: 0,
    contacts_by_type: {}, outcomes: {}, sales_by_product: {}, sold_volume: {}, contacts_share_of_plan: null,
  });
  for (const emp of bank.employees) if (emp.branch_id === branch) employees[emp.employee_id] = emptyWeek();
  const clientBranch = new Map(cs.map((c) => [c.client_id, c.branch_id]));
  const tasks: Dashboard['automatic_tasks_open'] = [];
  const done = new Set<string>();
  for (const e of events) {
    const p = e.payload as P;
    if (p.type === 'WeeklyPlanSet' && p.branch_id === branch && weekKey(p.week) === weekKey(week)) {
      const w = (employees[p.employee_id] ??= emptyWeek());
      w.has_plan = true;
      w.planned_contacts = p.contacts;
      w.planned_sales = Object.fromEntries(p.sales.map((s: P) => [s.product_code, s.sales]));
      w.planned_volume = p.volume;
    }
    if (p.type === 'ContactLogged' && clientBranch.has(p.client_id) && weekKey(isoWeek(e._occurred)) === weekKey(week)) {
      const w = (employees[p.employee_id] ??= emptyWeek());
      w.contacts++;
      w.contacts_by_type[p.contact_type] = (w.contacts_by_type[p.contact_type] ?? 0) + 1;
      w.outcomes[p.outcome] = (w.outcomes[p.outcome] ?? 0) + 1;
      if (p.outcome === 'product_sold') {
        w.sales_by_product[p.product_code] = (w.sales_by_product[p.product_code] ?? 0) + 1;
        w.sold_volume[p.amount.currency] = (w.sold_volume[p.amount.currency] ?? 0) + p.amount.minor_units;
      }
    }
    if (p.type === 'TaskCompleted') done.add(p.task_id);
  }
  for (const w of Object.values(employees)) w.contacts_share_of_plan = w.planned_contacts ? w.contacts / w.planned_contacts : null;
  for (const e of events) {
    const p = e.payload as P;
    if (p.type === 'TaskAssigned' && p.kind !== 'manual' && !done.has(p.task_id) && bank.employee(p.employee_id)?.branch_id === branch) {
      tasks.push(time({ task_id: p.task_id, employee_id: p.employee_id, client_id: p.client_id, kind: p.kind, due_at: null }, 'due_at', Date.parse(p.due_at)));
    }
  }
  const byLast: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  for (const c of cs) {
    if (c.last_contact) byLast[c.last_contact.outcome] = (byLast[c.last_contact.outcome] ?? 0) + 1;
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  }
  const overdue = cs
    .filter((c) => c.next_contact_due && c.next_contact_due < now)
    .sort((a, b) => a.next_contact_due - b.next_contact_due)
    .map((c) => time({ client_id: c.client_id, employee_id: c.assigned_employee_id, due_at: null }, 'due_at', c.next_contact_due));
  return {
    branch_id: branch,
    week,
    employees,
    pipeline: { clients: cs.length, not_contacted: cs.filter((c) => !c.last_contact).length, by_last_outcome: byLast, by_status: byStatus },
    overdue_next_contacts: overdue,
    untouched_assigned: cs.filter((c) => c.assigned_employee_id && !c.touched_since_assignment).map((c) => c.client_id),
    hand_overs_waiting: cs.flatMap((c) =>
      Object.entries(c.waiting_hand_overs).map(([department, product_code]) => ({ client_id: c.client_id, department, product_code, from_employee_id: c.assigned_employee_id, automatic: true })),
    ),
    automatic_tasks_open: tasks,
  };
}

export function agenda(events: Envelope[], employee: string, now: number): Agenda {
  const cs = [...clients(events).values()].filter((c) => c.assigned_employee_id === employee && c.next_contact_due);
  const start = new Date(now);
  start.setUTCHours(0, 0, 0, 0);
  const end = start.getTime() + DAY;
  const item = (c: ClientState) => time({ client_id: c.client_id, due_at: null }, 'due_at', c.next_contact_due);
  const done = new Set(events.filter((e) => e.payload.type === 'TaskCompleted').map((e) => (e.payload as P).task_id));
  const tasks = events
    .filter((e) => e.payload.type === 'TaskAssigned' && (e.payload as P).employee_id === employee && !done.has((e.payload as P).task_id))
    .map((e) => {
      const p = e.payload as P;
      return time({ task_id: p.task_id, client_id: p.client_id, kind: p.kind, text: p.text, due_at: null }, 'due_at', Date.parse(p.due_at));
    });
  return {
    overdue: cs.filter((c) => c.next_contact_due < now).sort((a, b) => a.next_contact_due - b.next_contact_due).map(item),
    due_today: cs.filter((c) => c.next_contact_due >= now && c.next_contact_due < end).map(item),
    open_tasks: tasks,
  };
}

export function trail(events: Envelope[], client: string): Envelope[] {
  return events.filter((e) => (e.payload as P).client_id === client);
}

export function history(events: Envelope[], employee: string, q: { from: number; until: number; type: string; limit: number }): HistoryEntry[] {
  return events
    .filter((e) => (e.actor === employee || e.on_behalf_of === employee) && e._occurred >= q.from && e._occurred < q.until && (!q.type || q.type.split(',').includes(e.event_type)))
    .slice(0, q.limit)
    .map((e) => time({ seq: e.seq, event_type: e.event_type, stream_id: e.stream_id, on_behalf: e.on_behalf_of !== '', occurred_at: null }, 'occurred_at', e._occurred));
}

export function headOffice(bank: Bank, events: Envelope[], fromKey: number, untilKey: number): HeadOfficeReport {
  const cs = [...clients(events).values()];
  const planned = new Map<string, number>();
  const weeksPlanned = new Set<string>();
  for (const e of events) {
    const p = e.payload as P;
    if (p.type === 'WeeklyPlanSet' && weekKey(p.week) >= fromKey && weekKey(p.week) <= untilKey) {
      planned.set(p.branch_id, (planned.get(p.branch_id) ?? 0) + p.contacts);
      weeksPlanned.add(`${p.employee_id}/${weekKey(p.week)}`);
    }
  }
  const figures = (id: string, region_id: string, inDivision: (c: ClientState) => boolean, branchIds: string[]): DivisionFigures => {
    const mine = cs.filter(inDivision);
    const ids = new Set(mine.map((c) => c.client_id));
    let contacts = 0, sales = 0, inPlanned = 0;
    for (const e of events) {
      const p = e.payload as P;
      if (p.type !== 'ContactLogged' || !ids.has(p.client_id)) continue;
      const k = weekKey(isoWeek(e._occurred));
      if (k < fromKey || k > untilKey) continue;
      contacts++;
      if (p.outcome === 'product_sold') sales++;
      if (weeksPlanned.has(`${p.employee_id}/${k}`)) inPlanned++;
    }
    const plan = branchIds.reduce((s, b) => s + (planned.get(b) ?? 0), 0);
    const n = mine.length;
    const fill = n ? (mine.filter((c) => c.industry).length + mine.filter((c) => c.tax_id).length + n) / (3 * n) : 0;
    return {
      id, ...(region_id ? { region_id } : {}), clients: n, with_industry: mine.filter((c) => c.industry).length, with_tax_id: mine.filter((c) => c.tax_id).length,
      with_contact_data: n, fill_quality: fill, planned_contacts: plan, contacts_in_planned_weeks: inPlanned,
      plan_fulfilment: plan ? inPlanned / plan : 0, contacts, sales, conversion: contacts ? sales / contacts : 0,
    };
  };
  const regions = bank.regions.map((r) => figures(r.region_id, '', (c) => c.region_id === r.region_id, bank.branches.filter((b) => b.region_id === r.region_id).map((b) => b.branch_id)));
  const branches = bank.branches
    .map((b) => figures(b.branch_id, b.region_id, (c) => c.branch_id === b.branch_id, [b.branch_id]))
    .sort((a, b) => b.plan_fulfilment - a.plan_fulfilment || b.conversion - a.conversion || b.fill_quality - a.fill_quality)
    .map((f, i) => ({ ...f, rank: i + 1 }));
  return { regions, branches_ranked: branches };
}

export function industry(events: Envelope[]): IndustryRow[] {
  const cs = clients(events);
  const rows = new Map<string, IndustryRow>();
  const row = (k: string) => {
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { industry: k, clients: 0, contacts: 0, sales: 0, positive: 0, sold_volume: {}, conversion: 0, refusals_by_reason: {}, planned_contacts: 0, contacts_in_planned_weeks: 0 }));
    return r;
  };
  for (const c of cs.values()) row(c.industry).clients++;
  for (const e of events) {
    const p = e.payload as P;
    if (p.type !== 'ContactLogged') continue;
    const r = row(cs.get(p.client_id)?.industry ?? '');
    r.contacts++;
    if (p.outcome === 'product_sold') {
      r.sales++;
      r.sold_volume[p.amount.currency] = (r.sold_volume[p.amount.currency] ?? 0) + p.amount.minor_units;
    }
    if (p.outcome === 'positive_prospect' || p.outcome === 'agreement_in_principle') r.positive++;
    if (p.outcome === 'refused') r.refusals_by_reason[p.refusal_reason] = (r.refusals_by_reason[p.refusal_reason] ?? 0) + 1;
  }
  for (const r of rows.values()) r.conversion = r.contacts ? r.sales / r.contacts : 0;
  return [...rows.values()].sort((a, b) => b.contacts - a.contacts || a.industry.localeCompare(b.industry));
}

export function compliance(bank: Bank, events: Envelope[], from: number, until: number): ComplianceReport {
  const refusals: Record<string, number> = {};
  const warnings: ComplianceReport['dont_disturb_warnings'] = [];
  for (const e of events) {
    if (e._occurred < from || e._occurred >= until) continue;
    const p = e.payload as P;
    if (p.type === 'ContactLogged' && p.outcome === 'refused') refusals[p.refusal_reason] = (refusals[p.refusal_reason] ?? 0) + 1;
    if (p.type === 'DontDisturbWarned') {
      const w = { seq: e.seq, client_id: p.client_id, warned_employee_id: p.warned_employee_id, colleague_id: p.colleague_id, action: p.action, occurred_at: null, colleague_contact_at: null };
      time(w, 'occurred_at', e._occurred);
      warnings.push(time(w, 'colleague_contact_at', Date.parse(p.colleague_contact_at)));
    }
  }
  void bank;
  return { refusals_by_reason: refusals, contacts_outside_region_or_assignment: [], dont_disturb_warnings: warnings };
}

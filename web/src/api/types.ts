// The JSON shapes of Prospekt's HTTP API as this UI reads them.
//
// Where the C++ code fixes a shape, the type follows it and names its source:
// projections/view_json.cc (query results), events/domain_json.cc (events),
// events/envelope_json.cc (envelopes), docs/design/server.md (login, errors, command
// results). Where docs/design/server.md names a route but not its body (organisation,
// clients, employees, chain, viewers), the type is this UI's assumption, listed in
// web/README.md ("What the UI assumes of the server"). Plain data, no behaviour.

import type { Money } from '../lib/money';

export type Role =
  | 'branch_head'
  | 'sales_specialist'
  | 'product_specialist'
  | 'head_office'
  | 'auditor'
  | 'admin';

// POST /api/login → {token, expires_at, principal}; GET /api/me → {principal, start_page}.
export interface Principal {
  login: string;
  employee_id: string;
  roles: Role[];
  branch_id: string;
  region_id: string;
  department_id: string;
  is_program?: boolean;
}

export interface LoginResponse {
  token: string;
  expires_at: string;
  principal: Principal;
}

// Every 4xx/5xx: {"error", "message", "field"}; 409 adds "current_version".
export interface ErrorBody {
  error: string;
  message?: string;
  field?: string;
  current_version?: number;
}

// Every projection query: {"as_of_seq", "head_seq", "result"}.
export interface QueryAnswer<T> {
  as_of_seq: number;
  head_seq: number;
  result: T;
}

// Personal data: the text when clear; {"sealed": true} when the server did not open it;
// "erased" or {"erased": true} after erasure.
export type PersonalText = string | { sealed: true } | { erased: true };

// ---------------------------------------------------------------- assumed shapes

export interface Region {
  region_id: string;
  name: string;
}
export interface Branch {
  branch_id: string;
  region_id: string;
  name: string;
}
export interface Department {
  department_id: string;
  branch_id: string;
  name: string;
}
export interface Product {
  product_code: string;
  name: string;
  owning_department: string;
}
// GET /api/organisation (the field names of RegionOpened, BranchOpened, ... events).
export interface Organisation {
  regions: Region[];
  branches: Branch[];
  departments: Department[];
  products: Product[];
  refusal_reasons: string[];
}

// GET /api/clients: one row of the directory.
export interface ClientRow {
  client_id: string;
  kind: string;
  name: PersonalText;
  branch_id: string;
  region_id: string;
  assigned_employee_id: string;
  status: string;
  industry: string;
}

// GET /api/employees: one row of the directory.
export interface EmployeeRow {
  employee_id: string;
  name: string;
  roles: Role[];
  branch_id: string;
  region_id?: string;
  department_id: string;
  left?: boolean;
}

// GET /api/clients/{id}/viewers: one read of the client's records (RecordViewed).
export interface ViewerRow {
  viewer_login: string;
  viewer_employee_id: string;
  subject_kind: string;
  route: string;
  as_of_seq: number;
  viewed_at: string | null;
}

// GET /api/chain: one entry per log ("events", "access").
export interface ChainLogStatus {
  head_seq: number;
  head_hash: string;
  verified: boolean;
  verified_through_seq?: number;
  checked_at?: string | null;
  message?: string;
}

// ---------------------------------------------------------------- views (view_json.cc)

export interface EmployeeWeek {
  has_plan: boolean;
  planned_contacts: number;
  planned_sales: Record<string, number>;
  planned_volume: Money;
  contacts: number;
  contacts_by_type: Record<string, number>;
  outcomes: Record<string, number>;
  sales_by_product: Record<string, number>;
  sold_volume: Record<string, number>;
  contacts_share_of_plan: number | null;
}

export interface Dashboard {
  branch_id: string;
  week: { year: number; week: number };
  employees: Record<string, EmployeeWeek>;
  pipeline: {
    clients: number;
    not_contacted: number;
    by_last_outcome: Record<string, number>;
    by_status: Record<string, number>;
  };
  overdue_next_contacts: { client_id: string; employee_id: string; due_at: string | null }[];
  untouched_assigned: string[];
  hand_overs_waiting: {
    client_id: string;
    department: string;
    product_code: string;
    from_employee_id: string;
    automatic: boolean;
  }[];
  automatic_tasks_open: {
    task_id: string;
    employee_id: string;
    client_id: string;
    kind: string;
    due_at: string | null;
  }[];
}

// GET /api/clients/{id}/contact-check: the reduced view of a client of one's region.
export interface ContactCheck {
  client_id: string;
  exists: boolean;
  branch_id?: string;
  assigned_employee_id?: string; // empty when unassigned
  last_contact?: { at: string; at_us: number; outcome: string } | null;
}

export interface ClientCard {
  client_id: string;
  kind: string;
  name: PersonalText;
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
  links: Record<string, string>;
  campaigns: string[];
  waiting_hand_overs: Record<string, string>;
  merged_into: string;
  merged_duplicates: string[];
  personal_data_erased: boolean;
  last_satisfaction: number | null;
  last_seq: number;
  registered_at: string | null;
  last_contact: {
    employee_id: string;
    contact_type: string;
    outcome: string;
    at: string | null;
  } | null;
  next_contact_due: string | null;
}

export interface Agenda {
  overdue: { client_id: string; due_at: string | null }[];
  due_today: { client_id: string; due_at: string | null }[];
  open_tasks: { task_id: string; client_id: string; kind: string; text: string; due_at: string | null }[];
}

export interface HistoryEntry {
  seq: number;
  event_type: string;
  stream_id: string; // what the entry was about: "client-<id>", "branch-<id>", ...
  on_behalf: boolean;
  occurred_at: string | null;
}

export interface DivisionFigures {
  id: string;
  region_id?: string;
  clients: number;
  with_industry: number;
  with_tax_id: number;
  with_contact_data: number;
  fill_quality: number;
  planned_contacts: number;
  contacts_in_planned_weeks: number;
  plan_fulfilment: number;
  contacts: number;
  sales: number;
  conversion: number;
  rank?: number;
}

export interface HeadOfficeReport {
  regions: DivisionFigures[];
  branches_ranked: DivisionFigures[];
}

export interface IndustryRow {
  industry: string;
  clients: number;
  contacts: number;
  sales: number;
  positive: number;
  sold_volume: Record<string, number>;
  conversion: number;
  refusals_by_reason: Record<string, number>;
  planned_contacts: number;
  contacts_in_planned_weeks: number;
}

export interface ComplianceReport {
  refusals_by_reason: Record<string, number>;
  contacts_outside_region_or_assignment: {
    seq: number;
    employee_id: string;
    client_id: string;
    outside_region: boolean;
    outside_assignment: boolean;
    occurred_at: string | null;
  }[];
  dont_disturb_warnings: {
    seq: number;
    client_id: string;
    warned_employee_id: string;
    colleague_id: string;
    action: string;
    occurred_at: string | null;
    colleague_contact_at: string | null;
  }[];
}

// ---------------------------------------------------------------- events (envelope_json.cc)

export interface DomainEventJson {
  type: string;
  [field: string]: unknown;
}

export interface Envelope {
  seq: number;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  on_behalf_of: string;
  correlation_id: string;
  causation_id: string;
  idempotency_key: string;
  prev_hash: string;
  payload?: DomainEventJson | unknown;
  payload_hex?: string;
}

// A don't-disturb warning (DontDisturbWarned's fields).
export interface DontDisturbWarning {
  client_id?: string;
  warned_employee_id?: string;
  colleague_id?: string;
  colleague_contact_at?: string | null;
  action?: string;
  message?: string;
}

// POST /api/commands/{Command} → 200.
export interface CommandResult {
  seq: number;
  stream_id: string;
  stream_version: number;
  events: DomainEventJson[];
  warnings: (DontDisturbWarning | string)[];
}

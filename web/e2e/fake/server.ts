// The fake prospektd's HTTP side: the routes of docs/design/server.md's table that the UI
// calls, with bearer tokens, the role gates, the error body {"error","message","field"},
// Idempotency-Key replay, the SSE feed, and web/dist served like `--web`. See bank.ts for
// why it exists. Loopback only, random port; one per test file.

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type {
  ChainLogStatus,
  CommandResult,
  DomainEventJson,
  DontDisturbWarning,
  EmployeeRow,
  ErrorBody,
  LoginResponse,
  Organisation,
  Principal,
  QueryAnswer,
  Role,
  ViewerRow,
} from '../../src/api/types';
import { Bank, type Envelope, type Employee, iso, isoWeek } from './bank';
import * as views from './views';

// Event payloads are read loosely here: their shapes are domain_json.cc's, not typed again.
type P = Record<string, any>;

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field = '') {
    super(message);
  }
}

const deny = (why: string) => new HttpError(403, 'permission_denied', why);
const bad = (field: string, why: string) => new HttpError(400, 'invalid_argument', why, field);
const refuse = (field: string, why: string) => new HttpError(422, 'failed_precondition', why, field);

function parseTime(text: string | null, field: string): number | undefined {
  if (text == null || text === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}Z?)?)?$/.test(text)) throw bad(field, `${field} must be a UTC date or time like 2026-03-02T09:30:00Z, not '${text}'`);
  const ms = Date.parse(text.length === 10 ? text + 'T00:00:00Z' : text.endsWith('Z') ? text : text + 'Z');
  if (Number.isNaN(ms)) throw bad(field, `${field} is not a date`);
  return ms;
}

function parseWeek(text: string, field = 'week'): { year: number; week: number } {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!m) throw bad(field, `week must be an ISO week like 2026-W10, not '${text}'`);
  return { year: Number(m[1]), week: Number(m[2]) };
}

// Strict body reading: unknown fields and wrong types are 400 naming the field.
function fields(body: unknown, spec: Record<string, 'string' | 'string?' | 'array' | 'array?' | 'number' | 'object?' | 'object' | 'bool?'>): P {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('', 'the body must be a JSON object');
  const b = body as P;
  for (const k of Object.keys(b)) if (!(k in spec)) throw bad(k, `unknown field ${k}`);
  for (const [k, kind] of Object.entries(spec)) {
    const optional = kind.endsWith('?');
    const base = kind.replace('?', '');
    if (b[k] === undefined || b[k] === null) {
      if (!optional) throw bad(k, `${k} is required`);
      continue;
    }
    const ok = base === 'array' ? Array.isArray(b[k]) : base === 'bool' ? typeof b[k] === 'boolean' : typeof b[k] === base;
    if (!ok) throw bad(k, `${k} must be ${base === 'array' ? 'an array' : 'a ' + base}`);
  }
  return b;
}

export interface FakeProspekt {
  url: string;
  bank: Bank;
  close: () => Promise<void>;
}

export async function startFakeProspekt(distDir: string): Promise<FakeProspekt> {
  const bank = new Bank(() => Date.now());
  const tokens = new Map<string, Employee>();
  const replies = new Map<string, { status: number; body: string }>();
  const dist = resolve(distDir);
  const feeds = new Set<ServerResponse>();

  // Only employees with a login get a token, so `login` is there.
  const principalOf = (e: Employee): Principal => ({ login: e.login ?? '', employee_id: e.employee_id, roles: e.roles, branch_id: e.branch_id, region_id: e.region_id, department_id: e.department_id });
  const has = (u: Employee, ...roles: Role[]) => roles.some((r) => u.roles.includes(r));

  function asOf(q: URLSearchParams, u: Employee): { seq: number; now: number } {
    const head = bank.head;
    const seqText = q.get('as_of_seq');
    const at = parseTime(q.get('as_of'), 'as_of');
    if ((seqText || at !== undefined) && !has(u, 'auditor', 'head_office', 'branch_head')) throw deny('as-of queries are for auditors, head office and branch heads');
    if (seqText) {
      if (!/^\d+$/.test(seqText)) throw bad('as_of_seq', 'as_of_seq must be a number');
      return { seq: Math.min(Number(seqText), head), now: Date.now() };
    }
    if (at !== undefined) return { seq: bank.seqAtTime(at), now: at };
    return { seq: head, now: Date.now() };
  }

  const answer = <T>(seq: number, result: T): QueryAnswer<T> => ({ as_of_seq: seq, head_seq: bank.head, result });
  const publicEnvelope = (e: Envelope) => {
    const { _occurred, _recorded, ...rest } = e;
    void _occurred;
    void _recorded;
    return rest;
  };

  function allowed(query: URLSearchParams, names: string[]): void {
    for (const k of query.keys()) if (!names.includes(k)) throw bad(k, `unknown parameter ${k}`);
  }

  function mayReadClient(u: Employee, c: views.ClientState | undefined, what: 'card' | 'trail'): void {
    if (!c) throw new HttpError(404, 'not_found', 'no such client', 'client_id');
    if (has(u, 'auditor', 'head_office')) return;
    if (has(u, 'branch_head') && u.branch_id === c.branch_id) return;
    if (has(u, 'sales_specialist') && c.assigned_employee_id === u.employee_id) return;
    if (what === 'card' && has(u, 'product_specialist') && c.waiting_hand_overs[u.department_id] !== undefined && c.branch_id === u.branch_id) return;
    throw deny(`${u.login} may not read client ${c.client_id}`);
  }

  function recordView(u: Employee, kind: string, subject: string, route: string, seq: number): void {
    bank.views.push({ at: Date.now(), viewer_login: u.login ?? '', viewer_employee_id: u.employee_id, subject_kind: kind, subject_id: subject, route, as_of_seq: seq === bank.head ? 0 : seq });
  }

  function command(u: Employee, name: string, body: unknown, key: string): CommandResult {
    const now = Date.now();
    const cs = views.clients(bank.events());
    const client = (id: string) => {
      const c = cs.get(id);
      if (!c) throw new HttpError(404, 'not_found', `no client ${id}`, 'client_id');
      return c;
    };
    const headOf = (c: views.ClientState) => {
      if (!(has(u, 'branch_head') && u.branch_id === c.branch_id)) throw deny(`only the head of ${c.branch_id} may do this`);
    };
    const appended: Envelope[] = [];
    const warnings: DontDisturbWarning[] = [];
    const put = (stream: string, payload: P, extra: { occurred?: number } = {}) => appended.push(bank.append(stream, u.employee_id, extra.occurred ?? now, payload as DomainEventJson, { key }));
    switch (name) {
      case 'LogContact': {
        const b = fields(body, { client_id: 'string', type: 'string', outcome: 'string', occurred_at: 'string', product_code: 'string?', amount: 'object?', refusal_reason: 'string?', refusal_text: 'string?', note: 'string?', next_contact_at: 'string?' });
        const c = client(b.client_id);
        if (!has(u, 'sales_specialist') || c.assigned_employee_id !== u.employee_id) throw deny(`only the employee client ${c.client_id} is assigned to, or their deputy, logs its contacts`);
        if (!['post', 'email', 'phone', 'meeting'].includes(b.type)) throw bad('type', `unknown contact type ${b.type}`);
        if (!['product_sold', 'refused', 'positive_prospect', 'unclear_prospect', 'contract_terminated', 'agreement_in_principle'].includes(b.outcome)) throw bad('outcome', `unknown outcome ${b.outcome}`);
        const occurred = parseTime(b.occurred_at, 'occurred_at')!;
        const next = parseTime(b.next_contact_at ?? null, 'next_contact_at');
        if (b.outcome === 'refused' && !b.refusal_reason) throw new HttpError(422, 'invalid_argument', 'a refusal needs a reason', 'refusal_reason');
        if (b.refusal_reason && !bank.refusalReasons.includes(b.refusal_reason)) throw bad('refusal_reason', `unknown refusal reason ${b.refusal_reason}`);
        if (b.outcome === 'product_sold' && !b.product_code) throw new HttpError(422, 'invalid_argument', 'a sale needs a product', 'product_code');
        if (b.outcome === 'product_sold' && !(b.amount?.minor_units > 0)) throw new HttpError(422, 'invalid_argument', 'a sale needs a positive amount', 'amount');
        if (b.product_code && !bank.products.some((p) => p.product_code === b.product_code)) throw new HttpError(404, 'not_found', `no product ${b.product_code}`, 'product_code');
        if (occurred > now) throw new HttpError(422, 'invalid_argument', 'a contact cannot occur in the future', 'occurred_at_us');
        if (occurred < c.registered) throw refuse('occurred_at_us', 'a contact cannot occur before the client was registered');
        if (next !== undefined && next < occurred) throw new HttpError(422, 'invalid_argument', 'the next contact cannot be agreed for the past', 'next_contact_at_us');
        put(`client-${c.client_id}`, {
          type: 'ContactLogged', client_id: c.client_id, employee_id: c.assigned_employee_id, contact_type: b.type, outcome: b.outcome,
          product_code: b.product_code ?? '', amount: b.amount ?? { minor_units: 0, currency: '' }, refusal_reason: b.refusal_reason ?? 'rate_too_high',
          refusal_text: b.refusal_text ?? '', note: b.note ?? '', next_contact_at: next ? iso(next) : null,
        }, { occurred });
        let colleague: [string, number] | null = null;
        for (const [emp, at] of Object.entries(c.by_employee)) {
          if (emp === u.employee_id || at < occurred - 7 * 86_400_000 || at > occurred) continue;
          if (!colleague || at > colleague[1]) colleague = [emp, at];
        }
        if (colleague) {
          const w = { type: 'DontDisturbWarned', client_id: c.client_id, warned_employee_id: u.employee_id, colleague_id: colleague[0], colleague_contact_at: iso(colleague[1]), action: 'contact' };
          put(`client-${c.client_id}`, w, { occurred });
          const { type, ...rest } = w;
          void type;
          warnings.push(rest);
        }
        const interested = b.outcome === 'positive_prospect' || b.outcome === 'agreement_in_principle';
        const dept = bank.products.find((p) => p.product_code === b.product_code)?.owning_department;
        if (interested && dept && dept !== u.department_id) put(`client-${c.client_id}`, { type: 'HandedOver', client_id: c.client_id, department: dept, product_code: b.product_code, from_employee_id: u.employee_id, automatic: true }, { occurred });
        break;
      }
      case 'AssignClient': {
        const b = fields(body, { client_id: 'string', employee_id: 'string', products: 'array?' });
        const c = client(b.client_id);
        headOf(c);
        if (c.assigned_employee_id) throw refuse('client_id', `client ${c.client_id} is assigned to ${c.assigned_employee_id}; reassign instead`);
        put(`client-${c.client_id}`, { type: 'ClientAssigned', client_id: c.client_id, employee_id: b.employee_id, products: b.products ?? [] });
        break;
      }
      case 'ReassignClient': {
        const b = fields(body, { client_id: 'string', from_employee_id: 'string', to_employee_id: 'string', products: 'array?' });
        const c = client(b.client_id);
        headOf(c);
        if (c.assigned_employee_id !== b.from_employee_id) throw refuse('from_employee_id', `client ${c.client_id} is not assigned to ${b.from_employee_id}`);
        put(`client-${c.client_id}`, { type: 'ClientReassigned', client_id: c.client_id, from_employee_id: b.from_employee_id, to_employee_id: b.to_employee_id, products: b.products ?? [] });
        break;
      }
      case 'SetWeeklyPlan': {
        const b = fields(body, { employee_id: 'string', week: 'string', contacts: 'number', sales: 'array?', volume: 'object?' });
        const emp = bank.employee(b.employee_id);
        if (!emp) throw new HttpError(404, 'not_found', `no employee ${b.employee_id}`, 'employee_id');
        if (!(has(u, 'branch_head') && u.branch_id === emp.branch_id)) throw deny(`only the head of ${emp.branch_id} sets plans`);
        (b.sales ?? []).forEach((s: P, i: number) => {
          if (!bank.products.some((p) => p.product_code === s.product_code)) throw new HttpError(404, 'not_found', `no product ${s.product_code}`, `sales[${i}].product_code`);
        });
        put(`employee-${emp.employee_id}`, { type: 'WeeklyPlanSet', employee_id: emp.employee_id, branch_id: emp.branch_id, week: parseWeek(b.week), contacts: b.contacts, sales: b.sales ?? [], volume: b.volume ?? { minor_units: 0, currency: '' } });
        break;
      }
      case 'LaunchCampaign': {
        const b = fields(body, { campaign_id: 'string', branch_id: 'string', name: 'string', products: 'array', from: 'string', until: 'string' });
        if (!(has(u, 'branch_head') && u.branch_id === b.branch_id)) throw deny(`only the head of ${b.branch_id} launches its campaigns`);
        if (bank.streamVersion(`campaign-${b.campaign_id}`) > 0) throw new HttpError(409, 'aborted', `campaign ${b.campaign_id} exists`, 'campaign_id');
        const from = parseTime(b.from, 'from')!;
        const until = parseTime(b.until, 'until')!;
        if (until <= from) throw new HttpError(422, 'invalid_argument', 'a campaign ends after it starts', 'until');
        put(`campaign-${b.campaign_id}`, { type: 'CampaignLaunched', campaign_id: b.campaign_id, branch_id: b.branch_id, name: b.name, products: b.products, from: iso(from), until: iso(until) });
        break;
      }
      case 'EnrollClient': {
        const b = fields(body, { campaign_id: 'string', client_id: 'string' });
        const c = client(b.client_id);
        if (u.branch_id !== c.branch_id) throw deny('staff of the campaign branch enrol');
        put(`campaign-${b.campaign_id}`, { type: 'ClientEnrolled', campaign_id: b.campaign_id, client_id: c.client_id });
        break;
      }
      case 'CompleteNextContact': {
        const b = fields(body, { client_id: 'string' });
        const c = client(b.client_id);
        if (c.assigned_employee_id !== u.employee_id) throw deny('only the assignee');
        if (!c.next_contact_due) throw refuse('client_id', 'no next contact is open');
        put(`client-${c.client_id}`, { type: 'NextContactDone', client_id: c.client_id, due_at: iso(c.next_contact_due) });
        break;
      }
      case 'AcceptHandOver':
      case 'ReturnHandOver': {
        const b = fields(body, name === 'AcceptHandOver' ? { client_id: 'string', department: 'string' } : { client_id: 'string', department: 'string', reason: 'string' });
        const c = client(b.client_id);
        if (!(has(u, 'product_specialist') && u.department_id === b.department && u.branch_id === c.branch_id)) throw deny('a specialist of the receiving department');
        if (c.waiting_hand_overs[b.department] === undefined) throw refuse('department', 'no hand-over is waiting there');
        put(`client-${c.client_id}`, name === 'AcceptHandOver' ? { type: 'HandOverAccepted', client_id: c.client_id, department: b.department, specialist_id: u.employee_id } : { type: 'HandOverReturned', client_id: c.client_id, department: b.department, reason: b.reason });
        break;
      }
      default:
        throw new HttpError(404, 'not_found', `no command ${name}`);
    }
    const last = appended.at(-1)!;
    return { seq: last.seq, stream_id: last.stream_id, stream_version: last.stream_version, events: appended.map((e) => e.payload), warnings };
  }

  function route(req: IncomingMessage, url: URL, u: Employee | null, body: unknown): { status?: number; json?: unknown; text?: string; type?: string } {
    const path = url.pathname;
    const q = url.searchParams;
    const m = (re: RegExp) => re.exec(path);
    if (path === '/api/login' && req.method === 'POST') {
      const b = fields(body, { login: 'string', password: 'string' });
      const e = bank.employees.find((x) => x.login === b.login);
      if (!e || b.password !== 'prospekt-demo') throw new HttpError(401, 'unauthenticated', 'wrong login or password');
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, e);
      const login: LoginResponse = { token, expires_at: iso(Date.now() + 12 * 3_600_000), principal: principalOf(e) };
      return { json: login };
    }
    if (!u) throw new HttpError(401, 'unauthenticated', 'a bearer token is required');
    if (path === '/api/logout' && req.method === 'POST') {
      const token = (req.headers.authorization ?? '').slice(7);
      tokens.delete(token);
      return { status: 204 };
    }
    if (req.method === 'POST') {
      const c = m(/^\/api\/commands\/(\w+)$/);
      if (!c) throw new HttpError(404, 'not_found', 'no route');
      return { json: command(u, c[1]!, body, String(req.headers['idempotency-key'] ?? '')) };
    }
    if (req.method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'wrong method');
    if (path === '/api/me') return { json: { principal: principalOf(u) } };
    if (path === '/api/organisation') {
      return { json: answer<Organisation>(bank.head, { regions: bank.regions, branches: bank.branches, departments: bank.departments, products: bank.products, refusal_reasons: bank.refusalReasons }) };
    }
    if (path === '/api/clients') {
      allowed(q, ['branch', 'assigned_to', 'q', 'limit', 'ids']);
      const ids = q.get('ids');
      if (ids !== null) {
        for (const other of ['branch', 'assigned_to', 'q', 'limit']) {
          if (q.has(other)) throw bad('ids', `ids names the clients itself: it takes no ${other}`);
        }
        const wanted = ids.split(',');
        if (wanted.some((id) => id === '')) throw bad('ids', 'ids must be client ids separated by commas, none empty');
        if (!has(u, 'head_office', 'auditor')) throw deny(`${u.login} may not list every client`);
        const known = views.clients(bank.events());
        const rows = [...new Set(wanted)].sort().flatMap((id) => (known.has(id) ? [known.get(id)!] : []));
        return { json: answer(bank.head, { clients: rows.map(views.clientRow), truncated: false }) };
      }
      let branch = q.get('branch') ?? '';
      const assigned = q.get('assigned_to') ?? '';
      if (!has(u, 'head_office', 'auditor')) {
        if (has(u, 'sales_specialist') && !has(u, 'branch_head')) {
          if (assigned !== u.employee_id) throw deny('a sales specialist lists only their own clients');
        } else {
          if (branch && branch !== u.branch_id) throw deny(`${u.login} may not list clients of ${branch}`);
          branch = u.branch_id;
        }
      }
      const text = (q.get('q') ?? '').toLowerCase();
      const limit = Number(q.get('limit') ?? '100');
      const rows = [...views.clients(bank.events()).values()].filter(
        (c) => (!branch || c.branch_id === branch) && (!assigned || c.assigned_employee_id === assigned) && (!text || c.name.toLowerCase().includes(text) || c.client_id.includes(text) || c.tax_id.includes(text)),
      );
      return { json: answer(bank.head, { clients: rows.slice(0, limit).map(views.clientRow), truncated: rows.length > limit }) };
    }
    if (path === '/api/employees') {
      allowed(q, ['branch']);
      const branch = q.get('branch') ?? '';
      if (!has(u, 'head_office', 'auditor', 'admin') && !(has(u, 'branch_head') && branch === u.branch_id)) throw deny('employees are listed for head office, auditors, admins and the branch head');
      return { json: answer<EmployeeRow[]>(bank.head, bank.employees.filter((e) => !branch || e.branch_id === branch).map(({ login, ...e }) => (void login, e))) };
    }
    let r = m(/^\/api\/branches\/([^/]+)\/dashboard$/);
    if (r) {
      allowed(q, ['week', 'now', 'as_of', 'as_of_seq', 'min_seq']);
      const branch = decodeURIComponent(r[1]!);
      if (!bank.branches.some((b) => b.branch_id === branch)) throw new HttpError(404, 'not_found', `no branch ${branch}`);
      if (!has(u, 'head_office', 'auditor') && !(has(u, 'branch_head') && u.branch_id === branch)) throw deny(`${u.login} may not see the dashboard of ${branch}`);
      const { seq, now } = asOf(q, u);
      const at = parseTime(q.get('now'), 'now') ?? now;
      const week = q.get('week') ? parseWeek(q.get('week')!) : isoWeek(at);
      return { json: answer(seq, views.dashboard(bank, bank.events(seq), branch, week, at)) };
    }
    r = m(/^\/api\/clients\/([^/]+)\/(card|trail|viewers|contact-check)$/);
    if (r) {
      const id = decodeURIComponent(r[1]!);
      const what = r[2]!;
      if (what === 'viewers') {
        allowed(q, ['from', 'until']);
        if (!has(u, 'auditor', 'head_office')) throw deny('who viewed a client is for auditors and head office');
        const from = parseTime(q.get('from'), 'from') ?? 0;
        const until = parseTime(q.get('until'), 'until') ?? Number.MAX_SAFE_INTEGER;
        const rows: ViewerRow[] = bank.views.filter((v) => v.subject_id === id && v.at >= from && v.at < until).map(({ at, subject_id, ...v }) => (void subject_id, { ...v, viewed_at: iso(at) }));
        return { json: answer(bank.head, rows) };
      }
      if (what === 'contact-check') {
        const c = views.clients(bank.events()).get(id);
        if (!c) return { json: answer(bank.head, { client_id: id, exists: false }) };
        if (!has(u, 'auditor', 'head_office') && u.region_id !== c.region_id) throw deny('staff of the client region only');
        const last = c.last_contact ? { at: iso(c.last_contact.at), at_us: c.last_contact.at * 1000, outcome: c.last_contact.outcome } : null;
        return { json: answer(bank.head, { client_id: id, exists: true, branch_id: c.branch_id, assigned_employee_id: c.assigned_employee_id, last_contact: last }) };
      }
      allowed(q, ['as_of', 'as_of_seq', 'min_seq']);
      const current = views.clients(bank.events()).get(id);
      mayReadClient(u, current, what as 'card' | 'trail');
      const { seq } = asOf(q, u);
      recordView(u, what, id, `/api/clients/{id}/${what}`, seq);
      if (what === 'card') {
        const c = views.clients(bank.events(seq)).get(id);
        if (!c) throw new HttpError(404, 'not_found', `no client ${id} as of seq ${seq}`, 'client');
        return { json: answer(seq, views.cardJson(c)) };
      }
      return { json: answer(seq, views.trail(bank.events(seq), id).map(publicEnvelope)) };
    }
    r = m(/^\/api\/employees\/([^/]+)\/(agenda|history)$/);
    if (r) {
      const id = decodeURIComponent(r[1]!);
      const emp = bank.employee(id);
      if (!emp) throw new HttpError(404, 'not_found', `no employee ${id}`);
      const ok = id === u.employee_id || has(u, 'head_office', 'auditor') || (has(u, 'branch_head') && u.branch_id === emp.branch_id);
      if (!ok) throw deny(`${u.login} may not read the ${r[2]} of ${id}`);
      if (r[2] === 'agenda') {
        allowed(q, ['now']);
        return { json: answer(bank.head, views.agenda(bank.events(), id, parseTime(q.get('now'), 'now') ?? Date.now())) };
      }
      allowed(q, ['from', 'until', 'type', 'limit', 'as_of_seq']);
      const { seq } = asOf(q, u);
      recordView(u, 'history', id, '/api/employees/{id}/history', seq);
      return {
        json: answer(seq, views.history(bank.events(seq), id, { from: parseTime(q.get('from'), 'from') ?? 0, until: parseTime(q.get('until'), 'until') ?? Number.MAX_SAFE_INTEGER, type: q.get('type') ?? '', limit: Number(q.get('limit') ?? '1000') })),
      };
    }
    if (path === '/api/reports/head-office' || path === '/api/reports/industry' || path === '/api/reports/compliance') {
      if (!has(u, 'head_office', 'auditor')) throw deny('reports are for head office and auditors');
      const { seq } = asOf(q, u);
      if (path.endsWith('head-office')) {
        allowed(q, ['from_week', 'until_week', 'as_of']);
        const f = q.get('from_week') ? parseWeek(q.get('from_week')!, 'from_week') : null;
        const un = q.get('until_week') ? parseWeek(q.get('until_week')!, 'until_week') : null;
        return { json: answer(seq, views.headOffice(bank, bank.events(seq), f ? f.year * 100 + f.week : 0, un ? un.year * 100 + un.week : 99999999)) };
      }
      if (path.endsWith('industry')) {
        allowed(q, ['as_of']);
        return { json: answer(seq, views.industry(bank.events(seq))) };
      }
      allowed(q, ['from', 'until', 'as_of']);
      return { json: answer(seq, views.compliance(bank, bank.events(seq), parseTime(q.get('from'), 'from') ?? 0, parseTime(q.get('until'), 'until') ?? Number.MAX_SAFE_INTEGER)) };
    }
    if (path === '/api/chain') {
      if (!has(u, 'auditor', 'head_office', 'admin')) throw deny('the chain status is for auditors, head office and admins');
      const chain: Record<string, ChainLogStatus> = {
        events: { head_seq: bank.head, head_hash: bank.headHash, verified: true, verified_through_seq: bank.head, checked_at: iso(Date.now()) },
        access: { head_seq: bank.views.length, head_hash: 'ab'.repeat(32), verified: true },
      };
      return { json: chain };
    }
    if (path === '/api/export') {
      allowed(q, ['from', 'to', 'format']);
      if (!has(u, 'auditor')) throw deny('export is for auditors');
      const from = parseTime(q.get('from'), 'from') ?? 0;
      const to = parseTime(q.get('to'), 'to') ?? Number.MAX_SAFE_INTEGER;
      const format = q.get('format') ?? 'jsonl';
      if (format !== 'jsonl' && format !== 'csv') throw bad('format', 'format must be jsonl or csv');
      const rows = bank.log.filter((e) => e._recorded >= from && e._recorded < to).map(publicEnvelope);
      if (format === 'jsonl') return { text: rows.map((r) => JSON.stringify(r)).join('\n') + '\n', type: 'application/x-ndjson' };
      return { text: 'seq,event_type,occurred_at,actor\r\n' + rows.map((r) => `${r.seq},${r.event_type},${r.occurred_at},${r.actor}`).join('\r\n') + '\r\n', type: 'text/csv' };
    }
    throw new HttpError(404, 'not_found', `no route ${path}`);
  }

  function feed(res: ServerResponse, url: URL, u: Employee): void {
    if (!has(u, 'auditor', 'head_office')) throw deny('the feed is for auditors and head office');
    const from = Number(url.searchParams.get('from') ?? '1');
    const types = (url.searchParams.get('types') ?? '').split(',').filter(Boolean);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    const send = (e: Envelope) => {
      if (types.length && !types.includes(e.event_type)) return;
      res.write(`id: ${e.seq}\nevent: ${e.event_type}\ndata: ${JSON.stringify(publicEnvelope(e))}\n\n`);
    };
    for (const e of bank.log) if (e.seq >= from) send(e);
    res.write(': live\n\n');
    const unsubscribe = bank.subscribe(send);
    feeds.add(res);
    // The response's close, not the request's: a request closes once its body is read.
    res.on('close', () => {
      unsubscribe();
      feeds.delete(res);
    });
  }

  // GET /api/branches/{id}/changes: a notice per event (the fake does not tell branches
  // apart), for whoever may read the branch's dashboard.
  function changes(res: ServerResponse, url: URL, u: Employee, branch: string): void {
    if (!has(u, 'head_office', 'auditor') && !(has(u, 'branch_head') && u.branch_id === branch)) throw deny(`${u.login} may not see the dashboard of ${branch}`);
    const from = Number(url.searchParams.get('from') ?? String(bank.head + 1));
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    const notice = (seq: number) => res.write(`id: ${seq}\nevent: change\ndata: {"seq":${seq}}\n\n`);
    if (bank.head >= from) notice(bank.head);
    // A comment, so that Node sends the headers now: until then the browser's fetch waits
    // (the real server answers the headers at once too).
    else res.write(': live\n\n');
    const unsubscribe = bank.subscribe((e) => notice(e.seq));
    feeds.add(res);
    res.on('close', () => {
      unsubscribe();
      feeds.delete(res);
    });
  }

  function serveFile(res: ServerResponse, path: string): void {
    const index = join(dist, 'index.html');
    let file = normalize(join(dist, decodeURIComponent(path)));
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) file = index;
    const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        if (!url.pathname.startsWith('/api') && !url.pathname.startsWith('/feed')) return serveFile(res, url.pathname);
        const auth = req.headers.authorization ?? '';
        const user = auth.startsWith('Bearer ') ? tokens.get(auth.slice(7)) ?? null : null;
        if (url.pathname === '/feed') {
          if (!user) throw new HttpError(401, 'unauthenticated', 'a bearer token is required');
          return feed(res, url, user);
        }
        const changesOf = /^\/api\/branches\/([^/]+)\/changes$/.exec(url.pathname);
        if (changesOf) {
          if (!user) throw new HttpError(401, 'unauthenticated', 'a bearer token is required');
          return changes(res, url, user, decodeURIComponent(changesOf[1] ?? ''));
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        if (raw) {
          try {
            body = JSON.parse(raw);
          } catch {
            throw bad('', 'malformed JSON');
          }
        }
        const key = req.method === 'POST' && user ? `${user.employee_id} ${url.pathname} ${req.headers['idempotency-key'] ?? ''}` : '';
        if (key && req.headers['idempotency-key'] && replies.has(key)) {
          const r = replies.get(key)!;
          res.writeHead(r.status, { 'Content-Type': 'application/json' });
          return res.end(r.body);
        }
        const out = route(req, url, user, body);
        if (out.text !== undefined) {
          res.writeHead(200, { 'Content-Type': out.type ?? 'text/plain', 'Content-Disposition': `attachment; filename="prospekt-export.${url.searchParams.get('format') ?? 'jsonl'}"` });
          return res.end(out.text);
        }
        const text = out.json === undefined ? '' : JSON.stringify(out.json);
        if (key && req.headers['idempotency-key']) replies.set(key, { status: out.status ?? 200, body: text });
        res.writeHead(out.status ?? 200, { 'Content-Type': 'application/json' });
        res.end(text);
      } catch (e) {
        const err = e instanceof HttpError ? e : new HttpError(500, 'internal', String((e as Error)?.stack ?? e));
        res.writeHead(err.status, { 'Content-Type': 'application/json' });
        const body: ErrorBody = { error: err.code, message: err.message, field: err.field };
        res.end(JSON.stringify(body));
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bank,
    close: () =>
      new Promise<void>((ok) => {
        for (const f of feeds) f.end();
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

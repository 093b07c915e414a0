// A tiny bank for the UI's browser tests before prospektd exists: an in-memory event log
// in the shapes of events/envelope_json.cc and events/domain_json.cc, and naive folds of
// it into the query results of projections/view_json.cc. Every query folds the log up to
// its as-of seq, so "as of" is exact by construction. It implements the documented
// contract as web/README.md reads it — it is NOT prospektd, decides far less than the
// domain does, and exists only so that the UI's tests run now; with PROSPEKT_URL set the
// same tests run against the real server instead.

import { createHash } from 'node:crypto';
import type { Branch, Department, DomainEventJson, EmployeeRow, Envelope as ApiEnvelope, Product, Region, Role, ViewerRow } from '../../src/api/types';

export type Json = Record<string, unknown>;

// An entry of the log: the API's envelope (src/api/types.ts), its payload always decoded,
// with its times in ms for folding (not sent: server.ts's publicEnvelope drops them).
export interface Envelope extends Omit<ApiEnvelope, 'payload' | 'payload_hex'> {
  payload: DomainEventJson;
  _occurred: number;
  _recorded: number;
}

// A member of staff: the API's employee row, with the login of the demo users.
export interface Employee extends EmployeeRow {
  region_id: string;
  login?: string;
}

// A read of a client's or an employee's records: the viewers route's row, before it is
// filtered by subject and its time formatted.
export type View = Omit<ViewerRow, 'viewed_at'> & { at: number; subject_id: string };

const DAY = 86_400_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function isoWeek(ms: number): { year: number; week: number } {
  const d = new Date(ms);
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const wd = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - wd);
  const year = day.getUTCFullYear();
  return { year, week: Math.floor((day.getTime() - Date.UTC(year, 0, 1)) / DAY / 7) + 1 };
}

export class Bank {
  readonly log: Envelope[] = [];
  readonly employees: Employee[] = [];
  readonly regions: Region[] = [
    { region_id: 'r01', name: 'Центральный регион' },
    { region_id: 'r02', name: 'Северо-Западный регион' },
  ];
  readonly branches: Branch[] = [
    { branch_id: 'r01-b01', region_id: 'r01', name: 'Москва, офис 1' },
    { branch_id: 'r01-b02', region_id: 'r01', name: 'Тверь, офис 2' },
    { branch_id: 'r02-b01', region_id: 'r02', name: 'Санкт-Петербург, офис 1' },
  ];
  readonly departments: Department[] = this.branches.flatMap((b) =>
    ['sales', 'loans', 'deposits', 'cards'].map((d) => ({ department_id: d, branch_id: b.branch_id, name: d })),
  );
  readonly products: Product[] = [
    { product_code: 'deposit', name: 'Вклад', owning_department: 'deposits' },
    { product_code: 'loan', name: 'Кредит', owning_department: 'loans' },
    { product_code: 'mortgage', name: 'Ипотека', owning_department: 'loans' },
    { product_code: 'card', name: 'Карта', owning_department: 'cards' },
    { product_code: 'salary_project', name: 'Зарплатный проект', owning_department: 'sales' },
  ];
  readonly refusalReasons = ['rate_too_high', 'served_by_another_bank', 'no_need_now', 'collateral_lacking', 'terms_unsuitable', 'declined_to_talk', 'other'];
  readonly views: View[] = [];
  private listeners = new Set<(e: Envelope) => void>();
  private versions = new Map<string, number>();
  private prevHash = '0'.repeat(64);

  constructor(readonly now: () => number) {
    this.seed();
  }

  subscribe(fn: (e: Envelope) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get head(): number {
    return this.log.length;
  }

  get headHash(): string {
    return this.prevHash;
  }

  append(stream: string, actor: string, occurred: number, payload: DomainEventJson, extra: { on_behalf_of?: string; key?: string; recorded?: number } = {}): Envelope {
    const version = (this.versions.get(stream) ?? 0) + 1;
    this.versions.set(stream, version);
    const recorded = extra.recorded ?? Math.max(this.now(), this.log.at(-1)?._recorded ?? 0);
    const e: Envelope = {
      seq: this.log.length + 1,
      stream_id: stream,
      stream_version: version,
      event_type: payload.type,
      schema_version: 1,
      occurred_at: iso(occurred),
      recorded_at: iso(recorded),
      actor,
      on_behalf_of: extra.on_behalf_of ?? '',
      correlation_id: '',
      causation_id: '',
      idempotency_key: extra.key ?? '',
      prev_hash: this.prevHash,
      payload,
      _occurred: occurred,
      _recorded: recorded,
    };
    this.prevHash = createHash('sha256').update(this.prevHash + JSON.stringify(payload)).digest('hex');
    this.log.push(e);
    for (const l of this.listeners) l(e);
    return e;
  }

  streamVersion(stream: string): number {
    return this.versions.get(stream) ?? 0;
  }

  seqAtTime(ms: number): number {
    let seq = 0;
    for (const e of this.log) if (e._recorded <= ms) seq = e.seq;
    return seq;
  }

  events(asOf = this.head): Envelope[] {
    return this.log.slice(0, asOf);
  }

  employee(id: string): Employee | undefined {
    return this.employees.find((e) => e.employee_id === id);
  }

  // ---------------------------------------------------------------- the seed

  // The seed's events, appended in business-time order at the end of seed(), so that
  // recorded_at follows occurred_at as in prospekt's demo bank.
  private seed(): void {
    const queue: [string, string, number, DomainEventJson][] = [];
    const real = this.append.bind(this);
    this.append = ((stream: string, actor: string, occurred: number, payload: DomainEventJson) => {
      queue.push([stream, actor, occurred, payload]);
      return undefined as unknown as Envelope;
    }) as typeof this.append;
    this.seedEvents();
    this.append = real;
    queue.sort((a, b) => a[2] - b[2]);
    for (const [stream, actor, occurred, payload] of queue) this.append(stream, actor, occurred, payload, { recorded: occurred });
  }

  private seedEvents(): void {
    const now = this.now();
    const t0 = now - 30 * DAY;
    const hire = (employee_id: string, name: string, roles: Role[], branch_id: string, department_id: string, login?: string) => {
      const region_id = this.branches.find((b) => b.branch_id === branch_id)?.region_id ?? '';
      this.employees.push({ employee_id, name, roles, branch_id, region_id, department_id, ...(login ? { login } : {}) });
      this.append(`employee-${employee_id}`, 'system', t0, { type: 'EmployeeHired', employee_id, name, roles, branch_id, department_id });
    };
    for (const r of this.regions) this.append(`region-${r.region_id}`, 'system', t0, { type: 'RegionOpened', ...r });
    for (const b of this.branches) this.append(`branch-${b.branch_id}`, 'system', t0, { type: 'BranchOpened', ...b });
    for (const p of this.products) this.append(`product-${p.product_code}`, 'system', t0, { type: 'ProductDefined', ...p });
    hire('e-head', 'Анна Руководитель', ['branch_head'], 'r01-b01', 'sales', 'head');
    hire('e-sales', 'Борис Продажин', ['sales_specialist'], 'r01-b01', 'sales', 'sales');
    hire('e-sales2', 'Вера Коллегова', ['sales_specialist'], 'r01-b01', 'sales');
    hire('e-sales3', 'Глеб Новиков', ['sales_specialist'], 'r01-b01', 'sales');
    hire('e-credit', 'Дарья Кредитова', ['product_specialist'], 'r01-b01', 'loans', 'credit');
    hire('e-head2', 'Егор Тверской', ['branch_head'], 'r01-b02', 'sales');
    hire('e-sales4', 'Жанна Тверская', ['sales_specialist'], 'r01-b02', 'sales');
    hire('e-head3', 'Зоя Невская', ['branch_head'], 'r02-b01', 'sales');
    hire('e-sales5', 'Иван Невский', ['sales_specialist'], 'r02-b01', 'sales');
    hire('e-office', 'Кира Головная', ['head_office'], '', '', 'office');
    hire('e-auditor', 'Лев Аудитов', ['auditor'], '', '', 'auditor');
    hire('e-admin', 'Мария Админова', ['admin'], '', '', 'admin');

    const industries = ['retail', 'construction', 'agriculture', 'it', 'transport', 'manufacturing'];
    const names = ['ООО Ромашка', 'АО Стройдом', 'ИП Петров', 'ООО Агрохолдинг', 'ООО Софтлайн', 'АО Транслогистик', 'ООО Металлург', 'ИП Сидорова', 'ООО Пекарня', 'АО Северсталь-Сервис', 'ООО Мебельторг', 'ИП Кузнецов'];
    const branchSales: Record<string, string[]> = { 'r01-b01': ['e-sales', 'e-sales2', 'e-sales3'], 'r01-b02': ['e-sales4'], 'r02-b01': ['e-sales5'] };
    const heads: Record<string, string> = { 'r01-b01': 'e-head', 'r01-b02': 'e-head2', 'r02-b01': 'e-head3' };
    let n = 0;
    const outcomes = ['unclear_prospect', 'positive_prospect', 'refused', 'product_sold', 'agreement_in_principle'];
    for (const b of this.branches) {
      const count = b.branch_id === 'r01-b01' ? 12 : 5;
      for (let i = 0; i < count; i++) {
        n++;
        const id = `c-${String(n).padStart(4, '0')}`;
        const individual = names[i % names.length]!.startsWith('ИП');
        this.append(`client-${id}`, heads[b.branch_id]!, t0 + DAY + n * 60_000, {
          type: 'ClientRegistered',
          client_id: id,
          kind: individual ? 'individual' : 'legal_entity',
          name: b.branch_id === 'r01-b01' ? names[i]! : `${names[i % names.length]} (${b.branch_id})`,
          tax_id: String(7700000000 + n),
          contact: { phones: ['+7 495 000-00-' + String(n).padStart(2, '0')], emails: [], address: '' },
          industry: industries[n % industries.length]!,
          branch_id: b.branch_id,
          region_id: b.region_id,
          source: 'statistics_database',
          status: 'new_client',
          forced_over_duplicate_of: '',
        });
        if (i >= count - 2) continue; // the last two stay unassigned
        const sales = branchSales[b.branch_id]!;
        const who = sales[i % sales.length]!;
        this.append(`client-${id}`, heads[b.branch_id]!, t0 + 2 * DAY, { type: 'ClientAssigned', client_id: id, employee_id: who, products: ['deposit', 'loan'] });
        if (i % 4 === 3) continue; // assigned, never contacted
        const days = 3 + (i % 5);
        for (let k = 0; k < days; k += 2) {
          const outcome = outcomes[(i + k) % outcomes.length]!;
          const at = t0 + (5 + k * 3) * DAY + i * 3_600_000;
          this.append(`client-${id}`, who, at, {
            type: 'ContactLogged',
            client_id: id,
            employee_id: who,
            contact_type: k % 2 ? 'meeting' : 'phone',
            outcome,
            product_code: outcome === 'product_sold' || outcome === 'positive_prospect' ? 'deposit' : '',
            amount: outcome === 'product_sold' ? { minor_units: 50_000_000, currency: 'RUB' } : { minor_units: 0, currency: '' },
            refusal_reason: outcome === 'refused' ? this.refusalReasons[i % 6]! : 'rate_too_high',
            refusal_text: '',
            note: '',
            next_contact_at: outcome === 'positive_prospect' || outcome === 'unclear_prospect' ? iso(at + 4 * DAY) : null,
          });
        }
      }
    }
    // A client of e-sales2 contacted two days ago, then reassigned to e-sales: when e-sales
    // logs a contact with this client, the don't-disturb rule warns.
    const shared = 'c-0002';
    this.append(`client-${shared}`, 'e-sales2', now - 2 * DAY, {
      type: 'ContactLogged', client_id: shared, employee_id: 'e-sales2', contact_type: 'phone', outcome: 'unclear_prospect',
      product_code: '', amount: { minor_units: 0, currency: '' }, refusal_reason: 'rate_too_high', refusal_text: '', note: 'перезвонить', next_contact_at: null,
    });
    this.append(`client-${shared}`, 'e-head', now - DAY, { type: 'ClientReassigned', client_id: shared, from_employee_id: 'e-sales2', to_employee_id: 'e-sales', products: ['loan'] });
    // This week's plans in the first branch.
    const week = isoWeek(now);
    for (const who of ['e-sales', 'e-sales2', 'e-sales3']) {
      this.append(`employee-${who}`, 'e-head', now - 3 * DAY, {
        type: 'WeeklyPlanSet', employee_id: who, branch_id: 'r01-b01', week, contacts: 20,
        sales: [{ product_code: 'deposit', sales: 2 }], volume: { minor_units: 100_000_000, currency: 'RUB' },
      });
    }
    this.append(`client-c-0005`, 'e-sales', now - 5 * DAY, { type: 'HandedOver', client_id: 'c-0005', department: 'loans', product_code: 'loan', from_employee_id: 'e-sales', automatic: true });
    this.append(`task-t1`, 'system', now - 2 * DAY, { type: 'TaskAssigned', task_id: 't1', employee_id: 'e-sales3', kind: 'plan_deviation', client_id: 'c-0003', week, due_at: iso(now + DAY), text: 'Отставание от плана' });
  }
}

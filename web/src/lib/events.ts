// One line of plain text for an event of the log (events/domain_json.cc), for the
// client's history and the audit trail. The words come from the caller's translator, so
// this stays pure; unknown event types list their fields.

import type { DomainEventJson, Envelope } from '../api/types';
import { formatMoney } from './money';
import { formatDateTime, parseApiTime } from './time';

export interface Words {
  lang: string;
  label: (group: string, value: string) => string;
  personal: (value: unknown) => string;
}

function str(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function money(v: unknown, lang: string): string {
  const m = v as { minor_units?: number; currency?: string } | null;
  if (!m || !m.minor_units) return '';
  return formatMoney(m.minor_units, m.currency ?? '', lang);
}

function when(v: unknown, lang: string): string {
  return typeof v === 'string' ? formatDateTime(parseApiTime(v), lang) : '';
}

// "phone · refused (rate too high) · deposit · note" and the like.
export function eventSummary(event: DomainEventJson | null | undefined, w: Words): string {
  if (!event || typeof event !== 'object') return '';
  const e = event as Record<string, unknown>;
  const parts: string[] = [];
  const add = (s: string) => {
    if (s) parts.push(s);
  };
  switch (event.type) {
    case 'ContactLogged': {
      add(w.label('contact_type', str(e.contact_type)));
      const outcome = w.label('outcome', str(e.outcome));
      const refused = e.outcome === 'refused';
      add(refused ? `${outcome} (${w.label('refusal', str(e.refusal_reason))}${e.refusal_text ? ': ' + str(e.refusal_text) : ''})` : outcome);
      add(str(e.product_code));
      add(money(e.amount, w.lang));
      add(str(e.note));
      if (e.next_contact_at) add('→ ' + when(e.next_contact_at, w.lang));
      break;
    }
    case 'ClientRegistered':
      add(w.personal(e.name));
      add(w.label('client_kind', str(e.kind)));
      add(str(e.industry));
      add(w.label('status', str(e.status)));
      break;
    case 'ClientAssigned':
      add('→ ' + str(e.employee_id));
      add(((e.products as string[]) ?? []).join(', '));
      break;
    case 'ClientReassigned':
      add(`${str(e.from_employee_id)} → ${str(e.to_employee_id)}`);
      add(((e.products as string[]) ?? []).join(', '));
      break;
    case 'ClientUnassigned':
      add(str(e.employee_id));
      break;
    case 'ClientStatusChanged':
      add(`${w.label('status', str(e.from))} → ${w.label('status', str(e.to))}`);
      break;
    case 'ClientDetailsCorrected':
      add(`${str(e.field)}: ${w.personal(e.before)} → ${w.personal(e.after)}`);
      break;
    case 'DontDisturbWarned':
      add(`${str(e.warned_employee_id)} ↔ ${str(e.colleague_id)} ${when(e.colleague_contact_at, w.lang)}`);
      break;
    case 'HandedOver':
      add(`→ ${str(e.department)}`);
      add(str(e.product_code));
      break;
    case 'HandOverAccepted':
      add(`${str(e.department)}: ${str(e.specialist_id)}`);
      break;
    case 'HandOverReturned':
      add(`${str(e.department)}: ${str(e.reason)}`);
      break;
    case 'NextContactDone':
    case 'NextContactCancelled':
      add(when(e.due_at, w.lang));
      add(str(e.reason));
      break;
    case 'TaskAssigned':
      add(w.label('task_kind', str(e.kind)));
      add(str(e.employee_id));
      add(str(e.text));
      break;
    case 'ClientsLinked':
      add(`${str(e.other_client_id)} (${w.label('relation', str(e.relation))})`);
      break;
    case 'ClientMergedAsDuplicate':
    case 'ClientUnmerged':
      add(`${str(e.duplicate_id)} → ${str(e.survivor_id)}`);
      break;
    case 'SatisfactionScored':
      add(`${str(e.score)}/10`);
      add(str(e.comment));
      break;
    case 'PersonalDataErased':
      add(str(e.reason));
      break;
    default:
      for (const [k, v] of Object.entries(e)) {
        if (k === 'type' || k.endsWith('_us') || v === '' || v == null) continue;
        add(`${k}: ${str(v)}`);
      }
  }
  return parts.join(' · ');
}

// The event of an envelope, when its payload is a domain event.
export function eventOf(envelope: Envelope): DomainEventJson | null {
  const p = envelope.payload as DomainEventJson | undefined;
  return p && typeof p === 'object' && typeof p.type === 'string' ? p : null;
}

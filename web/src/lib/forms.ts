// Form rules the UI checks before it sends a command, and the mapping of the server's
// error "field" back to a form field, so that every error shows beside its field.
//
// The checks mirror the domain's (engine/domain/decide_contacts.cc and friends) so a
// person hears about a missing refusal reason before a round trip; the server stays the
// judge and its errors are shown the same way. Errors are message keys (i18n/messages.ts)
// so they translate. Pure functions.

import { parseAmount } from './money';
import { formatWeek, fromLocalInput, parseWeek, toApiTime } from './time';

export type FieldErrors = Record<string, string>;

// The form field an error's "field" names. The server's field is the JSON path of the
// command body ("amount.minor_units", "sales[1].product_code") or a decider's field name
// ("occurred_at_us"); a time's "_us" suffix is dropped, and the longest of `known` that
// the path starts with wins ("amount.minor_units" → "amount"). "" when none matches.
export function formFieldOf(path: string | null | undefined, known: readonly string[]): string {
  if (!path) return '';
  const normal = path
    .split('.')
    .map((part) => part.replace(/_us(?=$|\[)/, ''))
    .join('.');
  let best = '';
  for (const field of known) {
    if (normal === field || normal.startsWith(field + '.') || normal.startsWith(field + '[')) {
      if (field.length > best.length) best = field;
    }
  }
  return best;
}

// ---------------------------------------------------------------- LogContact

export const CONTACT_TYPES = ['phone', 'email', 'meeting', 'post'] as const;
export const CONTACT_OUTCOMES = [
  'positive_prospect',
  'unclear_prospect',
  'agreement_in_principle',
  'product_sold',
  'refused',
  'contract_terminated',
] as const;
// The domain's refusal reasons (RefusalReason, by JSON name), used when the server's
// organisation answer does not list them.
export const REFUSAL_REASONS = [
  'rate_too_high',
  'served_by_another_bank',
  'no_need_now',
  'collateral_lacking',
  'terms_unsuitable',
  'declined_to_talk',
  'other',
] as const;

export interface LogContactValues {
  type: string;
  outcome: string;
  occurred_at: string; // datetime-local
  product_code: string;
  amount: string; // as typed
  currency: string;
  refusal_reason: string;
  refusal_text: string;
  note: string;
  next_contact_at: string; // datetime-local, "" for none
}

export const LOG_CONTACT_FIELDS = [
  'client_id',
  'type',
  'outcome',
  'occurred_at',
  'product_code',
  'amount',
  'refusal_reason',
  'refusal_text',
  'note',
  'next_contact_at',
] as const;

export interface LogContactBody {
  client_id: string;
  type: string;
  outcome: string;
  occurred_at: string;
  product_code?: string;
  amount?: { minor_units: number; currency: string };
  refusal_reason?: string;
  refusal_text?: string;
  note?: string;
  next_contact_at?: string;
}

export type Prepared<T> = { ok: true; body: T } | { ok: false; errors: FieldErrors };

// The LogContact body for `values`, or the errors by field. Optional fields without a
// value are left out (the server takes their defaults).
export function prepareLogContact(clientId: string, v: LogContactValues, now: Date): Prepared<LogContactBody> {
  const errors: FieldErrors = {};
  if (!v.type) errors.type = 'error.required';
  if (!v.outcome) errors.outcome = 'error.required';
  const occurred = fromLocalInput(v.occurred_at);
  if (!occurred) errors.occurred_at = 'error.time';
  else if (occurred.getTime() > now.getTime() + 60_000) errors.occurred_at = 'error.future';

  let next: Date | null = null;
  if (v.next_contact_at.trim() !== '') {
    next = fromLocalInput(v.next_contact_at);
    if (!next) errors.next_contact_at = 'error.time';
    else if (occurred && next.getTime() < occurred.getTime()) errors.next_contact_at = 'error.next_before_contact';
  }

  const refused = v.outcome === 'refused';
  if (refused && !v.refusal_reason) errors.refusal_reason = 'error.refusal_reason';
  if (refused && v.refusal_reason === 'other' && v.refusal_text.trim() === '') errors.refusal_text = 'error.refusal_text';

  const sold = v.outcome === 'product_sold';
  if ((sold || v.outcome === 'contract_terminated') && !v.product_code) errors.product_code = 'error.product_needed';

  let amount: { minor_units: number; currency: string } | undefined;
  const currency = v.currency.trim().toUpperCase();
  if (v.amount.trim() !== '') {
    if (!/^[A-Z]{3}$/.test(currency)) {
      errors.amount = 'error.currency';
    } else {
      const parsed = parseAmount(v.amount, currency);
      if (!parsed.ok) errors.amount = parsed.reason === 'precision' ? 'error.amount_precision' : 'error.amount';
      else amount = { minor_units: parsed.minor_units, currency };
    }
  }
  if (sold && !errors.amount && (!amount || amount.minor_units <= 0)) errors.amount = 'error.amount_positive';

  if (Object.keys(errors).length > 0 || !occurred) return { ok: false, errors };
  const body: LogContactBody = { client_id: clientId, type: v.type, outcome: v.outcome, occurred_at: toApiTime(occurred) };
  if (v.product_code) body.product_code = v.product_code;
  if (amount && amount.minor_units > 0) body.amount = amount;
  if (refused) {
    body.refusal_reason = v.refusal_reason;
    if (v.refusal_text.trim()) body.refusal_text = v.refusal_text.trim();
  }
  if (v.note.trim()) body.note = v.note.trim();
  if (next) body.next_contact_at = toApiTime(next);
  return { ok: true, body };
}

// ---------------------------------------------------------------- SetWeeklyPlan

export interface PlanValues {
  contacts: string;
  volume: string;
  currency: string;
  sales: Record<string, string>; // product code -> count as typed
}

export interface PlanBody {
  employee_id: string;
  week: string;
  contacts: number;
  sales: { product_code: string; sales: number }[];
  volume: { minor_units: number; currency: string };
}

const COUNT = /^\d{1,6}$/;

export function preparePlan(employeeId: string, weekText: string, v: PlanValues): Prepared<PlanBody> {
  const errors: FieldErrors = {};
  const week = parseWeek(weekText);
  if (!week) errors.week = 'error.week';
  if (!COUNT.test(v.contacts.trim())) errors.contacts = 'error.count';
  const sales: { product_code: string; sales: number }[] = [];
  for (const [code, text] of Object.entries(v.sales)) {
    const t = text.trim();
    if (t === '' || t === '0') continue;
    if (!COUNT.test(t)) errors[`sales.${code}`] = 'error.count';
    else sales.push({ product_code: code, sales: Number(t) });
  }
  const currency = v.currency.trim().toUpperCase();
  let volume = { minor_units: 0, currency };
  if (v.volume.trim() !== '') {
    if (!/^[A-Z]{3}$/.test(currency)) errors.volume = 'error.currency';
    else {
      const parsed = parseAmount(v.volume, currency);
      if (!parsed.ok) errors.volume = parsed.reason === 'precision' ? 'error.amount_precision' : 'error.amount';
      else volume = { minor_units: parsed.minor_units, currency };
    }
  }
  if (Object.keys(errors).length > 0 || !week) return { ok: false, errors };
  return {
    ok: true,
    body: { employee_id: employeeId, week: formatWeek(week), contacts: Number(v.contacts.trim()), sales, volume },
  };
}

// ---------------------------------------------------------------- LaunchCampaign

export interface CampaignValues {
  campaign_id: string;
  name: string;
  products: string[];
  from: string; // date input
  until: string; // date input
}

export interface CampaignBody {
  campaign_id: string;
  branch_id: string;
  name: string;
  products: string[];
  from: string;
  until: string;
}

// An id from a name: lower-case latin letters, digits and dashes (Cyrillic transliterated).
export function slugId(name: string): string {
  const table: Record<string, string> = {
    а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
    л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts',
    ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  };
  return name
    .toLowerCase()
    .split('')
    .map((c) => table[c] ?? c)
    .join('')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

export function prepareCampaign(branchId: string, v: CampaignValues): Prepared<CampaignBody> {
  const errors: FieldErrors = {};
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v.campaign_id)) errors.campaign_id = 'error.id';
  if (v.name.trim() === '') errors.name = 'error.required';
  if (v.products.length === 0) errors.products = 'error.products';
  const from = fromLocalInput(v.from);
  const until = fromLocalInput(v.until);
  if (!from) errors.from = 'error.date';
  if (!until) errors.until = 'error.date';
  // The period is [from, until): the last day chosen is included.
  const end = until ? new Date(until.getFullYear(), until.getMonth(), until.getDate() + 1) : null;
  if (from && end && end.getTime() <= from.getTime()) errors.until = 'error.until_before_from';
  if (Object.keys(errors).length > 0 || !from || !end) return { ok: false, errors };
  return {
    ok: true,
    body: {
      campaign_id: v.campaign_id,
      branch_id: branchId,
      name: v.name.trim(),
      products: v.products,
      from: toApiTime(from),
      until: toApiTime(end),
    },
  };
}

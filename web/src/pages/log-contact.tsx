// Log a contact (POST /api/commands/LogContact): type, outcome, refusal reason from the
// list, product, amount, note and the agreed next contact. The form checks what it can
// before sending (lib/forms.ts) and shows the server's errors beside the field its
// "field" names; after a successful log it shows the don't-disturb warning the command
// returned (a colleague contacted this client recently).

import { useMemo, useState } from 'preact/hooks';
import { ApiError, dontDisturbWarnings, newIdempotencyKey } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { CommandResult, DontDisturbWarning } from '../api/types';
import { useApp } from '../app-context';
import { ErrorView, Field, Link, Notice, PageTitle, Section, useFieldError, usePersonal } from '../components/ui';
import {
  CONTACT_OUTCOMES,
  CONTACT_TYPES,
  type FieldErrors,
  formFieldOf,
  LOG_CONTACT_FIELDS,
  type LogContactValues,
  prepareLogContact,
  REFUSAL_REASONS,
} from '../lib/forms';
import { nameMap, useEmployees } from '../lib/names';
import { formatDateTime, parseApiTime, toLocalInput } from '../lib/time';
import { useLoad } from '../lib/use-load';
import type { PageProps } from '../routes';

function initial(): LogContactValues {
  return {
    type: 'phone',
    outcome: '',
    occurred_at: toLocalInput(new Date()),
    product_code: '',
    amount: '',
    currency: 'RUB',
    refusal_reason: '',
    refusal_text: '',
    note: '',
    next_contact_at: '',
  };
}

export function LogContactPage({ params }: PageProps) {
  const { t, api, label, org, lang } = useApp();
  const personal = usePersonal();
  const fieldError = useFieldError();
  const clientId = params.clientId ?? '';
  const card = useLoad((signal) => endpoints.card(api, clientId, {}, signal), [clientId]);
  const c = card.data?.result;
  const employees = useEmployees(c?.branch_id || undefined);
  const employeeName = nameMap(employees, (e) => e.employee_id, (e) => e.name);
  const [v, setV] = useState<LogContactValues>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<CommandResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);

  const reasons = org?.refusal_reasons.length ? org.refusal_reasons : [...REFUSAL_REASONS];
  const products = useMemo(() => {
    const all = org?.products ?? [];
    const offered = new Set(c?.products_offered ?? []);
    return [...all].sort((a, b) => Number(offered.has(b.product_code)) - Number(offered.has(a.product_code)));
  }, [org, c]);

  const change = (patch: Partial<LogContactValues>) => {
    setV({ ...v, ...patch });
    setKey(newIdempotencyKey()); // a changed form is a new contact, not a retry
    const cleared = { ...errors };
    for (const k of Object.keys(patch)) delete cleared[k];
    if (patch.outcome !== undefined) {
      delete cleared.refusal_reason;
      delete cleared.refusal_text;
      delete cleared.amount;
      delete cleared.product_code;
    }
    setErrors(cleared);
  };

  const focusFirst = (errs: FieldErrors) => {
    const first = LOG_CONTACT_FIELDS.find((f) => errs[f]);
    if (first) requestAnimationFrame(() => document.getElementById(`lc-${first}`)?.focus());
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure(null);
    setResult(null);
    const prepared = prepareLogContact(clientId, v, new Date());
    if (!prepared.ok) {
      setErrors(prepared.errors);
      focusFirst(prepared.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await api.command('LogContact', prepared.body, key);
      setResult(r);
      setV({ ...initial(), type: v.type });
      setKey(newIdempotencyKey());
      card.reload();
    } catch (error) {
      if (error instanceof ApiError) {
        const field = formFieldOf(error.field, LOG_CONTACT_FIELDS);
        if (field && field !== 'client_id') {
          const errs = { [field]: error.message };
          setErrors(errs);
          focusFirst(errs);
        } else {
          setFailure(`${error.message} (HTTP ${error.status}${error.code ? ', ' + error.code : ''})`);
        }
      } else {
        setFailure(String(error));
      }
    } finally {
      setBusy(false);
    }
  };

  const warnings = dontDisturbWarnings(result);
  const refused = v.outcome === 'refused';
  const needsProduct = ['product_sold', 'contract_terminated', 'positive_prospect', 'agreement_in_principle'].includes(v.outcome);

  return (
    <div>
      <PageTitle sub={c ? `${personal(c.name)} · ${clientId}` : clientId}>{t('log.title')}</PageTitle>
      <p>
        <Link href={`/clients/${encodeURIComponent(clientId)}`}>← {t('log.back')}</Link>
      </p>
      {card.error ? <ErrorView error={card.error} /> : null}
      {c?.last_contact ? (
        <p class="hint">
          {t('log.last_contact', {
            when: formatDateTime(parseApiTime(c.last_contact.at), lang),
            who: employeeName(c.last_contact.employee_id),
            outcome: label('outcome', c.last_contact.outcome),
          })}
        </p>
      ) : null}
      {result ? (
        <div class="result" data-testid="log-result">
          <Notice tone="ok">{t('log.saved', { seq: result.seq })}</Notice>
          {warnings.map((w, i) => (
            <Notice tone="warn" key={i}>
              <strong>{t('log.dont_disturb')}</strong> <WarningText w={w} employeeName={employeeName} />
            </Notice>
          ))}
        </div>
      ) : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <form onSubmit={submit} noValidate aria-busy={busy} class="contact">
        <Section title={t('log.contact')} id="log-form">
          <div class="row">
            <Field id="lc-type" label={t('log.type')} error={fieldError(errors.type)} required>
              {(a) => (
                <select {...a} name="type" value={v.type} onChange={(e) => change({ type: e.currentTarget.value })}>
                  {CONTACT_TYPES.map((ct) => (
                    <option key={ct} value={ct}>
                      {label('contact_type', ct)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="lc-outcome" label={t('log.outcome')} error={fieldError(errors.outcome)} required>
              {(a) => (
                <select {...a} name="outcome" value={v.outcome} onChange={(e) => change({ outcome: e.currentTarget.value })}>
                  <option value="">{t('common.choose')}</option>
                  {CONTACT_OUTCOMES.map((o) => (
                    <option key={o} value={o}>
                      {label('outcome', o)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="lc-occurred_at" label={t('log.occurred_at')} error={fieldError(errors.occurred_at)} required>
              {(a) => <input {...a} name="occurred_at" type="datetime-local" value={v.occurred_at} onInput={(e) => change({ occurred_at: e.currentTarget.value })} />}
            </Field>
          </div>
          {refused ? (
            <div class="row">
              <Field id="lc-refusal_reason" label={t('log.refusal_reason')} error={fieldError(errors.refusal_reason)} required>
                {(a) => (
                  <select {...a} name="refusal_reason" value={v.refusal_reason} onChange={(e) => change({ refusal_reason: e.currentTarget.value })}>
                    <option value="">{t('common.choose')}</option>
                    {reasons.map((r) => (
                      <option key={r} value={r}>
                        {label('refusal', r)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id="lc-refusal_text" label={t('log.refusal_text')} error={fieldError(errors.refusal_text)} required={v.refusal_reason === 'other'}>
                {(a) => <input {...a} name="refusal_text" value={v.refusal_text} onInput={(e) => change({ refusal_text: e.currentTarget.value })} />}
              </Field>
            </div>
          ) : null}
          <div class="row">
            <Field id="lc-product_code" label={t('log.product')} error={fieldError(errors.product_code)} required={v.outcome === 'product_sold' || v.outcome === 'contract_terminated'} hint={needsProduct ? t('log.product_hint') : undefined}>
              {(a) => (
                <select {...a} name="product_code" value={v.product_code} onChange={(e) => change({ product_code: e.currentTarget.value })}>
                  <option value="">{t('log.no_product')}</option>
                  {products.map((p) => (
                    <option key={p.product_code} value={p.product_code}>
                      {p.name}
                      {c?.products_offered.includes(p.product_code) ? ` · ${t('log.offered')}` : ''}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="lc-amount" label={t('log.amount')} error={fieldError(errors.amount)} required={v.outcome === 'product_sold'} hint="1 500,00">
              {(a) => <input {...a} name="amount" inputMode="decimal" value={v.amount} onInput={(e) => change({ amount: e.currentTarget.value })} />}
            </Field>
            <Field id="lc-currency" label={t('log.currency')}>
              {(a) => <input {...a} name="currency" size={4} maxLength={3} value={v.currency} onInput={(e) => change({ currency: e.currentTarget.value })} />}
            </Field>
          </div>
          <Field id="lc-note" label={t('log.note')} error={fieldError(errors.note)}>
            {(a) => <textarea {...a} name="note" rows={3} value={v.note} onInput={(e) => change({ note: e.currentTarget.value })} />}
          </Field>
          <Field id="lc-next_contact_at" label={t('log.next_contact')} error={fieldError(errors.next_contact_at)} hint={t('log.next_contact_hint')}>
            {(a) => <input {...a} name="next_contact_at" type="datetime-local" value={v.next_contact_at} onInput={(e) => change({ next_contact_at: e.currentTarget.value })} />}
          </Field>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? t('common.sending') : t('log.submit')}
            </button>
          </div>
        </Section>
      </form>
    </div>
  );
}

function WarningText({ w, employeeName }: { w: DontDisturbWarning | string; employeeName: (id: string) => string }) {
  const { t, lang } = useApp();
  if (typeof w === 'string') return <span>{w}</span>;
  if (w.message && !w.colleague_id) return <span>{w.message}</span>;
  return (
    <span>
      {t('log.dont_disturb_text', {
        colleague: employeeName(w.colleague_id ?? ''),
        when: formatDateTime(parseApiTime(w.colleague_contact_at ?? null), lang),
      })}
    </span>
  );
}

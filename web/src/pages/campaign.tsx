// Launch a campaign (LaunchCampaign) for the branch: name, id, products and period; then
// enrol the picked clients (EnrollClient, one each). Errors show beside their fields.

import { useState } from 'preact/hooks';
import { ApiError, newIdempotencyKey } from '../api/client';
import type { ClientRow } from '../api/types';
import { useApp } from '../app-context';
import { ClientPicker } from '../components/client-picker';
import { Field, Notice, PageTitle, Section, useFieldError, usePersonal } from '../components/ui';
import { type CampaignValues, type FieldErrors, formFieldOf, prepareCampaign, slugId } from '../lib/forms';
import { branchName, nameMap, useEmployees } from '../lib/names';
import { toDateInput } from '../lib/time';

export function CampaignPage() {
  const { t, api, principal, org, query } = useApp();
  const fieldError = useFieldError();
  const personal = usePersonal();
  const branch = query.branch || principal?.branch_id || '';
  const employees = useEmployees(branch || undefined);
  const employeeName = nameMap(employees, (e) => e.employee_id, (e) => e.name);
  const today = new Date();
  const [v, setV] = useState<CampaignValues>({
    campaign_id: '',
    name: '',
    products: [],
    from: toDateInput(today),
    until: toDateInput(new Date(today.getFullYear(), today.getMonth() + 1, today.getDate())),
  });
  const [idTouched, setIdTouched] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<{ seq: number; enrolled: number; failed: string[] } | null>(null);
  const [selected, setSelected] = useState<Map<string, ClientRow>>(new Map());
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);

  const change = (patch: Partial<CampaignValues>) => {
    const next = { ...v, ...patch };
    if (patch.name !== undefined && !idTouched) next.campaign_id = slugId(patch.name) + (patch.name ? '-' + next.from.slice(0, 7) : '');
    setV(next);
    setKey(newIdempotencyKey()); // a changed form is a new submission
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure(null);
    setDone(null);
    const prepared = prepareCampaign(branch, v);
    if (!prepared.ok) {
      setErrors(prepared.errors);
      const first = Object.keys(prepared.errors)[0];
      if (first) document.getElementById(`campaign-${first}`)?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await api.command('LaunchCampaign', prepared.body, key);
      const failed: string[] = [];
      let enrolled = 0;
      for (const client of selected.values()) {
        try {
          await api.command('EnrollClient', { campaign_id: v.campaign_id, client_id: client.client_id }, `${key}:${client.client_id}`);
          enrolled++;
        } catch (error) {
          failed.push(`${personal(client.name)}: ${(error as Error).message}`);
        }
      }
      setDone({ seq: r.seq, enrolled, failed });
    } catch (error) {
      if (error instanceof ApiError) {
        const field = formFieldOf(error.field, ['campaign_id', 'name', 'products', 'from', 'until']);
        if (field) setErrors({ [field]: error.message });
        else setFailure(`${error.message} (HTTP ${error.status})`);
      } else setFailure(String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageTitle sub={branchName(org, branch)}>{t('campaign.title')}</PageTitle>
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {done ? (
        <Notice tone={done.failed.length ? 'warn' : 'ok'}>
          {t('campaign.launched', { seq: done.seq, n: done.enrolled })}
          {done.failed.length ? (
            <ul>
              {done.failed.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <form onSubmit={submit} noValidate class="two-col">
        <Section title={t('campaign.details')} id="campaign-details">
          <Field id="campaign-name" label={t('campaign.name')} error={fieldError(errors.name)} required>
            {(a) => <input {...a} value={v.name} onInput={(e) => change({ name: e.currentTarget.value })} />}
          </Field>
          <Field id="campaign-campaign_id" label={t('campaign.id')} error={fieldError(errors.campaign_id)} hint={t('campaign.id_hint')} required>
            {(a) => (
              <input
                {...a}
                value={v.campaign_id}
                onInput={(e) => {
                  setIdTouched(true);
                  change({ campaign_id: e.currentTarget.value });
                }}
              />
            )}
          </Field>
          <fieldset class={'field' + (errors.products ? ' invalid' : '')} id="campaign-products" tabIndex={-1} aria-describedby={errors.products ? 'campaign-products-error' : undefined}>
            <legend>{t('campaign.products')} *</legend>
            {(org?.products ?? []).map((p) => (
              <label key={p.product_code} class="check">
                <input
                  type="checkbox"
                  checked={v.products.includes(p.product_code)}
                  onChange={(e) =>
                    change({ products: e.currentTarget.checked ? [...v.products, p.product_code] : v.products.filter((c) => c !== p.product_code) })
                  }
                />{' '}
                {p.name}
              </label>
            ))}
            {errors.products ? (
              <small id="campaign-products-error" class="field-error" role="alert">
                {fieldError(errors.products)}
              </small>
            ) : null}
          </fieldset>
          <div class="row">
            <Field id="campaign-from" label={t('campaign.from')} error={fieldError(errors.from)} required>
              {(a) => <input {...a} type="date" value={v.from} onInput={(e) => change({ from: e.currentTarget.value })} />}
            </Field>
            <Field id="campaign-until" label={t('campaign.until')} error={fieldError(errors.until)} hint={t('campaign.until_hint')} required>
              {(a) => <input {...a} type="date" value={v.until} onInput={(e) => change({ until: e.currentTarget.value })} />}
            </Field>
          </div>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? t('common.sending') : t('campaign.submit', { n: selected.size })}
            </button>
          </div>
        </Section>
        <Section title={t('campaign.enrol')} id="campaign-enrol">
          <ClientPicker branch={branch} selected={selected} onChange={setSelected} employeeName={employeeName} />
        </Section>
      </form>
    </div>
  );
}

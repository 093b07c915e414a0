// The branch head assigns clients and the products to offer them: search and pick
// clients, choose the sales specialist and the products, then one AssignClient (or
// ReassignClient, for a client assigned to someone else) per client, each with its own
// Idempotency-Key so that a retry after a failure writes nothing twice.

import { useState } from 'preact/hooks';
import { ApiError, SubmissionKeys } from '../api/client';
import type { ClientRow } from '../api/types';
import { useApp } from '../app-context';
import { ClientPicker } from '../components/client-picker';
import { Field, Notice, PageTitle, Section, usePersonal } from '../components/ui';
import { branchName, nameMap, useEmployees } from '../lib/names';

interface Outcome {
  client: ClientRow;
  ok: boolean;
  text: string;
}

export function AssignPage() {
  const { t, api, principal, org, query } = useApp();
  const personal = usePersonal();
  const branch = query.branch || principal?.branch_id || '';
  const employees = useEmployees(branch || undefined);
  const sales = (employees ?? []).filter((e) => !e.left && e.roles.includes('sales_specialist'));
  const employeeName = nameMap(employees, (e) => e.employee_id, (e) => e.name);
  const [selected, setSelected] = useState<Map<string, ClientRow>>(new Map());
  const [employee, setEmployee] = useState('');
  const [products, setProducts] = useState<string[]>([]);
  const [errors, setErrors] = useState<{ employee?: string; clients?: string }>({});
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [busy, setBusy] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  // One Idempotency-Key per client until its assignment is acknowledged (client.ts):
  // pressing the button again after a failure retries safely.
  const [keys] = useState(() => new SubmissionKeys());

  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!employee) errs.employee = t('error.required');
    if (selected.size === 0) errs.clients = t('assign.pick_clients');
    setErrors(errs);
    if (errs.employee || errs.clients) return;
    setBusy(true);
    const results: Outcome[] = [];
    for (const client of selected.values()) {
      const reassign = !!client.assigned_employee_id && client.assigned_employee_id !== employee;
      if (client.assigned_employee_id === employee) {
        results.push({ client, ok: true, text: t('assign.already') });
        continue;
      }
      const name = reassign ? 'ReassignClient' : 'AssignClient';
      const body = reassign
        ? { client_id: client.client_id, from_employee_id: client.assigned_employee_id, to_employee_id: employee, products }
        : { client_id: client.client_id, employee_id: employee, products };
      try {
        const r = await api.command(name, body, keys.keyFor(client.client_id, { name, body }));
        keys.acknowledged(client.client_id);
        results.push({ client, ok: true, text: t(reassign ? 'assign.reassigned' : 'assign.assigned', { seq: r.seq }) });
      } catch (error) {
        const m = error instanceof ApiError ? `${error.message} (HTTP ${error.status})` : String(error);
        results.push({ client, ok: false, text: m });
      }
    }
    setOutcomes(results);
    setSelected(new Map(results.filter((r) => !r.ok).map((r) => [r.client.client_id, r.client])));
    setRefreshKey((n) => n + 1);
    setBusy(false);
  };

  return (
    <div>
      <PageTitle sub={branchName(org, branch)}>{t('assign.title')}</PageTitle>
      <form onSubmit={submit} noValidate class="two-col">
        <Section title={t('assign.clients')} id="assign-clients">
          {errors.clients ? (
            <p class="field-error" role="alert">
              {errors.clients}
            </p>
          ) : null}
          <ClientPicker branch={branch} selected={selected} onChange={setSelected} employeeName={employeeName} refreshKey={refreshKey} />
        </Section>
        <Section title={t('assign.to')} id="assign-to">
          <Field id="employee" label={t('common.employee')} error={errors.employee} required>
            {(a) => (
              <select {...a} value={employee} onChange={(e) => setEmployee(e.currentTarget.value)}>
                <option value="">{t('common.choose')}</option>
                {sales.map((s) => (
                  <option key={s.employee_id} value={s.employee_id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset class="field">
            <legend>{t('assign.products')}</legend>
            {(org?.products ?? []).map((p) => (
              <label key={p.product_code} class="check">
                <input
                  type="checkbox"
                  checked={products.includes(p.product_code)}
                  onChange={(e) =>
                    setProducts(e.currentTarget.checked ? [...products, p.product_code] : products.filter((c) => c !== p.product_code))
                  }
                />{' '}
                {p.name}
              </label>
            ))}
          </fieldset>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? t('common.sending') : t('assign.submit', { n: selected.size })}
            </button>
          </div>
          {outcomes.length > 0 ? (
            <div role="status">
              <Notice tone={outcomes.every((o) => o.ok) ? 'ok' : 'warn'}>
                {t('assign.done', { ok: outcomes.filter((o) => o.ok).length, failed: outcomes.filter((o) => !o.ok).length })}
              </Notice>
              <ul class="results">
                {outcomes.map((o) => (
                  <li key={o.client.client_id} class={o.ok ? 'ok' : 'bad'}>
                    <strong>{personal(o.client.name)}</strong>: {o.text}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </Section>
      </form>
    </div>
  );
}

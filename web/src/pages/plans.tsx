// Weekly plans: for the chosen ISO week, one row per sales specialist of the branch with
// planned contacts, sales per product and volume, filled from the week's dashboard; each
// changed row is sent as SetWeeklyPlan, and its errors show beside its fields.

import { useEffect, useState } from 'preact/hooks';
import { ApiError, SubmissionKeys } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { EmployeeWeek } from '../api/types';
import { useApp } from '../app-context';
import { ErrorView, Loading, Notice, PageTitle, Section, useFieldError } from '../components/ui';
import { type FieldErrors, formFieldOf, type PlanValues, preparePlan } from '../lib/forms';
import { amountInputValue } from '../lib/money';
import { branchName, productName, useEmployees } from '../lib/names';
import { withQuery } from '../lib/router';
import { addWeeks, formatWeek, isoWeekOf, parseWeek } from '../lib/time';

const CURRENCY = 'RUB';

function valuesOf(week: EmployeeWeek | undefined, products: string[]): PlanValues {
  const sales: Record<string, string> = {};
  for (const p of products) sales[p] = week?.planned_sales?.[p] ? String(week.planned_sales[p]) : '';
  return {
    contacts: week?.has_plan ? String(week.planned_contacts) : '',
    volume: week?.has_plan ? amountInputValue(week.planned_volume.minor_units, week.planned_volume.currency || CURRENCY) : '',
    currency: week?.planned_volume?.currency || CURRENCY,
    sales,
  };
}

export function PlansPage() {
  const { t, api, principal, query, navigate, org } = useApp();
  const fieldError = useFieldError();
  const branch = query.branch || principal?.branch_id || '';
  // Plans are usually set for the coming week.
  const week = parseWeek(query.week ?? '') ?? isoWeekOf(new Date());
  const weekText = formatWeek(week);
  const employees = useEmployees(branch || undefined);
  const sales = (employees ?? []).filter((e) => !e.left && e.roles.includes('sales_specialist'));
  const products = (org?.products ?? []).map((p) => p.product_code);
  const [rows, setRows] = useState<Record<string, PlanValues>>({});
  const [original, setOriginal] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, FieldErrors>>({});
  const [saved, setSaved] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // One Idempotency-Key per employee's week until its plan is acknowledged (client.ts).
  const [keys] = useState(() => new SubmissionKeys());
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!branch || !employees || !org) return;
    let live = true;
    setReady(false);
    endpoints
      .dashboard(api, branch, { week: weekText })
      .then(({ result }) => {
        if (!live) return;
        const next: Record<string, PlanValues> = {};
        for (const e of sales) next[e.employee_id] = valuesOf(result.employees[e.employee_id], products);
        setRows(next);
        setOriginal(Object.fromEntries(Object.entries(next).map(([k, v]) => [k, JSON.stringify(v)])));
        setErrors({});
        setSaved({});
        setLoadError(null);
        setReady(true);
      })
      .catch((e) => {
        if (!live) return;
        // Without the dashboard the form still works, starting empty; only the rows
        // then filled in are sent (not every empty one, which would fail validation).
        const next: Record<string, PlanValues> = {};
        for (const emp of sales) next[emp.employee_id] = valuesOf(undefined, products);
        setRows(next);
        setOriginal(Object.fromEntries(Object.entries(next).map(([k, v]) => [k, JSON.stringify(v)])));
        setLoadError(e);
        setReady(true);
      });
    return () => {
      live = false;
    };
  }, [api, branch, weekText, employees, org]);

  const set = (id: string, change: Partial<PlanValues>) => setRows({ ...rows, [id]: { ...rows[id]!, ...change } });

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const nextErrors: Record<string, FieldErrors> = {};
    const nextSaved: Record<string, string> = {};
    for (const emp of sales) {
      const v = rows[emp.employee_id];
      if (!v || original[emp.employee_id] === JSON.stringify(v)) continue;
      const prepared = preparePlan(emp.employee_id, weekText, v);
      if (!prepared.ok) {
        nextErrors[emp.employee_id] = prepared.errors;
        continue;
      }
      try {
        const target = `${emp.employee_id}:${weekText}`;
        const r = await api.command('SetWeeklyPlan', prepared.body, keys.keyFor(target, prepared.body));
        keys.acknowledged(target);
        nextSaved[emp.employee_id] = t('plans.saved', { seq: r.seq });
      } catch (error) {
        if (error instanceof ApiError) {
          const known = ['week', 'contacts', 'volume', 'sales'];
          let field = formFieldOf(error.field, known);
          const m = /^sales\[(\d+)\]/.exec(error.field);
          if (m) {
            const code = prepared.body.sales[Number(m[1])]?.product_code;
            if (code) field = `sales.${code}`;
          }
          nextErrors[emp.employee_id] = { [field || '_']: error.message };
        } else {
          nextErrors[emp.employee_id] = { _: String(error) };
        }
      }
    }
    setErrors(nextErrors);
    setSaved(nextSaved);
    setOriginal((o) => ({ ...o, ...Object.fromEntries(Object.keys(nextSaved).map((id) => [id, JSON.stringify(rows[id])])) }));
    setBusy(false);
  };

  const goWeek = (n: number) => navigate(withQuery('/branch/plans', { week: formatWeek(addWeeks(week, n)), branch: query.branch }));
  const cell = (id: string, field: string, value: string, onInput: (v: string) => void, labelText: string, size = 5) => {
    const err = errors[id]?.[field];
    const inputId = `plan-${id}-${field.replace('.', '-')}`;
    return (
      <td class={err ? 'invalid' : ''}>
        <input
          id={inputId}
          inputMode="numeric"
          size={size}
          value={value}
          aria-label={labelText}
          aria-invalid={!!err}
          aria-describedby={err ? inputId + '-error' : undefined}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
        {err ? (
          <small id={inputId + '-error'} class="field-error" role="alert">
            {fieldError(err)}
          </small>
        ) : null}
      </td>
    );
  };

  return (
    <div>
      <PageTitle sub={branchName(org, branch)}>{t('plans.title', { week: weekText })}</PageTitle>
      <div class="toolbar">
        <button type="button" class="secondary" onClick={() => goWeek(-1)}>
          ← {t('dashboard.prev_week')}
        </button>
        <strong>{weekText}</strong>
        <button type="button" class="secondary" onClick={() => goWeek(1)}>
          {t('dashboard.next_week')} →
        </button>
      </div>
      {loadError ? <ErrorView error={loadError} /> : null}
      {!ready ? <Loading /> : null}
      {ready ? (
        <form onSubmit={save} noValidate>
          <Section title={t('plans.table')} id="plans">
            <div class="scroll">
              <table class="plans">
                <thead>
                  <tr>
                    <th scope="col">{t('common.employee')}</th>
                    <th scope="col">{t('plans.contacts')}</th>
                    {products.map((p) => (
                      <th scope="col" key={p}>
                        {org?.products.find((x) => x.product_code === p)?.name ?? p}
                      </th>
                    ))}
                    <th scope="col">
                      {t('plans.volume')} ({CURRENCY})
                    </th>
                    <th scope="col">{t('common.result')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sales.map((emp) => {
                    const v = rows[emp.employee_id];
                    if (!v) return null;
                    const id = emp.employee_id;
                    const other = errors[id]?._ ?? errors[id]?.week;
                    return (
                      <tr key={id} data-employee={id}>
                        <th scope="row">{emp.name}</th>
                        {cell(id, 'contacts', v.contacts, (x) => set(id, { contacts: x }), `${emp.name}: ${t('plans.contacts')}`)}
                        {products.map((p) => cell(id, `sales.${p}`, v.sales[p] ?? '', (x) => set(id, { sales: { ...v.sales, [p]: x } }), `${emp.name}: ${productName(org, p)}`, 3))}
                        {cell(id, 'volume', v.volume, (x) => set(id, { volume: x }), `${emp.name}: ${t('plans.volume')}`, 10)}
                        <td>
                          {saved[id] ? <span class="ok">{saved[id]}</span> : null}
                          {other ? (
                            <span class="field-error" role="alert">
                              {fieldError(other)}
                            </span>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {sales.length === 0 ? <Notice tone="info">{t('plans.no_sales')}</Notice> : null}
            <div class="actions">
              <button type="submit" disabled={busy}>
                {busy ? t('common.sending') : t('plans.save')}
              </button>
            </div>
          </Section>
        </form>
      ) : null}
    </div>
  );
}

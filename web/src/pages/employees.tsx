// An employee's history (GET /api/employees/{id}/history): pick a branch and an employee,
// then everything they did, in log order, filtered by period and event type.

import { useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import { useApp } from '../app-context';
import { Empty, ErrorView, Link, Loading, PageTitle, Section } from '../components/ui';
import { formatDateTime, fromLocalInput, parseApiTime, toApiTime } from '../lib/time';
import { useEmployees } from '../lib/names';
import { useLoad } from '../lib/use-load';
import type { PageProps } from '../routes';

export function EmployeesPage() {
  const { t, org, label, query, navigate } = useApp();
  const branch = query.branch ?? '';
  const employees = useEmployees(branch || undefined);
  return (
    <div>
      <PageTitle>{t('employees.title')}</PageTitle>
      <div class="toolbar">
        <label>
          {t('card.branch')}{' '}
          <select value={branch} onChange={(e) => navigate(`/audit/employees${e.currentTarget.value ? '?branch=' + encodeURIComponent(e.currentTarget.value) : ''}`, { replace: true })}>
            <option value="">{t('employees.all')}</option>
            {(org?.branches ?? []).map((b) => (
              <option key={b.branch_id} value={b.branch_id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!employees ? (
        <Loading />
      ) : employees.length === 0 ? (
        <Empty>{t('employees.none')}</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('common.employee')}</th>
              <th scope="col">{t('employees.roles')}</th>
              <th scope="col">{t('card.branch')}</th>
            </tr>
          </thead>
          <tbody>
            {employees.map((e) => (
              <tr key={e.employee_id}>
                <td>
                  <Link href={`/audit/employees/${encodeURIComponent(e.employee_id)}`}>{e.name}</Link> <small class="muted">{e.employee_id}</small>
                  {e.left ? <small class="muted"> · {t('employees.left')}</small> : null}
                </td>
                <td>{e.roles.map((r) => label('role', r)).join(', ')}</td>
                <td>{e.branch_id || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function EmployeeHistoryPage({ params }: PageProps) {
  const { t, api, lang, label } = useApp();
  const id = params.employeeId ?? '';
  const staff = useEmployees(undefined);
  const who = staff?.find((e) => e.employee_id === id);
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [type, setType] = useState('');
  const [filter, setFilter] = useState<{ from?: string; until?: string; type?: string }>({});
  const { data, error, loading, reload } = useLoad(() => endpoints.history(api, id, { ...filter, limit: 500 }), [id, filter.from, filter.until, filter.type]);
  const submit = (e: Event) => {
    e.preventDefault();
    const f = fromLocalInput(from);
    const u = fromLocalInput(until);
    setFilter({ from: f ? toApiTime(f) : undefined, until: u ? toApiTime(u) : undefined, type: type.trim() || undefined } as typeof filter);
  };
  return (
    <div>
      <PageTitle sub={who ? `${who.name} · ${id}` : id}>{t('history.title')}</PageTitle>
      <form class="toolbar" onSubmit={submit}>
        <label>
          {t('common.from')} <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('common.until')} <input type="datetime-local" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
        </label>
        <label>
          {t('history.type')} <input value={type} onInput={(e) => setType(e.currentTarget.value)} placeholder="ContactLogged" size={16} />
        </label>
        <button type="submit">{t('common.show')}</button>
      </form>
      {error ? <ErrorView error={error} retry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        <Section title={t('history.entries', { n: data.result.length })} id="history">
          {data.result.length === 0 ? (
            <Empty>{t('history.none')}</Empty>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">seq</th>
                  <th scope="col">{t('trail.occurred')}</th>
                  <th scope="col">{t('trail.event')}</th>
                  <th scope="col">{t('history.on_behalf')}</th>
                </tr>
              </thead>
              <tbody>
                {data.result.map((h) => (
                  <tr key={h.seq}>
                    <td>{h.seq}</td>
                    <td>{formatDateTime(parseApiTime(h.occurred_at), lang)}</td>
                    <td>{label('event', h.event_type)}</td>
                    <td>{h.on_behalf ? t('common.yes') : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      ) : null}
    </div>
  );
}

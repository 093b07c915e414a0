// An employee's history (GET /api/employees/{id}/history): pick a branch and an employee,
// then everything they did, in log order, filtered by period and event type.

import { useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import { useApp } from '../app-context';
import { AsyncBlock, DataTable, Link, Loading, PageTitle, Section } from '../components/ui';
import { formatDateTime, fromLocalInput, parseApiTime, toApiTime } from '../lib/time';
import { branchName, useEmployees } from '../lib/names';
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
      ) : (
        <DataTable
          columns={[t('common.employee'), t('employees.roles'), t('card.branch')]}
          rows={employees}
          empty={t('employees.none')}
          row={(e) => (
            <tr key={e.employee_id}>
              <td>
                <Link href={`/audit/employees/${encodeURIComponent(e.employee_id)}`}>{e.name}</Link> <small class="muted">{e.employee_id}</small>
                {e.left ? <small class="muted"> · {t('employees.left')}</small> : null}
              </td>
              <td>{e.roles.map((r) => label('role', r)).join(', ')}</td>
              <td>{e.branch_id ? branchName(org, e.branch_id) : '—'}</td>
            </tr>
          )}
        />
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
  const history = useLoad(() => endpoints.history(api, id, { ...filter, limit: 500 }), [id, filter.from, filter.until, filter.type]);
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
      <AsyncBlock data={history.data?.result} error={history.error} loading={history.loading} retry={history.reload}>
        {(entries) => (
          <Section title={t('history.entries', { n: entries.length })} id="history">
            <DataTable
              columns={[t('common.seq'), t('trail.occurred'), t('trail.event'), t('history.about'), t('history.on_behalf')]}
              rows={entries}
              empty={t('history.none')}
              row={(h) => (
                <tr key={h.seq}>
                  <td>{h.seq}</td>
                  <td>{formatDateTime(parseApiTime(h.occurred_at), lang)}</td>
                  <td>{label('event', h.event_type)}</td>
                  <td>
                    <About streamId={h.stream_id} />
                  </td>
                  <td>{h.on_behalf ? t('common.yes') : ''}</td>
                </tr>
              )}
            />
          </Section>
        )}
      </AsyncBlock>
    </div>
  );
}

// What a history entry was about: a client links to the client's timeline; any other
// stream (a branch, an employee, the organisation) is shown by its id.
function About(props: { streamId: string }) {
  const client = /^client-(.+)$/.exec(props.streamId)?.[1];
  if (!client) return <span>{props.streamId}</span>;
  return <Link href={`/audit/clients/${encodeURIComponent(client)}`}>{client}</Link>;
}

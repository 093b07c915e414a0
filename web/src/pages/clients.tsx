// Clients: a sales specialist's own (GET /api/clients?assigned_to=me), a branch's for the
// branch head and product specialists (?branch=), a search across the bank for head
// office and auditors (?q=). Also the don't-disturb check of any client of the region
// (GET /api/clients/{id}/contact-check: exists, owner, last contact — nothing more).

import { useEffect, useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import type { ContactCheck as ContactCheckResult } from '../api/types';
import { useApp } from '../app-context';
import { AsyncBlock, DataTable, ErrorView, Link, Notice, PageTitle, Section, usePersonal } from '../components/ui';
import { hasRole } from '../lib/roles';
import { branchName, nameMap, useEmployees } from '../lib/names';
import { formatDateTime, parseApiTime } from '../lib/time';
import { useLoad } from '../lib/use-load';

export function ClientsPage() {
  const { t, api, principal, label } = useApp();
  const personal = usePersonal();
  const roles = principal?.roles ?? [];
  const mine = hasRole(roles, 'sales_specialist') && !hasRole(roles, 'branch_head', 'head_office', 'auditor');
  const branchScoped = !mine && hasRole(roles, 'branch_head', 'product_specialist');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(q.trim()), 300);
    return () => clearTimeout(timer);
  }, [q]);
  const needsQuery = !mine && !branchScoped;
  const list = useLoad(
    (signal) =>
      needsQuery && !search
        ? Promise.resolve([])
        : endpoints.clients(
            api,
            {
              ...(mine ? { assigned_to: principal?.employee_id } : {}),
              ...(branchScoped ? { branch: principal?.branch_id } : {}),
              q: search,
              limit: 200,
            },
            signal,
          ),
    [search, principal?.employee_id],
  );
  const employees = useEmployees(principal?.branch_id || undefined);
  const employeeName = nameMap(employees, (e) => e.employee_id, (e) => e.name);

  return (
    <div>
      <PageTitle>{mine ? t('clients.mine') : t('clients.title')}</PageTitle>
      <div class="toolbar">
        <label>
          {t('picker.search')}{' '}
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} placeholder={t('picker.search_hint')} />
        </label>
      </div>
      <AsyncBlock data={list.data} error={list.error} loading={list.loading}>
        {(clients) => (
          <DataTable
            class="clients"
            columns={[t('common.client'), t('common.status'), t('common.industry'), t('common.assignee'), mine && t('common.actions')]}
            rows={clients}
            empty={needsQuery && !search ? t('clients.type_to_search') : t('picker.none')}
            row={(c) => (
              <tr key={c.client_id}>
                <td>
                  <Link href={`/clients/${encodeURIComponent(c.client_id)}`}>{personal(c.name)}</Link> <small class="muted">{c.client_id}</small>
                </td>
                <td>{label('status', c.status)}</td>
                <td>{c.industry || '—'}</td>
                <td>{c.assigned_employee_id ? employeeName(c.assigned_employee_id) : '—'}</td>
                {mine ? (
                  <td>
                    <Link href={`/clients/${encodeURIComponent(c.client_id)}/log`} class="button small">
                      {t('card.log_contact')}
                    </Link>
                  </td>
                ) : null}
              </tr>
            )}
          />
        )}
      </AsyncBlock>
      {hasRole(roles, 'sales_specialist', 'product_specialist', 'branch_head') ? <ContactCheck /> : null}
    </div>
  );
}

// The reduced view of a colleague's client, so as not to disturb a client recently
// contacted (DOMAIN.md, seed 001): whose client it is and when it was last contacted,
// with what outcome — nothing more.
function ContactCheck() {
  const { t, api, org, lang, label } = useApp();
  const [id, setId] = useState('');
  const [result, setResult] = useState<ContactCheckResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const check = async (e: Event) => {
    e.preventDefault();
    if (!id.trim()) return;
    setResult(null);
    setError(null);
    try {
      const { result } = await endpoints.contactCheck(api, id.trim());
      setResult(result);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Section title={t('check.title')} id="contact-check">
      <form class="toolbar" onSubmit={check}>
        <label>
          {t('check.client_id')} <input value={id} onInput={(e) => setId(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('check.submit')}</button>
      </form>
      {error ? <ErrorView error={error} /> : null}
      {result && !result.exists ? <Notice tone="info">{t('check.unknown', { id: result.client_id })}</Notice> : null}
      {result?.exists ? (
        <dl class="facts" data-testid="contact-check-result">
          <div>
            <dt>{t('check.branch')}</dt>
            <dd>{branchName(org, result.branch_id ?? '')}</dd>
          </div>
          <div>
            <dt>{t('common.assignee')}</dt>
            <dd>{result.assigned_employee_id || t('check.unassigned')}</dd>
          </div>
          <div>
            <dt>{t('check.last_contact')}</dt>
            <dd>
              {result.last_contact
                ? `${formatDateTime(parseApiTime(result.last_contact.at), lang)} · ${label('outcome', result.last_contact.outcome)}`
                : t('check.never_contacted')}
            </dd>
          </div>
        </dl>
      ) : null}
    </Section>
  );
}

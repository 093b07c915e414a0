// My agenda (GET /api/employees/{id}/agenda?now): next contacts overdue and due today,
// and open tasks, each with a way to the client and to logging the contact.

import * as endpoints from '../api/endpoints';
import { useApp } from '../app-context';
import { AsyncBlock, Badge, DataTable, Empty, Link, PageTitle, Section, usePersonal } from '../components/ui';
import { nameMap, useClientRows } from '../lib/names';
import { formatDateTime, parseApiTime, toApiTime } from '../lib/time';
import { useLoad } from '../lib/use-load';
import type { PageProps } from '../routes';

export function AgendaPage({ params }: PageProps) {
  const { t, api, principal, lang, label } = useApp();
  const personal = usePersonal();
  const employeeId = params.employeeId ?? principal?.employee_id ?? '';
  const own = employeeId === principal?.employee_id;
  const agenda = useLoad(() => endpoints.agenda(api, employeeId, { now: toApiTime(new Date()) }), [employeeId]);
  const clients = useClientRows(own ? { assigned_to: employeeId, limit: 1000 } : null);
  const clientName = nameMap(clients, (c) => c.client_id, (c) => personal(c.name));

  const contactList = (list: { client_id: string; due_at: string | null }[], tone: 'bad' | 'info') => (
    <ul class="agenda">
      {list.map((c) => (
        <li key={c.client_id}>
          <Badge tone={tone === 'bad' ? 'bad' : 'info'}>{formatDateTime(parseApiTime(c.due_at), lang)}</Badge>{' '}
          <Link href={`/clients/${encodeURIComponent(c.client_id)}`}>{clientName(c.client_id)}</Link>{' '}
          <Link href={`/clients/${encodeURIComponent(c.client_id)}/log`} class="button small">
            {t('card.log_contact')}
          </Link>
        </li>
      ))}
    </ul>
  );

  return (
    <div>
      <PageTitle sub={formatDateTime(new Date(), lang)}>{own ? t('agenda.title') : t('agenda.title_of', { id: employeeId })}</PageTitle>
      <AsyncBlock data={agenda.data?.result} error={agenda.error} loading={agenda.loading} retry={agenda.reload}>
        {(a) => (
          <div class="grid">
            <Section title={t('agenda.overdue')} id="agenda-overdue" actions={<Badge tone={a.overdue.length ? 'bad' : 'ok'}>{a.overdue.length}</Badge>}>
              {a.overdue.length ? contactList(a.overdue, 'bad') : <Empty>{t('agenda.none_overdue')}</Empty>}
            </Section>
            <Section title={t('agenda.today')} id="agenda-today" actions={<Badge>{a.due_today.length}</Badge>}>
              {a.due_today.length ? contactList(a.due_today, 'info') : <Empty>{t('agenda.none_today')}</Empty>}
            </Section>
            <Section title={t('agenda.tasks')} id="agenda-tasks" actions={<Badge>{a.open_tasks.length}</Badge>}>
              <DataTable
                columns={[t('common.task'), t('common.client'), t('common.due')]}
                rows={a.open_tasks}
                empty={t('agenda.none_tasks')}
                row={(task) => (
                  <tr key={task.task_id}>
                    <td>
                      {label('task_kind', task.kind)}
                      {task.text ? <div class="muted">{task.text}</div> : null}
                    </td>
                    <td>{task.client_id ? <Link href={`/clients/${encodeURIComponent(task.client_id)}`}>{clientName(task.client_id)}</Link> : '—'}</td>
                    <td>{formatDateTime(parseApiTime(task.due_at), lang)}</td>
                  </tr>
                )}
              />
            </Section>
          </div>
        )}
      </AsyncBlock>
    </div>
  );
}

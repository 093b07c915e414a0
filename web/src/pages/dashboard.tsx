// The branch head's week dashboard (GET /api/branches/{id}/dashboard): plan against fact
// per employee, the pipeline funnel, overdue next contacts, untouched assigned clients,
// hand-overs and automatic tasks. It follows the branch's change notices (GET
// /api/branches/{id}/changes, open to whoever may read the dashboard) and reloads with
// min_seq at the notice's seq, so that the answer includes the change; where the
// notices are unavailable, it reloads every 20 seconds instead and says so. Once a
// minute it reloads anyway, for what the clock moves (overdue contacts).

import { useEffect, useRef, useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import type { Dashboard } from '../api/types';
import { useApp } from '../app-context';
import { FunnelChart, PlanFactChart } from '../components/charts';
import { AsyncBlock, Badge, DataTable, Empty, ErrorView, Link, PageTitle, Section, usePersonal } from '../components/ui';
import { FeedConnection, type FeedState } from '../feed/feed';
import { funnelStages, planFactRows } from '../lib/charts';
import { branchName, departmentName, nameMap, productName, useClientRows, useEmployees } from '../lib/names';
import type { PageProps } from '../routes';
import { addWeeks, formatDateTime, formatWeek, isoWeekOf, parseApiTime, parseWeek } from '../lib/time';
import { withQuery } from '../lib/router';
import { formatPercent } from '../lib/money';

// How often the dashboard is asked again with no change notice: "overdue" moves with
// the clock, not with the log.
const CLOCK_REFRESH_MS = 60_000;
const POLL_MS = 20_000;
// Notices that come close together are answered with one reload.
const RELOAD_DELAY_MS = 300;

export function DashboardPage({ params }: PageProps) {
  const { t, api, principal, query, navigate, org, lang, label, session } = useApp();
  const branchId = params.branchId ?? principal?.branch_id ?? '';
  const week = parseWeek(query.week ?? '') ?? isoWeekOf(new Date());
  const weekText = formatWeek(week);
  const [answer, setAnswer] = useState<{ result: Dashboard; head_seq: number; at: Date } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState<FeedState>({ kind: 'connecting' });
  const [updates, setUpdates] = useState(0);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const personal = usePersonal();

  const employees = useEmployees(branchId || undefined);
  const clients = useClientRows(branchId ? { branch: branchId, limit: 1000 } : null);
  const employeeName = nameMap(employees, (e) => e.employee_id, (e) => e.name);
  const clientName = nameMap(clients, (c) => c.client_id, (c) => personal(c.name));

  // minSeq: the answer must include the log up to it (a change notice's seq); if the
  // server cannot wait that long (409), the next notice or refresh brings it.
  const load = (minSeq?: number) => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    endpoints
      .dashboard(api, branchId, { week: weekText, ...(minSeq ? { min_seq: minSeq } : {}) }, controller.signal)
      .then((a) => {
        setAnswer({ result: a.result, head_seq: a.head_seq, at: new Date() });
        setError(null);
      })
      .catch((e) => {
        if (controller.signal.aborted || (e as Error).name === 'AbortError') return;
        if (minSeq) return; // keep what is shown
        setError(e);
      });
  };

  useEffect(() => {
    if (!branchId) return;
    setAnswer(null);
    load();
    return () => abortRef.current?.abort();
  }, [branchId, weekText, api]);

  // Live updates: start from the seq the first answer was given at.
  const headSeq = answer?.head_seq ?? null;
  const started = headSeq !== null;
  const noticedSeq = useRef(0);
  useEffect(() => {
    if (!started || !session) return;
    const scheduleReload = (_notice: unknown, seq: number) => {
      noticedSeq.current = Math.max(noticedSeq.current, seq);
      if (reloadTimer.current) return;
      reloadTimer.current = setTimeout(() => {
        reloadTimer.current = null;
        setUpdates((n) => n + 1);
        load(noticedSeq.current);
      }, RELOAD_DELAY_MS);
    };
    const feed = new FeedConnection({
      from: (headSeq ?? 0) + 1,
      path: `/api/branches/${encodeURIComponent(branchId)}/changes`,
      token: () => session.token,
      onEvent: scheduleReload,
      onStatus: setLive,
    }).start();
    return () => {
      feed.close();
      if (reloadTimer.current) clearTimeout(reloadTimer.current);
      reloadTimer.current = null;
    };
  }, [started, branchId, weekText, session?.token]);

  useEffect(() => {
    const timer = setInterval(() => load(), live.kind === 'refused' ? POLL_MS : CLOCK_REFRESH_MS);
    return () => clearInterval(timer);
  }, [live.kind, branchId, weekText]);

  if (!branchId) return <ErrorView error={new Error(t('dashboard.no_branch'))} />;

  const goWeek = (n: number) => navigate(withQuery(window.location.pathname, { week: formatWeek(addWeeks(week, n)) }));
  const title = t('dashboard.title', { branch: branchName(org, branchId) });

  return (
    <div>
      <PageTitle sub={<LiveStatus state={live} updates={updates} at={answer?.at ?? null} />}>{title}</PageTitle>
      <div class="toolbar" role="group" aria-label={t('dashboard.week')}>
        <button type="button" class="secondary" onClick={() => goWeek(-1)}>
          ← {t('dashboard.prev_week')}
        </button>
        <label>
          {t('dashboard.week')}{' '}
          <input
            type="text"
            size={9}
            value={weekText}
            title="2026-W03"
            pattern="\d{4}-W\d{2}"
            onChange={(e) => {
              const w = parseWeek(e.currentTarget.value);
              if (w) navigate(withQuery(window.location.pathname, { week: formatWeek(w) }));
            }}
          />
        </label>
        <button type="button" class="secondary" onClick={() => goWeek(1)}>
          {t('dashboard.next_week')} →
        </button>
        <button type="button" class="secondary" onClick={() => load()}>
          {t('common.refresh')}
        </button>
      </div>
      {/* Loading until there is an answer or an error. */}
      <AsyncBlock data={answer?.result} error={error} loading={!error} retry={load}>
        {(d) => (
          <div class="grid">
            <Section title={t('dashboard.plan_fact')} id="plan-fact">
              {Object.keys(d.employees).length === 0 ? (
                <Empty>{t('dashboard.no_employees')}</Empty>
              ) : (
                <PlanFactChart
                  rows={planFactRows(d.employees)}
                  nameOf={employeeName}
                  labels={{ plan: t('dashboard.plan'), fact: t('dashboard.fact'), noPlan: t('dashboard.no_plan'), title: t('dashboard.plan_fact') }}
                />
              )}
              <details>
                <summary>{t('common.as_table')}</summary>
                <DataTable
                  columns={[t('common.employee'), t('dashboard.plan'), t('dashboard.fact'), t('dashboard.share'), t('dashboard.sales')]}
                  rows={planFactRows(d.employees)}
                  row={(r) => (
                    <tr key={r.employee_id}>
                      <td>{employeeName(r.employee_id)}</td>
                      <td>{r.planned || '—'}</td>
                      <td>{r.fact}</td>
                      <td>{formatPercent(r.share, lang)}</td>
                      <td>{r.sales}</td>
                    </tr>
                  )}
                />
              </details>
            </Section>
            <Section title={t('dashboard.pipeline')} id="pipeline">
              <Pipeline d={d} />
            </Section>
            <Section title={t('dashboard.overdue')} id="overdue" actions={<Badge tone={d.overdue_next_contacts.length ? 'warn' : 'ok'}>{d.overdue_next_contacts.length}</Badge>}>
              <DataTable
                columns={[t('common.client'), t('common.employee'), t('common.due')]}
                rows={d.overdue_next_contacts.slice(0, 50)}
                empty={t('dashboard.none_overdue')}
                row={(o) => (
                  <tr key={o.client_id}>
                    <td>
                      <Link href={`/clients/${encodeURIComponent(o.client_id)}`}>{clientName(o.client_id)}</Link>
                    </td>
                    <td>{employeeName(o.employee_id)}</td>
                    <td>{formatDateTime(parseApiTime(o.due_at), lang)}</td>
                  </tr>
                )}
              />
              {d.overdue_next_contacts.length > 50 ? <p class="hint">{t('common.more', { n: d.overdue_next_contacts.length - 50 })}</p> : null}
            </Section>
            <Section title={t('dashboard.untouched')} id="untouched" actions={<Badge tone={d.untouched_assigned.length ? 'warn' : 'ok'}>{d.untouched_assigned.length}</Badge>}>
              {d.untouched_assigned.length === 0 ? (
                <Empty>{t('dashboard.none_untouched')}</Empty>
              ) : (
                <ul class="chips">
                  {d.untouched_assigned.slice(0, 60).map((id) => (
                    <li key={id}>
                      <Link href={`/clients/${encodeURIComponent(id)}`}>{clientName(id)}</Link>
                    </li>
                  ))}
                  {d.untouched_assigned.length > 60 ? <li>{t('common.more', { n: d.untouched_assigned.length - 60 })}</li> : null}
                </ul>
              )}
            </Section>
            <Section title={t('dashboard.hand_overs')} id="hand-overs" actions={<Badge>{d.hand_overs_waiting.length}</Badge>}>
              <DataTable
                columns={[t('common.client'), t('common.department'), t('common.product'), t('dashboard.from')]}
                rows={d.hand_overs_waiting.slice(0, 50)}
                empty={t('dashboard.none_hand_overs')}
                row={(h) => (
                  <tr key={h.client_id + h.department}>
                    <td>
                      <Link href={`/clients/${encodeURIComponent(h.client_id)}`}>{clientName(h.client_id)}</Link>
                    </td>
                    <td>{departmentName(org, h.department, branchId)}</td>
                    <td>{productName(org, h.product_code)}</td>
                    <td>
                      {employeeName(h.from_employee_id)} {h.automatic ? <Badge>{t('dashboard.automatic')}</Badge> : null}
                    </td>
                  </tr>
                )}
              />
            </Section>
            <Section title={t('dashboard.tasks')} id="tasks" actions={<Badge>{d.automatic_tasks_open.length}</Badge>}>
              <DataTable
                columns={[t('common.task'), t('common.employee'), t('common.client'), t('common.due')]}
                rows={d.automatic_tasks_open.slice(0, 50)}
                empty={t('dashboard.none_tasks')}
                row={(task) => (
                  <tr key={task.task_id}>
                    <td>{label('task_kind', task.kind)}</td>
                    <td>{employeeName(task.employee_id)}</td>
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

function Pipeline({ d }: { d: Dashboard }) {
  const { t, label } = useApp();
  const f = funnelStages(d.pipeline);
  return (
    <div>
      <FunnelChart stages={f.stages} labelOf={(k) => t(`funnel.${k}`)} title={t('dashboard.pipeline')} />
      <p class="inline-stats">
        <span>
          {label('outcome', 'refused')}: <strong>{f.refused}</strong>
        </span>
        <span>
          {label('outcome', 'contract_terminated')}: <strong>{f.terminated}</strong>
        </span>
        <span>
          {label('outcome', 'unclear_prospect')}: <strong>{d.pipeline.by_last_outcome.unclear_prospect ?? 0}</strong>
        </span>
      </p>
      <p class="inline-stats">
        {Object.entries(d.pipeline.by_status).map(([status, n]) => (
          <span key={status}>
            {label('status', status)}: <strong>{n}</strong>
          </span>
        ))}
      </p>
    </div>
  );
}

function LiveStatus({ state, updates, at }: { state: FeedState; updates: number; at: Date | null }) {
  const { t, lang } = useApp();
  const when = at ? formatDateTime(at, lang) : '';
  let text: string;
  let tone: 'ok' | 'warn' | 'info' = 'info';
  switch (state.kind) {
    case 'live':
      text = t('live.on');
      tone = 'ok';
      break;
    case 'refused':
      text = t('live.polling', { reason: state.reason });
      tone = 'warn';
      break;
    case 'retrying':
      text = t('live.retrying', { s: Math.round(state.inMs / 1000) });
      tone = 'warn';
      break;
    default:
      text = t('live.connecting');
  }
  return (
    <span class="live" role="status" aria-live="polite" data-live={state.kind} data-updates={updates}>
      <Badge tone={tone}>{text}</Badge> {when ? t('live.updated', { when }) : ''}
    </span>
  );
}

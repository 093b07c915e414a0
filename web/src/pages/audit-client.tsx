// The auditor's client timeline: find a client, then see its card and trail as they stood
// at any moment (GET .../card and .../trail with as_of), chosen with a slider over the
// trail's time span, by stepping from event to event, or by typing a time; and who viewed
// the client's records (GET /api/clients/{id}/viewers).

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { ClientCard, Envelope } from '../api/types';
import { useApp } from '../app-context';
import { CardFacts, TrailTable } from '../components/client-views';
import { AsyncBlock, DataTable, Empty, ErrorView, Link, Loading, Notice, PageTitle, Section, usePersonal } from '../components/ui';
import { asOfScale, eventsBy, nextMark, previousMark } from '../lib/as-of';
import { branchName, nameMap, useEmployees } from '../lib/names';
import { formatDateTime, fromLocalInput, parseApiTime, toApiTime, toDateInput, toLocalInput } from '../lib/time';
import { useLoad } from '../lib/use-load';
import type { PageProps } from '../routes';

export function AuditSearchPage() {
  const { t, api, label, org } = useApp();
  const personal = usePersonal();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const { data, error, loading } = useLoad((signal) => (search ? endpoints.clients(api, { q: search, limit: 50 }, signal) : Promise.resolve(null)), [search]);
  return (
    <div>
      <PageTitle>{t('audit.title')}</PageTitle>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <label>
          {t('audit.find_client')} <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} placeholder={t('picker.search_hint')} />
        </label>
        <button type="submit">{t('common.find')}</button>
      </form>
      {error ? <ErrorView error={error} /> : null}
      {loading && search ? <Loading /> : null}
      {data ? (
        data.length === 0 ? (
          <Empty>{t('picker.none')}</Empty>
        ) : (
          <ul class="list">
            {data.map((c) => (
              <li key={c.client_id}>
                <Link href={`/audit/clients/${encodeURIComponent(c.client_id)}`}>{personal(c.name)}</Link> <small class="muted">{c.client_id}</small> · {label('status', c.status)} ·{' '}
                {branchName(org, c.branch_id)}
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

interface AsOfView {
  at: number | null; // null: now
  card: ClientCard | null;
  cardMissing: boolean;
  trail: Envelope[];
  as_of_seq: number;
  head_seq: number;
}

export function AuditClientPage({ params }: PageProps) {
  const { t, api, lang } = useApp();
  const personal = usePersonal();
  const id = params.clientId ?? '';
  const full = useLoad((signal) => endpoints.trail(api, id, {}, signal), [id]);
  const scale = full.data ? asOfScale(full.data.result, Date.now()) : null;
  const [at, setAt] = useState<number | null>(null); // null: now (the head)
  const [view, setView] = useState<AsOfView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [branch, setBranch] = useState<string | undefined>(undefined);
  const employees = useEmployees(branch);
  const employeeName = nameMap(employees, (e) => e.employee_id, (e) => e.name);

  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    const controller = new AbortController();
    timer.current = setTimeout(async () => {
      const asOf = at == null ? {} : { as_of: toApiTime(new Date(at)) };
      try {
        const [trail, card] = await Promise.all([
          endpoints.trail(api, id, asOf, controller.signal),
          endpoints.card(api, id, asOf, controller.signal).catch((e: unknown) => {
            if (e instanceof ApiError && e.status === 404) return null; // not registered yet
            throw e;
          }),
        ]);
        if (controller.signal.aborted) return;
        setView({
          at,
          card: card?.result ?? null,
          cardMissing: card == null,
          trail: trail.result,
          as_of_seq: trail.as_of_seq,
          head_seq: trail.head_seq,
        });
        if (card?.result.branch_id) setBranch(card.result.branch_id);
        setError(null);
      } catch (e) {
        if (!controller.signal.aborted && (e as Error).name !== 'AbortError') setError(e);
      }
    }, 250);
    return () => {
      controller.abort();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [api, id, at]);

  const position = at ?? scale?.end ?? 0;
  const setPosition = (ms: number) => setAt(scale && ms >= scale.end ? null : ms);
  const prev = scale ? previousMark(scale, position) : null;
  const next = scale ? nextMark(scale, position) : null;

  return (
    <div>
      <PageTitle sub={id}>{view?.card ? t('audit.timeline_of', { name: personal(view.card.name) }) : t('audit.timeline')}</PageTitle>
      <AsyncBlock data={full.data} error={full.error} loading={full.loading} retry={full.reload}>
        {() =>
          scale ? (
            <Section title={t('audit.as_of')} id="as-of">
              <div class="slider">
                <label for="as-of-range">{t('audit.slider')}</label>
                <input
                  id="as-of-range"
                  type="range"
                  min={scale.start}
                  max={scale.end}
                  step={scale.step}
                  value={position}
                  list="as-of-marks"
                  aria-valuetext={at == null ? t('audit.now') : formatDateTime(new Date(position), lang)}
                  onInput={(e) => setPosition(Number(e.currentTarget.value))}
                />
                <datalist id="as-of-marks">
                  {[...new Set(scale.marks)].map((m) => (
                    <option key={m} value={m} />
                  ))}
                </datalist>
                <div class="slider-scale" aria-hidden="true">
                  <span>{formatDateTime(new Date(scale.start), lang)}</span>
                  <span>{formatDateTime(new Date(scale.end), lang)}</span>
                </div>
              </div>
              <div class="toolbar">
                <button type="button" class="secondary" disabled={prev == null} onClick={() => prev != null && setPosition(prev)}>
                  ← {t('audit.prev_event')}
                </button>
                <button type="button" class="secondary" disabled={next == null} onClick={() => next != null && setPosition(next)}>
                  {t('audit.next_event')} →
                </button>
                <button type="button" class="secondary" disabled={at == null} onClick={() => setAt(null)}>
                  {t('audit.now')}
                </button>
                <label>
                  {t('audit.at_time')}{' '}
                  <input
                    type="datetime-local"
                    step={1}
                    value={toLocalInput(new Date(position))}
                    onChange={(e) => {
                      const d = fromLocalInput(e.currentTarget.value);
                      if (d) setPosition(d.getTime());
                    }}
                  />
                </label>
              </div>
              <p role="status" class="as-of-status" data-as-of={at == null ? 'now' : toApiTime(new Date(at))}>
                {at == null
                  ? t('audit.showing_now', { seq: view?.head_seq ?? '…' })
                  : t('audit.showing_at', {
                      when: formatDateTime(new Date(at), lang),
                      seq: view?.as_of_seq ?? '…',
                      head: view?.head_seq ?? '…',
                      n: eventsBy(scale, at),
                      total: scale.marks.length,
                    })}
              </p>
            </Section>
          ) : (
            <Empty>{t('trail.empty')}</Empty>
          )
        }
      </AsyncBlock>
      {error ? <ErrorView error={error} /> : null}
      {view ? (
        <div class="two-col wide-right">
          <Section title={t('card.title')} id="card-as-of">
            {view.cardMissing ? <Notice tone="info">{t('audit.not_yet')}</Notice> : view.card ? <CardFacts card={view.card} employeeName={employeeName} /> : null}
          </Section>
          <Section title={t('audit.trail')} id="trail-as-of">
            <TrailTable trail={view.trail} employeeName={employeeName} />
          </Section>
        </div>
      ) : null}
      <Viewers clientId={id} />
    </div>
  );
}

function Viewers({ clientId }: { clientId: string }) {
  const { t, api, lang, label } = useApp();
  const now = new Date();
  const [from, setFrom] = useState(toDateInput(new Date(now.getFullYear(), now.getMonth() - 1, now.getDate())));
  const [until, setUntil] = useState(toDateInput(now));
  const [range, setRange] = useState<{ from: string; until: string } | null>(null);
  const { data, error, loading } = useLoad(
    () => (range ? endpoints.viewers(api, clientId, range) : Promise.resolve(null)),
    [clientId, range?.from, range?.until],
  );
  const submit = (e: Event) => {
    e.preventDefault();
    const f = fromLocalInput(from);
    const u = fromLocalInput(until);
    setRange({
      from: f ? toApiTime(f) : '',
      until: u ? toApiTime(new Date(u.getFullYear(), u.getMonth(), u.getDate() + 1)) : '',
    });
  };
  return (
    <Section title={t('viewers.title')} id="viewers">
      <form class="toolbar" onSubmit={submit}>
        <label>
          {t('common.from')} <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('common.until')} <input type="date" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('viewers.show')}</button>
      </form>
      {error ? <ErrorView error={error} /> : null}
      {loading && range ? <Loading /> : null}
      {data ? (
        <DataTable
          columns={[t('viewers.when'), t('viewers.who'), t('viewers.what'), t('viewers.route')]}
          rows={data.result}
          empty={t('viewers.none')}
          row={(v, i) => (
            <tr key={i}>
              <td>{formatDateTime(parseApiTime(v.viewed_at), lang)}</td>
              <td>
                {v.viewer_login} <small class="muted">{v.viewer_employee_id}</small>
              </td>
              <td>
                {label('subject', v.subject_kind)}
                {v.as_of_seq ? ` · ${t('viewers.as_of_seq', { seq: v.as_of_seq })}` : ''}
              </td>
              <td>
                <code>{v.route}</code>
              </td>
            </tr>
          )}
        />
      ) : null}
    </Section>
  );
}

// Head office: regions and branches with plan fulfilment, conversion and fill quality,
// and the branches' ranking (GET /api/reports/head-office?from_week&until_week).

import { useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import type { DivisionFigures } from '../api/types';
import { useApp } from '../app-context';
import { BarList } from '../components/charts';
import { AsyncBlock, DataTable, Link, PageTitle, Section } from '../components/ui';
import { formatPercent } from '../lib/money';
import { branchName, regionName } from '../lib/names';
import { addWeeks, formatWeek, isoWeekOf, parseWeek } from '../lib/time';
import { useLoad } from '../lib/use-load';

function Meter({ share, label }: { share: number; label: string }) {
  const pct = Math.max(0, Math.min(1, share));
  return (
    <span class="meter" role="img" aria-label={label}>
      <span class="meter-fill" style={{ width: `${pct * 100}%` }} />
      <span class="meter-text">{label}</span>
    </span>
  );
}

export function HeadOfficePage() {
  const { t, api, org, lang } = useApp();
  // Empty: every week the bank has figures for.
  const [fromWeek, setFromWeek] = useState('');
  const [untilWeek, setUntilWeek] = useState('');
  const example = formatWeek(isoWeekOf(new Date()));
  const [range, setRange] = useState<{ from_week?: string; until_week?: string }>({});
  const [errors, setErrors] = useState<{ from?: string; until?: string }>({});
  const report = useLoad(() => endpoints.headOffice(api, range), [range.from_week, range.until_week]);
  const submit = (e: Event) => {
    e.preventDefault();
    const f = fromWeek.trim() ? parseWeek(fromWeek) : null;
    const u = untilWeek.trim() ? parseWeek(untilWeek) : null;
    const errs = { from: fromWeek.trim() && !f ? t('error.week') : undefined, until: untilWeek.trim() && !u ? t('error.week') : undefined };
    // The server refuses a reversed range (400); say so beside the field instead.
    if (f && u && f.year * 100 + f.week > u.year * 100 + u.week) errs.until = t('error.until_before_from');
    setErrors(errs);
    if (errs.from || errs.until) return;
    setRange({ from_week: f ? formatWeek(f) : undefined, until_week: u ? formatWeek(u) : undefined } as typeof range);
  };
  const row = (d: DivisionFigures, name: string, href?: string) => (
    <tr key={d.id} data-division={d.id}>
      {d.rank != null ? <td>{d.rank}</td> : null}
      <th scope="row">{href ? <Link href={href}>{name}</Link> : name}</th>
      <td>
        <Meter share={d.plan_fulfilment} label={formatPercent(d.plan_fulfilment, lang)} />
      </td>
      <td>{formatPercent(d.conversion, lang)}</td>
      <td>
        <Meter share={d.fill_quality} label={formatPercent(d.fill_quality, lang)} />
      </td>
      <td>{d.contacts}</td>
      <td>{d.sales}</td>
      <td>{d.clients}</td>
    </tr>
  );
  const columns = (ranked: boolean) => [
    ranked && t('office.rank'),
    ranked ? t('office.branch') : t('office.region'),
    t('office.fulfilment'),
    t('office.conversion'),
    t('office.fill'),
    t('office.contacts'),
    t('office.sales'),
    t('office.clients'),
  ];
  return (
    <div>
      <PageTitle>{t('office.title')}</PageTitle>
      <form class="toolbar" onSubmit={submit} noValidate>
        <label>
          {t('office.from_week')}{' '}
          <input size={9} value={fromWeek} placeholder={formatWeek(addWeeks(isoWeekOf(new Date()), -3))} onInput={(e) => setFromWeek(e.currentTarget.value)} aria-invalid={!!errors.from} />
        </label>
        {errors.from ? <small class="field-error">{errors.from}</small> : null}
        <label>
          {t('office.until_week')}{' '}
          <input size={9} value={untilWeek} placeholder={example} onInput={(e) => setUntilWeek(e.currentTarget.value)} aria-invalid={!!errors.until} />
        </label>
        {errors.until ? <small class="field-error">{errors.until}</small> : null}
        <button type="submit">{t('common.show')}</button>
        <span class="hint">{range.from_week || range.until_week ? `${range.from_week ?? '…'} – ${range.until_week ?? '…'}` : t('office.all_weeks')}</span>
      </form>
      <AsyncBlock data={report.data?.result} error={report.error} loading={report.loading} retry={report.reload}>
        {(r) => (
          <>
            <Section title={t('office.regions')} id="regions">
              <DataTable class="figures" columns={columns(false)} rows={r.regions} row={(d) => row(d, regionName(org, d.id))} />
            </Section>
            <Section title={t('office.ranking')} id="ranking">
              <BarList
                title={t('office.ranking')}
                max={1}
                items={r.branches_ranked.slice(0, 15).map((d) => ({
                  key: d.id,
                  label: `${d.rank ?? ''}. ${branchName(org, d.id)}`,
                  value: d.plan_fulfilment,
                  text: formatPercent(d.plan_fulfilment, lang),
                }))}
              />
              <DataTable
                class="figures"
                columns={columns(true)}
                rows={r.branches_ranked}
                row={(d) => row(d, branchName(org, d.id), `/branch/${encodeURIComponent(d.id)}`)}
              />
            </Section>
          </>
        )}
      </AsyncBlock>
    </div>
  );
}

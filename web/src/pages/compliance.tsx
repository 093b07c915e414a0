// The compliance report (GET /api/reports/compliance?from&until): refusals by reason as a
// chart, contacts outside one's region or assignment, and don't-disturb warnings.

import { useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import { useApp } from '../app-context';
import { BarList } from '../components/charts';
import { AsyncBlock, DataTable, Empty, Link, PageTitle, Section, usePersonal } from '../components/ui';
import { formatDateTime, fromLocalInput, parseApiTime, toApiTime, toDateInput } from '../lib/time';
import { nameMap, useClientsByIds, useEmployees } from '../lib/names';
import { useLoad } from '../lib/use-load';

export function CompliancePage() {
  const { t, api, lang, label } = useApp();
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState(toDateInput(new Date()));
  const [range, setRange] = useState<{ from?: string; until?: string }>({});
  const [untilError, setUntilError] = useState<string | undefined>(undefined);
  const report = useLoad(() => endpoints.compliance(api, range), [range.from, range.until]);
  const submit = (e: Event) => {
    e.preventDefault();
    const f = fromLocalInput(from);
    const u = fromLocalInput(until);
    // The server refuses a reversed period (400); say so beside the field instead.
    const reversed = f && u && u.getTime() < f.getTime();
    setUntilError(reversed ? t('error.until_before_from') : undefined);
    if (reversed) return;
    setRange({
      ...(f ? { from: toApiTime(f) } : {}),
      ...(u ? { until: toApiTime(new Date(u.getFullYear(), u.getMonth(), u.getDate() + 1)) } : {}),
    });
  };
  const staff = useEmployees(undefined);
  const employeeName = nameMap(staff, (e) => e.employee_id, (e) => e.name);
  const r = report.data?.result;
  // The rows shown (200 of each list at most) name their clients by id: their names.
  const exceptions = r?.contacts_outside_region_or_assignment.slice(0, 200) ?? [];
  const warnings = r?.dont_disturb_warnings.slice(0, 200) ?? [];
  const named = useClientsByIds([...exceptions, ...warnings].map((row) => row.client_id));
  const personal = usePersonal();
  const clientName = nameMap(named, (c) => c.client_id, (c) => personal(c.name));
  const refusals = r ? Object.entries(r.refusals_by_reason).sort((a, b) => b[1] - a[1]) : [];
  const total = refusals.reduce((s, [, n]) => s + n, 0);
  return (
    <div>
      <PageTitle>{t('compliance.title')}</PageTitle>
      <form class="toolbar" onSubmit={submit}>
        <label>
          {t('common.from')} <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('common.until')}{' '}
          <input type="date" value={until} onInput={(e) => setUntil(e.currentTarget.value)} aria-invalid={!!untilError} />
        </label>
        {untilError ? <small class="field-error">{untilError}</small> : null}
        <button type="submit">{t('common.show')}</button>
      </form>
      <AsyncBlock data={r} error={report.error} loading={report.loading} retry={report.reload}>
        {(r) => (
          <div class="grid">
            <Section title={t('compliance.refusals', { n: total })} id="refusals">
              {refusals.length === 0 ? (
                <Empty>{t('compliance.no_refusals')}</Empty>
              ) : (
                <>
                  <BarList
                    title={t('compliance.refusals', { n: total })}
                    tone="bar-bad"
                    items={refusals.map(([reason, n]) => ({
                      key: reason,
                      label: label('refusal', reason),
                      value: n,
                      text: `${n} (${Math.round((100 * n) / Math.max(1, total))}%)`,
                    }))}
                  />
                  <DataTable
                    class="sr-table"
                    caption={t('compliance.refusals', { n: total })}
                    rows={refusals}
                    row={([reason, n]) => (
                      <tr key={reason}>
                        <th scope="row">{label('refusal', reason)}</th>
                        <td>{n}</td>
                      </tr>
                    )}
                  />
                </>
              )}
            </Section>
            <Section title={t('compliance.exceptions', { n: r.contacts_outside_region_or_assignment.length })} id="exceptions">
              <DataTable
                columns={[t('trail.occurred'), t('common.employee'), t('common.client'), t('compliance.why')]}
                rows={exceptions}
                empty={t('compliance.no_exceptions')}
                row={(x) => (
                  <tr key={x.seq}>
                    <td>{formatDateTime(parseApiTime(x.occurred_at), lang)}</td>
                    <td>
                      <Link href={`/audit/employees/${encodeURIComponent(x.employee_id)}`}>{employeeName(x.employee_id)}</Link>
                    </td>
                    <td>
                      <Link href={`/audit/clients/${encodeURIComponent(x.client_id)}`}>{clientName(x.client_id)}</Link>
                    </td>
                    <td>{[x.outside_region ? t('compliance.outside_region') : '', x.outside_assignment ? t('compliance.outside_assignment') : ''].filter(Boolean).join(', ')}</td>
                  </tr>
                )}
              />
            </Section>
            <Section title={t('compliance.warnings', { n: r.dont_disturb_warnings.length })} id="warnings">
              <DataTable
                columns={[t('trail.occurred'), t('common.client'), t('compliance.warned'), t('compliance.colleague')]}
                rows={warnings}
                empty={t('compliance.no_warnings')}
                row={(w) => (
                  <tr key={w.seq}>
                    <td>{formatDateTime(parseApiTime(w.occurred_at), lang)}</td>
                    <td>
                      <Link href={`/audit/clients/${encodeURIComponent(w.client_id)}`}>{clientName(w.client_id)}</Link>
                    </td>
                    <td>{employeeName(w.warned_employee_id)}</td>
                    <td>
                      {employeeName(w.colleague_id)} · {formatDateTime(parseApiTime(w.colleague_contact_at), lang)}
                    </td>
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

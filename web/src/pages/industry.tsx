// Industry analysis (GET /api/reports/industry): contacts, positive outcomes and sales per
// industry with the conversion, drawn as an SVG chart, and the same figures as a table.

import { useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import { useApp } from '../app-context';
import { IndustryChart } from '../components/charts';
import { AsyncBlock, DataTable, Empty, PageTitle, Section } from '../components/ui';
import { formatMoney, formatPercent } from '../lib/money';
import { useLoad } from '../lib/use-load';

type SortKey = 'contacts' | 'sales' | 'conversion' | 'clients';

export function IndustryPage() {
  const { t, api, lang } = useApp();
  const report = useLoad(() => endpoints.industry(api), []);
  const [sort, setSort] = useState<SortKey>('contacts');
  const [top, setTop] = useState(12);
  const rows = (report.data?.result ?? []).slice().sort((a, b) => b[sort] - a[sort] || a.industry.localeCompare(b.industry));
  const name = (industry: string) => industry || t('industry.none');
  return (
    <div>
      <PageTitle>{t('industry.title')}</PageTitle>
      <div class="toolbar">
        <label>
          {t('industry.sort')}{' '}
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)}>
            <option value="contacts">{t('office.contacts')}</option>
            <option value="sales">{t('office.sales')}</option>
            <option value="conversion">{t('office.conversion')}</option>
            <option value="clients">{t('office.clients')}</option>
          </select>
        </label>
        <label>
          {t('industry.top')}{' '}
          <select value={String(top)} onChange={(e) => setTop(Number(e.currentTarget.value))}>
            {[8, 12, 20, 1000].map((n) => (
              <option key={n} value={String(n)}>
                {n === 1000 ? t('industry.all') : n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <AsyncBlock data={report.data} error={report.error} loading={report.loading} retry={report.reload}>
        {() =>
          rows.length === 0 ? (
            <Empty>{t('industry.empty')}</Empty>
          ) : (
            <>
              <Section title={t('industry.chart')} id="industry-chart">
                <IndustryChart
                  title={t('industry.chart')}
                  rows={rows.slice(0, top).map((r) => ({ industry: r.industry, label: name(r.industry), contacts: r.contacts, positive: r.positive, sales: r.sales, conversion: r.conversion }))}
                  labels={{ contacts: t('office.contacts'), positive: t('industry.positive'), sales: t('office.sales'), conversion: t('office.conversion') }}
                />
              </Section>
              <Section title={t('industry.table')} id="industry-table">
                <div class="scroll">
                  <DataTable
                    class="figures"
                    columns={[
                      t('common.industry'),
                      t('office.clients'),
                      t('office.contacts'),
                      t('industry.positive'),
                      t('office.sales'),
                      t('office.conversion'),
                      t('industry.volume'),
                      t('industry.plan_share'),
                    ]}
                    rows={rows}
                    row={(r) => (
                      <tr key={r.industry}>
                        <th scope="row">{name(r.industry)}</th>
                        <td>{r.clients}</td>
                        <td>{r.contacts}</td>
                        <td>{r.positive}</td>
                        <td>{r.sales}</td>
                        <td>{formatPercent(r.conversion, lang)}</td>
                        <td>
                          {Object.entries(r.sold_volume ?? {})
                            .map(([cur, minor]) => formatMoney(minor, cur, lang))
                            .join(', ') || '—'}
                        </td>
                        <td>{r.planned_contacts > 0 ? formatPercent(r.contacts_in_planned_weeks / r.planned_contacts, lang) : '—'}</td>
                      </tr>
                    )}
                  />
                </div>
              </Section>
            </>
          )
        }
      </AsyncBlock>
    </div>
  );
}

// Industry analysis (GET /api/reports/industry): contacts, positive outcomes and sales per
// industry with the conversion, drawn as an SVG chart, and the same figures as a table.

import { useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import { useApp } from '../app-context';
import { IndustryChart } from '../components/charts';
import { Empty, ErrorView, Loading, PageTitle, Section } from '../components/ui';
import { formatMoney, formatPercent } from '../lib/money';
import { useLoad } from '../lib/use-load';

type SortKey = 'contacts' | 'sales' | 'conversion' | 'clients';

export function IndustryPage() {
  const { t, api, lang } = useApp();
  const { data, error, loading, reload } = useLoad(() => endpoints.industry(api), []);
  const [sort, setSort] = useState<SortKey>('contacts');
  const [top, setTop] = useState(12);
  const rows = (data?.result ?? []).slice().sort((a, b) => b[sort] - a[sort] || a.industry.localeCompare(b.industry));
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
      {error ? <ErrorView error={error} retry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
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
                <table class="figures">
                  <thead>
                    <tr>
                      <th scope="col">{t('common.industry')}</th>
                      <th scope="col">{t('office.clients')}</th>
                      <th scope="col">{t('office.contacts')}</th>
                      <th scope="col">{t('industry.positive')}</th>
                      <th scope="col">{t('office.sales')}</th>
                      <th scope="col">{t('office.conversion')}</th>
                      <th scope="col">{t('industry.volume')}</th>
                      <th scope="col">{t('industry.plan_share')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
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
                    ))}
                  </tbody>
                </table>
              </div>
            </Section>
          </>
        )
      ) : null}
    </div>
  );
}

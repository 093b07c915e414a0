// The organisation (GET /api/organisation): regions with their branches, departments and
// products. Any signed-in user may read it; it is the admin's start page.

import { useApp } from '../app-context';
import { DataTable, Loading, PageTitle, Section } from '../components/ui';

export function OrganisationPage() {
  const { t, org, label } = useApp();
  if (!org) return <Loading />;
  return (
    <div>
      <PageTitle>{t('org.title')}</PageTitle>
      <div class="two-col">
        <Section title={t('org.structure')} id="org-structure">
          <ul class="tree">
            {org.regions.map((r) => (
              <li key={r.region_id}>
                <strong>{r.name}</strong> <small class="muted">{r.region_id}</small>
                <ul>
                  {org.branches
                    .filter((b) => b.region_id === r.region_id)
                    .map((b) => (
                      <li key={b.branch_id}>
                        {b.name} <small class="muted">{b.branch_id}</small>
                        <small class="muted">
                          {' · '}
                          {org.departments
                            .filter((d) => d.branch_id === b.branch_id)
                            .map((d) => d.name)
                            .join(', ')}
                        </small>
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
        </Section>
        <Section title={t('org.products')} id="org-products">
          <DataTable
            columns={[t('org.code'), t('common.product'), t('common.department')]}
            rows={org.products}
            row={(p) => (
              <tr key={p.product_code}>
                <td>
                  <code>{p.product_code}</code>
                </td>
                <td>{p.name}</td>
                <td>{p.owning_department}</td>
              </tr>
            )}
          />
          <h3>{t('org.refusal_reasons')}</h3>
          <ul>
            {org.refusal_reasons.map((r) => (
              <li key={r}>{label('refusal', r)}</li>
            ))}
          </ul>
        </Section>
      </div>
    </div>
  );
}

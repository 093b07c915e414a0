// The client card's facts and the client's trail (its events with who, when and what),
// shared by the client page and the auditor's timeline.

import type { ClientCard, Envelope } from '../api/types';
import { useApp } from '../app-context';
import { eventOf, eventSummary } from '../lib/events';
import { branchName, departmentName, productName } from '../lib/names';
import { formatDateTime, parseApiTime } from '../lib/time';
import { Badge, DataTable, Empty, usePersonal } from './ui';

export function CardFacts({ card, employeeName }: { card: ClientCard; employeeName: (id: string) => string }) {
  const { t, label, lang, org } = useApp();
  const personal = usePersonal();
  const held = Object.entries(card.products_held ?? {});
  const waiting = Object.entries(card.waiting_hand_overs ?? {});
  const rows: [string, string | preact.JSX.Element][] = [
    [t('card.name'), personal(card.name)],
    [t('card.kind'), label('client_kind', card.kind)],
    [t('common.status'), label('status', card.status)],
    [t('common.industry'), card.industry || '—'],
    [t('card.tax_id'), card.tax_id || '—'],
    [t('card.branch'), branchName(org, card.branch_id)],
    [t('card.source'), label('source', card.source)],
    [t('common.assignee'), card.assigned_employee_id ? employeeName(card.assigned_employee_id) : '—'],
    [t('card.offered'), card.products_offered.map((p) => productName(org, p)).join(', ') || '—'],
    [t('card.held'), held.map(([p, n]) => `${productName(org, p)} × ${n}`).join(', ') || '—'],
    [t('card.contacts'), String(card.contacts)],
    [
      t('card.last_contact'),
      card.last_contact
        ? `${formatDateTime(parseApiTime(card.last_contact.at), lang)} · ${label('contact_type', card.last_contact.contact_type)} · ${label('outcome', card.last_contact.outcome)} · ${employeeName(card.last_contact.employee_id)}`
        : '—',
    ],
    [t('card.next_contact'), formatDateTime(parseApiTime(card.next_contact_due), lang)],
    [t('card.hand_overs'), waiting.map(([d, p]) => `${departmentName(org, d, card.branch_id)}: ${productName(org, p)}`).join(', ') || '—'],
    [t('card.registered'), formatDateTime(parseApiTime(card.registered_at), lang)],
    [t('card.satisfaction'), card.last_satisfaction == null ? '—' : `${card.last_satisfaction}/10`],
  ];
  if (card.merged_into) rows.push([t('card.merged_into'), card.merged_into]);
  if (Object.keys(card.links ?? {}).length) {
    rows.push([t('card.links'), Object.entries(card.links).map(([id, r]) => `${id} (${label('relation', r)})`).join(', ')]);
  }
  if ((card.campaigns ?? []).length) rows.push([t('card.campaigns'), card.campaigns.join(', ')]);
  return (
    <div>
      {card.personal_data_erased ? <Badge tone="warn">{t('card.erased')}</Badge> : null}
      <dl class="facts" data-client={card.client_id}>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function TrailTable({ trail, employeeName, highlightAfter }: { trail: Envelope[]; employeeName: (id: string) => string; highlightAfter?: number }) {
  const { t, label, lang } = useApp();
  const personal = usePersonal();
  if (trail.length === 0) return <Empty>{t('trail.empty')}</Empty>;
  const words = { lang, label, personal: (v: unknown) => personal(v as never) };
  return (
    <div class="scroll">
      <DataTable
        class="trail"
        columns={['#', t('trail.occurred'), t('trail.event'), t('trail.actor'), t('trail.what'), t('trail.recorded')]}
        rows={trail.slice().reverse()}
        row={(e) => (
          <tr key={e.seq} data-seq={e.seq} class={highlightAfter != null && e.seq > highlightAfter ? 'later' : ''}>
            <td>{e.seq}</td>
            <td>{formatDateTime(parseApiTime(e.occurred_at), lang)}</td>
            <td>{label('event', e.event_type)}</td>
            <td>
              {employeeName(e.actor)}
              {e.on_behalf_of ? (
                <small class="muted">
                  {' '}
                  {t('trail.on_behalf', { id: employeeName(e.on_behalf_of) })}
                </small>
              ) : null}
            </td>
            <td>{eventSummary(eventOf(e), words)}</td>
            <td>{formatDateTime(parseApiTime(e.recorded_at), lang)}</td>
          </tr>
        )}
      />
    </div>
  );
}


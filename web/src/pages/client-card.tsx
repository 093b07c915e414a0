// A client's card (GET /api/clients/{id}/card) and history (GET .../trail), with the
// actions of the viewer's role: the assignee logs a contact or closes the agreed next
// contact (CompleteNextContact); a product specialist accepts or returns a hand-over
// waiting for their department (AcceptHandOver, ReturnHandOver).

import { useState } from 'preact/hooks';
import { ApiError, SubmissionKeys } from '../api/client';
import * as endpoints from '../api/endpoints';
import { useApp } from '../app-context';
import { CardFacts, TrailTable } from '../components/client-views';
import { AsyncBlock, ErrorView, Link, Loading, Notice, PageTitle, Section, usePersonal } from '../components/ui';
import { nameMap, useEmployees } from '../lib/names';
import { hasRole } from '../lib/roles';
import { useLoad } from '../lib/use-load';
import type { PageProps } from '../routes';

export function ClientCardPage({ params }: PageProps) {
  const { t, api, principal } = useApp();
  const personal = usePersonal();
  const id = params.clientId ?? '';
  const card = useLoad((signal) => endpoints.card(api, id, {}, signal), [id]);
  const trail = useLoad((signal) => endpoints.trail(api, id, {}, signal), [id]);
  const c = card.data?.result;
  const employees = useEmployees(c?.branch_id || undefined);
  const employeeName = nameMap(employees, (e) => e.employee_id, (e) => e.name);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [returnReason, setReturnReason] = useState('');

  const roles = principal?.roles ?? [];
  const mayLog = !!c && hasRole(roles, 'sales_specialist') && !c.merged_into;
  const dept = principal?.department_id ?? '';
  const waitingForMe = c && hasRole(roles, 'product_specialist') && dept && c.waiting_hand_overs?.[dept] !== undefined;

  // One Idempotency-Key per action on this client until it is acknowledged (client.ts).
  const [keys] = useState(() => new SubmissionKeys());
  const run = async (name: string, body: unknown) => {
    setMessage(null);
    try {
      const r = await api.command(name, body, keys.keyFor(name, body));
      keys.acknowledged(name);
      setMessage({ tone: 'ok', text: t('card.done', { seq: r.seq }) });
      card.reload();
      trail.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: error instanceof ApiError ? `${error.message} (HTTP ${error.status})` : String(error) });
    }
  };

  return (
    <div>
      <PageTitle sub={id}>{c ? personal(c.name) : t('card.title')}</PageTitle>
      {card.error ? <ErrorView error={card.error} retry={card.reload} /> : null}
      {card.loading && !c ? <Loading /> : null}
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {c ? (
        <div class="two-col wide-right">
          <Section
            title={t('card.title')}
            id="card"
            actions={
              mayLog ? (
                <Link href={`/clients/${encodeURIComponent(id)}/log`} class="button">
                  {t('card.log_contact')}
                </Link>
              ) : undefined
            }
          >
            <CardFacts card={c} employeeName={employeeName} />
            <div class="actions">
              {mayLog && c.next_contact_due ? (
                <button type="button" class="secondary" onClick={() => run('CompleteNextContact', { client_id: id })}>
                  {t('card.complete_next')}
                </button>
              ) : null}
              {waitingForMe ? (
                <>
                  <button type="button" onClick={() => run('AcceptHandOver', { client_id: id, department: dept })}>
                    {t('card.accept_hand_over')}
                  </button>
                  <label>
                    {t('card.return_reason')}{' '}
                    <input value={returnReason} onInput={(e) => setReturnReason(e.currentTarget.value)} />
                  </label>
                  <button
                    type="button"
                    class="secondary"
                    disabled={!returnReason.trim()}
                    onClick={() => run('ReturnHandOver', { client_id: id, department: dept, reason: returnReason.trim() })}
                  >
                    {t('card.return_hand_over')}
                  </button>
                </>
              ) : null}
            </div>
          </Section>
          <Section title={t('card.history')} id="history">
            <AsyncBlock data={trail.data?.result} error={trail.error} loading={trail.loading} retry={trail.reload}>
              {(events) => <TrailTable trail={events} employeeName={employeeName} />}
            </AsyncBlock>
          </Section>
        </div>
      ) : null}
    </div>
  );
}

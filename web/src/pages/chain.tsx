// Chain verification status of both logs (GET /api/chain): head seq, head hash and
// whether the hash chain verified.

import * as endpoints from '../api/endpoints';
import { useApp } from '../app-context';
import { AsyncBlock, Badge, PageTitle, Section } from '../components/ui';
import { formatDateTime, parseApiTime } from '../lib/time';
import { useLoad } from '../lib/use-load';

export function ChainPage() {
  const { t, api, lang, label } = useApp();
  const chain = useLoad(() => endpoints.chain(api), []);
  return (
    <div>
      <PageTitle>{t('chain.title')}</PageTitle>
      <div class="toolbar">
        <button type="button" class="secondary" onClick={chain.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <AsyncBlock data={chain.data} error={chain.error} loading={chain.loading} retry={chain.reload}>
        {(data) => (
          <div class="grid">
            {Object.entries(data).map(([name, log]) => (
              <Section key={name} title={label('chainlog', name)} id={`chain-${name}`} actions={<Badge tone={log.verified ? 'ok' : 'bad'}>{log.verified ? t('chain.verified') : t('chain.not_verified')}</Badge>}>
                <dl class="facts">
                  <div>
                    <dt>{t('chain.head_seq')}</dt>
                    <dd>{log.head_seq}</dd>
                  </div>
                  <div>
                    <dt>{t('chain.head_hash')}</dt>
                    <dd>
                      <code class="hash">{log.head_hash}</code>
                    </dd>
                  </div>
                  {log.verified_through_seq != null ? (
                    <div>
                      <dt>{t('chain.verified_through')}</dt>
                      <dd>{log.verified_through_seq}</dd>
                    </div>
                  ) : null}
                  {log.checked_at ? (
                    <div>
                      <dt>{t('chain.checked_at')}</dt>
                      <dd>{formatDateTime(parseApiTime(log.checked_at), lang)}</dd>
                    </div>
                  ) : null}
                  {log.message ? (
                    <div>
                      <dt>{t('chain.message')}</dt>
                      <dd>{log.message}</dd>
                    </div>
                  ) : null}
                </dl>
              </Section>
            ))}
          </div>
        )}
      </AsyncBlock>
    </div>
  );
}

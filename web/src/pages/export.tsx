// Export a period of the log (GET /api/export?from&to&format) as JSON lines or CSV. The
// request carries the bearer token, so the file is fetched and then saved from memory.

import { useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import { useApp } from '../app-context';
import { ErrorView, Field, Notice, PageTitle, Section } from '../components/ui';
import { fromLocalInput, toApiTime, toDateInput } from '../lib/time';

export function ExportPage() {
  const { t, api } = useApp();
  const now = new Date();
  const [from, setFrom] = useState(toDateInput(new Date(now.getFullYear(), now.getMonth(), 1)));
  const [to, setTo] = useState(toDateInput(now));
  const [format, setFormat] = useState<'jsonl' | 'csv'>('jsonl');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ name: string; bytes: number } | null>(null);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const f = fromLocalInput(from);
    const u = fromLocalInput(to);
    const errs: typeof errors = {};
    if (!f) errs.from = t('error.date');
    if (!u) errs.to = t('error.date');
    if (f && u && u.getTime() < f.getTime()) errs.to = t('error.until_before_from');
    setErrors(errs);
    if (errs.from || errs.to || !f || !u) return;
    setBusy(true);
    try {
      const end = new Date(u.getFullYear(), u.getMonth(), u.getDate() + 1); // the last day included
      const { blob, filename } = await endpoints.exportPeriod(api, { from: toApiTime(f), to: toApiTime(end), format });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDone({ name: filename, bytes: blob.size });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageTitle>{t('export.title')}</PageTitle>
      <form onSubmit={submit} noValidate class="form narrow">
        <Section title={t('export.period')} id="export">
          <div class="row">
            <Field id="export-from" label={t('common.from')} error={errors.from} required>
              {(a) => <input {...a} type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />}
            </Field>
            <Field id="export-to" label={t('common.until')} error={errors.to} required hint={t('campaign.until_hint')}>
              {(a) => <input {...a} type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />}
            </Field>
          </div>
          <fieldset class="field">
            <legend>{t('export.format')}</legend>
            <label class="check">
              <input type="radio" name="format" value="jsonl" checked={format === 'jsonl'} onChange={() => setFormat('jsonl')} /> JSON lines
            </label>
            <label class="check">
              <input type="radio" name="format" value="csv" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV (RFC 4180)
            </label>
          </fieldset>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? t('export.working') : t('export.submit')}
            </button>
          </div>
        </Section>
      </form>
      {error ? <ErrorView error={error} /> : null}
      {done ? <Notice tone="ok">{t('export.done', { name: done.name, kb: Math.ceil(done.bytes / 1024) })}</Notice> : null}
    </div>
  );
}

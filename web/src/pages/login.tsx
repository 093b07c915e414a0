// Sign-in: login and password → POST /api/login; then the page the visitor came for, or
// the start page of the principal's role.

import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import { useApp } from '../app-context';
import { Field, Notice, PageTitle } from '../components/ui';
import { startPage } from '../lib/roles';
import { safeReturnPath } from '../lib/router';

export function LoginPage() {
  const { t, api, signIn, navigate, query, notice } = useApp();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ login?: string; password?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: typeof errors = {};
    if (!login.trim()) missing.login = t('error.required');
    if (!password) missing.password = t('error.required');
    setErrors(missing);
    setFailure(null);
    if (missing.login || missing.password) {
      document.getElementById(missing.login ? 'login' : 'password')?.focus();
      return;
    }
    setBusy(true);
    try {
      const answer = await endpoints.login(api, { login: login.trim(), password });
      signIn(answer);
      navigate(safeReturnPath(query.next) ?? startPage(answer.principal.roles), { replace: true });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 400)) {
        setFailure(t('login.failed') + (error.message ? ` (${error.message})` : ''));
      } else {
        setFailure(t('error.request_failed') + ': ' + String((error as Error).message ?? error));
      }
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login">
      <PageTitle>{t('login.title')}</PageTitle>
      <p class="sub">{t('login.intro')}</p>
      {notice ? <Notice tone="info">{t(notice)}</Notice> : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <form onSubmit={submit} noValidate class="form narrow" aria-busy={busy}>
        <Field id="login" label={t('login.login')} error={errors.login} required>
          {(a) => (
            <input {...a} name="login" autocomplete="username" value={login} onInput={(e) => setLogin(e.currentTarget.value)} autoFocus />
          )}
        </Field>
        <Field id="password" label={t('login.password')} error={errors.password} required>
          {(a) => (
            <input
              {...a}
              name="password"
              type="password"
              autocomplete="current-password"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('login.signing_in') : t('login.sign_in')}
          </button>
        </div>
      </form>
    </div>
  );
}

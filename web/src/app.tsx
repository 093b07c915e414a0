// The application shell: owns the language, the session, the location and the
// organisation; draws the header (menu, language switch, sign-out) and the page the
// location names. Pages get everything through useApp() (app-context.ts).

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Api, ApiError } from './api/client';
import * as endpoints from './api/endpoints';
import { clearSession, loadSession, saveSession, type Session, withPrincipal } from './api/session';
import type { LoginResponse, Organisation } from './api/types';
import { AppContext, type AppState, useApp } from './app-context';
import { ErrorView, Link } from './components/ui';
import { detectLanguage, enumLabel, type Lang, LANGS, type MessageKey, translate } from './i18n/i18n';
import { menuFor } from './lib/roles';
import { safeReturnPath, searchParams, withQuery } from './lib/router';
import { resolveRoute } from './routes';

const LANG_KEY = 'prospekt.lang';

function storage(kind: 'local' | 'session'): Storage | undefined {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return undefined; // storage disabled
  }
}

function currentLocation() {
  return { path: window.location.pathname || '/', search: window.location.search };
}

export function App() {
  const [lang, setLangState] = useState<Lang>(() =>
    detectLanguage(storage('local')?.getItem(LANG_KEY) ?? null, navigator.languages ?? [navigator.language]),
  );
  const [session, setSession] = useState<Session | null>(() => loadSession(storage('session'), new Date()));
  const [location, setLocation] = useState(currentLocation);
  const [org, setOrg] = useState<Organisation | null>(null);
  // Why the organisation could not be loaded, shown above every page until a retry works.
  const [orgError, setOrgError] = useState<unknown>(null);
  const [orgAttempt, setOrgAttempt] = useState(0);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    storage('local')?.setItem(LANG_KEY, next);
  }, []);

  const navigate = useCallback((to: string, options?: { replace?: boolean }) => {
    const before = window.location.pathname;
    if (options?.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setLocation(currentLocation());
    // Only a new page moves the focus (a new week or filter of the same page keeps it on
    // the control used): to the page's autofocus field if it has one, else the page.
    if (window.location.pathname === before) return;
    window.scrollTo(0, 0);
    requestAnimationFrame(() => {
      const main = mainRef.current;
      const wanted = main?.querySelector<HTMLElement>('[autofocus]');
      (wanted ?? main)?.focus({ preventScroll: true });
    });
  }, []);

  useEffect(() => {
    const onPop = () => setLocation(currentLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const signOutLocal = useCallback(
    (reason?: MessageKey) => {
      clearSession(storage('session'));
      setSession(null);
      setOrg(null);
      setOrgError(null);
      setNotice(reason ?? null);
      const here = window.location.pathname + window.location.search;
      const back = safeReturnPath(here);
      navigate(withQuery('/login', { next: reason && back ? back : undefined }), { replace: true });
    },
    [navigate],
  );

  const api = useMemo(
    () =>
      new Api(
        () => sessionRef.current?.token ?? null,
        (error: ApiError) => {
          if (sessionRef.current && error.status === 401) signOutLocal('login.expired');
        },
      ),
    [signOutLocal],
  );

  const signIn = useCallback(
    (login: LoginResponse) => {
      const s = saveSession(storage('session'), login);
      sessionRef.current = s;
      setSession(s);
      setNotice(null);
    },
    [],
  );

  const signOut = useCallback(
    (reason?: MessageKey) => {
      if (sessionRef.current) endpoints.logout(api).catch(() => undefined); // revoke; leave either way
      signOutLocal(reason);
    },
    [api, signOutLocal],
  );

  // A session kept from before a reload: ask the server who it is now (roles or branch
  // may have changed; an expired or revoked token answers 401, which signs out).
  useEffect(() => {
    if (!sessionRef.current) return;
    endpoints
      .me(api)
      .then(({ principal }) => {
        const s = sessionRef.current;
        if (!s || !principal?.employee_id) return;
        const next = withPrincipal(storage('session'), s, principal);
        sessionRef.current = next;
        setSession(next);
      })
      // A 401 has signed out already (the Api's handler); any other failure keeps the
      // session as stored, and the page's own requests show what is wrong.
      .catch(() => undefined);
  }, [api]);

  // The organisation, once per session: names of branches, products, refusal reasons.
  // Without it the pages still work on ids, with empty choice lists, so a failure is said
  // above the page (with a retry) instead of hiding behind those empty lists.
  useEffect(() => {
    if (!session) return;
    let live = true;
    endpoints
      .organisation(api)
      .then((o) => {
        if (!live) return;
        setOrg(o);
        setOrgError(null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setOrg((known) => known ?? { regions: [], branches: [], departments: [], products: [], refusal_reasons: [] });
        setOrgError(e);
      });
    return () => {
      live = false;
    };
  }, [session?.token, api, orgAttempt]);

  const t = useCallback((key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params), [lang]);
  const label = useCallback((group: string, value: string) => enumLabel(lang, group, value), [lang]);

  const state: AppState = {
    lang,
    setLang,
    t,
    label,
    session,
    principal: session?.principal ?? null,
    api,
    path: location.path,
    query: searchParams(location.search),
    navigate,
    signIn,
    signOut,
    org,
    notice,
  };

  const route = resolveRoute(location.path, session?.principal ?? null);
  useEffect(() => {
    if (route.redirect) navigate(route.redirect, { replace: true });
  }, [route.redirect, navigate]);

  const Page = route.page;
  return (
    <AppContext.Provider value={state}>
      <a class="skip" href="#main">
        {t('common.skip')}
      </a>
      <Header />
      <main id="main" ref={mainRef} tabIndex={-1}>
        {session && orgError ? (
          <ErrorView error={orgError} title={t('error.organisation')} retry={() => setOrgAttempt((n) => n + 1)} />
        ) : null}
        {route.redirect ? null : <Page key={location.path} params={route.params} />}
      </main>
    </AppContext.Provider>
  );
}

function Header() {
  const { t, lang, setLang, principal, path, signOut, label } = useApp();
  const menu = principal ? menuFor(principal.roles) : [];
  // The longest menu path that the location starts with is the current page.
  const current = menu
    .filter((i) => path === i.path || path.startsWith(i.path + '/'))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  return (
    <header class="top">
      <div class="brand">
        <Link href="/">Prospekt</Link>
      </div>
      {principal ? (
        <nav aria-label={t('nav.label')}>
          <ul>
            {menu.map((item) => (
              <li key={item.path}>
                <Link href={item.path} aria-current={item.path === current ? 'page' : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        <span class="spacer" />
      )}
      <div class="tools">
        <div class="lang" role="group" aria-label={t('lang.label')}>
          {LANGS.map((l) => (
            <button key={l} type="button" aria-pressed={lang === l} onClick={() => setLang(l)} lang={l} title={translate(l, 'lang.name')}>
              {l.toUpperCase()}
            </button>
          ))}
        </div>
        {principal ? (
          <>
            <span class="who" title={principal.roles.map((r) => label('role', r)).join(', ')}>
              {principal.login}
              <small>{principal.roles.map((r) => label('role', r)).join(', ')}</small>
            </span>
            <button type="button" class="secondary" onClick={() => signOut()}>
              {t('login.sign_out')}
            </button>
          </>
        ) : null}
      </div>
    </header>
  );
}

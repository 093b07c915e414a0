// The app's shared state, handed to every page through one Preact context: the language
// and its translate functions, the session and its Api, the location and navigate, and
// the organisation (regions, branches, products, refusal reasons) loaded once per session.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api/client';
import type { Session } from './api/session';
import type { LoginResponse, Organisation, Principal } from './api/types';
import type { Lang, MessageKey, Params } from './i18n/i18n';

export interface AppState {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Params) => string;
  label: (group: string, value: string) => string;
  session: Session | null;
  principal: Principal | null;
  api: Api;
  path: string;
  query: Record<string, string>;
  navigate: (to: string, options?: { replace?: boolean }) => void;
  signIn: (login: LoginResponse) => void;
  signOut: (reason?: MessageKey) => void;
  org: Organisation | null;
  notice: MessageKey | null;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside <App>');
  return state;
}

// The signed-in session: the bearer token, when it expires, and who it is. Kept in
// sessionStorage, so it lives as long as the tab and is gone when the tab closes; the
// server stays the judge (an expired or revoked token answers 401 and the app drops it).

import { parseApiTime } from '../lib/time';
import type { LoginResponse, Principal } from './types';

export interface Session {
  token: string;
  expires_at: string;
  principal: Principal;
}

const KEY = 'prospekt.session';

export function loadSession(storage: Storage | undefined, now: Date): Session | null {
  if (!storage) return null;
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (!session.token || !session.principal) return null;
    const expires = parseApiTime(session.expires_at);
    if (expires && expires.getTime() <= now.getTime()) {
      storage.removeItem(KEY);
      return null;
    }
    return session;
  } catch {
    return null;
  }
}

export function saveSession(storage: Storage | undefined, login: LoginResponse): Session {
  const session: Session = { token: login.token, expires_at: login.expires_at, principal: login.principal };
  storage?.setItem(KEY, JSON.stringify(session));
  return session;
}

// The same session with the principal the server now reports (GET /api/me).
export function withPrincipal(storage: Storage | undefined, session: Session, principal: Principal): Session {
  const next = { ...session, principal };
  storage?.setItem(KEY, JSON.stringify(next));
  return next;
}

export function clearSession(storage: Storage | undefined): void {
  storage?.removeItem(KEY);
}

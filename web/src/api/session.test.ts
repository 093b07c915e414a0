import { describe, expect, it } from 'vitest';
import { clearSession, loadSession, saveSession, withPrincipal } from './session';

class MemoryStorage {
  private map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
}

const principal = { login: 'head', employee_id: 'e1', roles: ['branch_head' as const], branch_id: 'b1', region_id: 'r1', department_id: 'sales' };

describe('session', () => {
  it('keeps a session until it expires, then forgets it', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    saveSession(storage, { token: 't', expires_at: '2026-01-05T21:00:00.000000Z', principal });
    expect(loadSession(storage, new Date('2026-01-05T20:59:59Z'))?.token).toBe('t');
    expect(loadSession(storage, new Date('2026-01-05T21:00:00Z'))).toBeNull();
    expect(storage.getItem('prospekt.session')).toBeNull();
  });

  it('updates the principal and clears', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    const s = saveSession(storage, { token: 't', expires_at: '2099-01-01T00:00:00Z', principal });
    withPrincipal(storage, s, { ...principal, roles: ['auditor'] });
    expect(loadSession(storage, new Date())?.principal.roles).toEqual(['auditor']);
    clearSession(storage);
    expect(loadSession(storage, new Date())).toBeNull();
  });

  it('ignores damaged or missing storage', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    storage.setItem('prospekt.session', '{not json');
    expect(loadSession(storage, new Date())).toBeNull();
    expect(loadSession(undefined, new Date())).toBeNull();
  });
});

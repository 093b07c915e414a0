import { describe, expect, it } from 'vitest';
import { matchRoute, safeReturnPath, searchParams, withQuery } from './router';

describe('router', () => {
  it('matches patterns and decodes parameters', () => {
    expect(matchRoute('/clients/:id', '/clients/c%2F1')).toEqual({ id: 'c/1' });
    expect(matchRoute('/clients/:id', '/clients/c1/')).toEqual({ id: 'c1' });
    expect(matchRoute('/clients/:id', '/clients')).toBeNull();
    expect(matchRoute('/branch', '/branch/assign')).toBeNull();
    expect(matchRoute('/', '/')).toEqual({});
    expect(matchRoute('/x/:id', '/x/%E0%A4%A')).toBeNull();
  });
  it('builds and reads queries', () => {
    expect(withQuery('/branch', { week: '2026-W03', as_of: '' })).toBe('/branch?week=2026-W03');
    expect(searchParams('?week=2026-W03&q=a+b')).toEqual({ week: '2026-W03', q: 'a b' });
  });
  it('follows only paths of the app after login', () => {
    expect(safeReturnPath('/clients/c1?x=1')).toBe('/clients/c1?x=1');
    expect(safeReturnPath('//evil.example')).toBeNull();
    expect(safeReturnPath('https://evil.example')).toBeNull();
    expect(safeReturnPath('/login')).toBeNull();
    expect(safeReturnPath('/api/export')).toBeNull();
    expect(safeReturnPath(null)).toBeNull();
  });
});

// A small history-API router: path patterns with ":name" segments, matched in order.
// prospektd serves index.html for every path that is not /api or /feed, so deep links
// and reloads land in the app. Pure matching here; app.tsx listens to popstate.

export type Params = Record<string, string>;

// The parameters of `path` under `pattern` ("/clients/:id"), or null when it does not match.
export function matchRoute(pattern: string, path: string): Params | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null;
      }
    } else if (w !== h) {
      return null;
    }
  }
  return params;
}

// The search parameters of a location as a plain object.
export function searchParams(search: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search));
}

// A path with its query: withQuery("/branch", {week: "2026-W03"}).
export function withQuery(path: string, query: Record<string, string | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v != null && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

// Only same-app paths are followed after login (no "//evil.example" redirects).
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/login')) return null;
  if (value.startsWith('/api') || value.startsWith('/feed')) return null;
  return value;
}

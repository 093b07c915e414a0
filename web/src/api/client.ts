// The one way the UI talks to prospektd: fetch() with the session's bearer token, JSON in
// and out, every non-2xx answer turned into an ApiError carrying the server's error body
// ({"error", "message", "field"}, docs/design/server.md). A 401 also tells the app to
// drop the session (the token expired or was revoked).
//
// The pure parts (query strings, error bodies, query answers) are exported for tests.
// One Api per session; the page has one thread, so nothing here locks.

import type { CommandResult, DontDisturbWarning, ErrorBody, QueryAnswer } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string;
  readonly currentVersion: number | null;

  constructor(status: number, body: ErrorBody) {
    super(body.message || body.error || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.error || 'http_' + status;
    this.field = body.field ?? '';
    this.currentVersion = typeof body.current_version === 'number' ? body.current_version : null;
  }
}

export type QueryValue = string | number | boolean | null | undefined | readonly string[];

// "?a=1&b=x%20y" from params, leaving out null, undefined and "" (an empty parameter would
// be a bad query parameter to the server); arrays join with commas (kinds=client,employee).
export function buildQuery(params: Record<string, QueryValue> | undefined): string {
  if (!params) return '';
  const parts: string[] = [];
  for (const [name, raw] of Object.entries(params)) {
    if (raw == null || raw === '') continue;
    const value = Array.isArray(raw) ? raw.join(',') : String(raw);
    if (value === '') continue;
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  return parts.length ? '?' + parts.join('&') : '';
}

// The error body of a failed response; a body that is not the documented JSON (a proxy's
// HTML page, an empty 502) still gives an error naming the status.
export function parseErrorBody(status: number, text: string): ErrorBody {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && typeof (body as ErrorBody).error === 'string') {
      const b = body as ErrorBody;
      return {
        error: b.error,
        message: typeof b.message === 'string' ? b.message : '',
        field: typeof b.field === 'string' ? b.field : '',
        ...(typeof b.current_version === 'number' ? { current_version: b.current_version } : {}),
      };
    }
  } catch {
    // not JSON: fall through
  }
  const snippet = text.trim().slice(0, 200);
  return { error: 'http_' + status, message: snippet || `HTTP ${status}`, field: '' };
}

// A projection answer {"as_of_seq", "head_seq", "result"}; a body without the wrapper is
// taken as the result itself, answered at an unknown seq (0).
export function unwrapAnswer<T>(body: unknown): QueryAnswer<T> {
  if (body && typeof body === 'object' && 'result' in body && ('head_seq' in body || 'as_of_seq' in body)) {
    const b = body as { as_of_seq?: unknown; head_seq?: unknown; result: T };
    return {
      as_of_seq: typeof b.as_of_seq === 'number' ? b.as_of_seq : 0,
      head_seq: typeof b.head_seq === 'number' ? b.head_seq : 0,
      result: b.result,
    };
  }
  return { as_of_seq: 0, head_seq: 0, result: body as T };
}

// The don't-disturb warnings of a command's result: its "warnings", else the
// DontDisturbWarned events it appended.
export function dontDisturbWarnings(result: CommandResult | null | undefined): (DontDisturbWarning | string)[] {
  if (!result) return [];
  if (Array.isArray(result.warnings) && result.warnings.length > 0) return result.warnings;
  return (result.events ?? [])
    .filter((e) => e && e.type === 'DontDisturbWarned')
    .map((e) => e as unknown as DontDisturbWarning);
}

// The Idempotency-Keys of submissions not yet acknowledged, one per target (a client,
// an employee's week, ...). The same body to the same target again (a retry after a
// failure) reuses its key, so that a write whose answer was lost is not made twice;
// another body to that target gets a new key, since the server answers a used key
// with the first answer without looking at the body. Forget a target once its
// submission is acknowledged: the same body sent again later is a new submission.
export class SubmissionKeys {
  private readonly pending = new Map<string, { body: string; key: string }>();

  keyFor(target: string, body: unknown): string {
    const text = JSON.stringify(body);
    const known = this.pending.get(target);
    if (known && known.body === text) return known.key;
    const key = newIdempotencyKey();
    this.pending.set(target, { body: text, key });
    return key;
  }

  acknowledged(target: string): void {
    this.pending.delete(target);
  }
}

// A fresh Idempotency-Key: a retry of the same submission reuses it.
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export class Api {
  constructor(
    private readonly token: () => string | null,
    private readonly onUnauthenticated: (error: ApiError) => void,
    private readonly base = '',
  ) {}

  url(path: string, query?: Record<string, QueryValue>): string {
    return this.base + path + buildQuery(query);
  }

  headers(extra?: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json', ...extra };
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  async fetchRaw(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers = this.headers(options.headers);
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(this.url(path, options.query), {
        method,
        headers,
        body,
        signal: options.signal,
        credentials: 'same-origin',
      });
    } catch (cause) {
      if ((cause as Error)?.name === 'AbortError') throw cause;
      throw new ApiError(0, { error: 'network', message: String((cause as Error)?.message ?? cause) });
    }
    if (!response.ok) {
      const error = new ApiError(response.status, parseErrorBody(response.status, await response.text()));
      if (response.status === 401) this.onUnauthenticated(error);
      throw error;
    }
    return response;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.fetchRaw(method, path, options);
    const text = await response.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, { error: 'bad_response', message: 'the server sent no JSON' });
    }
  }

  get<T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { query, ...(signal ? { signal } : {}) });
  }

  // A projection query: GET answering {"as_of_seq", "head_seq", "result"}.
  async query<T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<QueryAnswer<T>> {
    return unwrapAnswer<T>(await this.get<unknown>(path, query, signal));
  }

  // POST /api/commands/{name}. The key makes a retry safe: the server answers it with the
  // original result and writes nothing.
  command(name: string, body: unknown, idempotencyKey: string, ifMatch?: number): Promise<CommandResult> {
    const headers: Record<string, string> = { 'Idempotency-Key': idempotencyKey };
    if (ifMatch !== undefined) headers['If-Match'] = String(ifMatch);
    return this.request<CommandResult>('POST', `/api/commands/${encodeURIComponent(name)}`, { body, headers });
  }
}

// The path segment of an id, escaped.
export const seg = (id: string) => encodeURIComponent(id);

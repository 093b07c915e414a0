// The live feed (GET /feed?from=SEQ, Server-Sent Events) read with fetch(), because
// EventSource cannot send the Authorization header. The same reader follows a branch
// dashboard's change notices (GET /api/branches/{id}/changes: `path`), whose events
// carry {"seq": N} instead of an envelope.
//
// A FeedConnection catches up from `from`, then stays live; when the connection drops
// (network, the server disconnecting a slow consumer, a restart) it reconnects after a
// growing pause and resumes after the last seq it delivered, sending Last-Event-ID too.
// Events at or below that seq are dropped, so whether the server reads `from` as
// inclusive or resumes from Last-Event-ID, nothing is delivered twice. A 401 or 403 ends
// it for good (reported through onStatus): retrying cannot help.
//
// The caller owns the connection and must close() it (a page leaving). Single-threaded.

import { buildQuery } from '../api/client';
import type { Envelope } from '../api/types';
import { SseParser } from './sse';

export type FeedState =
  | { kind: 'connecting' }
  | { kind: 'live'; lastSeq: number }
  | { kind: 'retrying'; inMs: number; reason: string }
  | { kind: 'refused'; status: number; reason: string }
  | { kind: 'closed' };

export interface FeedOptions {
  from: number;
  // The stream's path: '/feed' by default.
  path?: string;
  types?: readonly string[];
  kinds?: readonly string[];
  token: () => string | null;
  onEvent: (envelope: Envelope, seq: number) => void;
  onStatus?: (state: FeedState) => void;
  base?: string;
  // Pauses between reconnections: min(maxDelayMs, minDelayMs * 2^attempt).
  minDelayMs?: number;
  maxDelayMs?: number;
}

// The seq of an SSE event: its id, else the envelope's seq.
export function seqOf(id: string, envelope: Partial<Envelope> | null): number | null {
  if (/^\d+$/.test(id)) return Number(id);
  if (envelope && typeof envelope.seq === 'number') return envelope.seq;
  return null;
}

// The people-readable line of an `event: end`.
export function endMessage(data: string): string {
  try {
    const end = JSON.parse(data) as { message?: unknown };
    if (typeof end.message === 'string' && end.message) return end.message;
  } catch {
    // not JSON
  }
  return data || 'the server ended the feed';
}

export function reconnectDelay(attempt: number, minMs: number, maxMs: number, serverRetry: number | null): number {
  const backoff = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 16));
  return serverRetry != null ? Math.max(serverRetry, backoff) : backoff;
}

export class FeedConnection {
  private lastSeq: number;
  private controller: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private attempt = 0;
  private serverRetry: number | null = null;

  constructor(private readonly options: FeedOptions) {
    this.lastSeq = Math.max(0, options.from - 1);
  }

  get position(): number {
    return this.lastSeq;
  }

  start(): this {
    void this.connect();
    return this;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.controller?.abort();
    this.status({ kind: 'closed' });
  }

  private status(state: FeedState): void {
    this.options.onStatus?.(state);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    this.status({ kind: 'connecting' });
    const controller = new AbortController();
    this.controller = controller;
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    const token = this.options.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    // Only once something was delivered: the first request says where to start with `from`.
    if (this.lastSeq >= this.options.from) headers['Last-Event-ID'] = String(this.lastSeq);
    const url =
      (this.options.base ?? '') +
      (this.options.path ?? '/feed') +
      buildQuery({ from: this.lastSeq + 1, kinds: this.options.kinds, types: this.options.types });
    let reason = 'the feed closed';
    try {
      const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
      if (response.status === 401 || response.status === 403) {
        let message = `HTTP ${response.status}`;
        try {
          const body = (await response.json()) as { message?: string };
          if (body.message) message = body.message;
        } catch {
          // no JSON body
        }
        this.status({ kind: 'refused', status: response.status, reason: message });
        this.closed = true;
        return;
      }
      if (!response.ok || !response.body) {
        reason = `HTTP ${response.status}`;
      } else {
        this.status({ kind: 'live', lastSeq: this.lastSeq });
        reason = await this.read(response.body);
      }
    } catch (error) {
      if (this.closed) return;
      reason = String((error as Error)?.message ?? error);
    }
    if (this.closed) return;
    const inMs = reconnectDelay(this.attempt++, this.options.minDelayMs ?? 1000, this.options.maxDelayMs ?? 30_000, this.serverRetry);
    this.status({ kind: 'retrying', inMs, reason });
    this.timer = setTimeout(() => void this.connect(), inMs);
  }

  // Reads events until the stream ends; answers why it ended.
  private async read(body: ReadableStream<Uint8Array>): Promise<string> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    let reason = 'the server closed the feed';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) {
        this.serverRetry = parser.retry;
        if (event.type === 'error' || event.type === 'disconnect' || event.type === 'close') {
          reason = event.data || event.type; // e.g. "consumer fell behind at seq N"
          continue;
        }
        if (event.type === 'end') {
          // {"reason", "message", "resume_from"}: the server ends the stream (a restart).
          reason = endMessage(event.data);
          continue;
        }
        let envelope: Envelope | null = null;
        try {
          envelope = JSON.parse(event.data) as Envelope;
        } catch {
          continue; // not an envelope (a heartbeat with data, say)
        }
        const seq = seqOf(event.lastEventId, envelope);
        if (seq == null || seq <= this.lastSeq) continue;
        this.lastSeq = seq;
        this.attempt = 0;
        this.options.onEvent(envelope, seq);
      }
    }
    parser.end();
    return reason;
  }
}

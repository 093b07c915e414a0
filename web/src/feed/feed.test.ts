import { afterEach, describe, expect, it, vi } from 'vitest';
import { endMessage, FeedConnection, type FeedState, reconnectDelay, seqOf } from './feed';

function sseResponse(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
  return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

const envelope = (seq: number) => `id: ${seq}\nevent: ContactLogged\ndata: {"seq":${seq},"event_type":"ContactLogged"}\n\n`;

afterEach(() => vi.unstubAllGlobals());

describe('feed helpers', () => {
  it('takes the seq from the id, else from the envelope', () => {
    expect(seqOf('42', null)).toBe(42);
    expect(seqOf('', { seq: 7 })).toBe(7);
    expect(seqOf('x', {})).toBeNull();
  });
  it('reads the message of an end event', () => {
    expect(endMessage('{"reason":"shutting_down","message":"server shutting down: watch again","resume_from":9}')).toBe(
      'server shutting down: watch again',
    );
    expect(endMessage('gone')).toBe('gone');
    expect(endMessage('')).toBe('the server ended the feed');
  });
  it('backs off exponentially up to a bound, never under the server retry', () => {
    expect([0, 1, 2, 10].map((a) => reconnectDelay(a, 1000, 30_000, null))).toEqual([1000, 2000, 4000, 30_000]);
    expect(reconnectDelay(0, 1000, 30_000, 5000)).toBe(5000);
  });
});

describe('FeedConnection', () => {
  it('delivers each seq once across a reconnection and resumes after the last one', async () => {
    const urls: string[] = [];
    const lastIds: (string | null)[] = [];
    const responses = [sseResponse([envelope(5), envelope(6).slice(0, 10), envelope(6).slice(10)]), sseResponse([envelope(6), envelope(7)])];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      urls.push(url);
      const headers = init.headers as Record<string, string>;
      lastIds.push(headers['Last-Event-ID'] ?? null);
      expect(headers.Authorization).toBe('Bearer t0k');
      const next = responses.shift();
      if (!next) return new Promise<Response>(() => {}); // stays open
      return next;
    });
    const seen: number[] = [];
    const states: FeedState['kind'][] = [];
    const done = new Promise<void>((resolve) => {
      const feed = new FeedConnection({
        from: 5,
        types: ['ContactLogged'],
        token: () => 't0k',
        minDelayMs: 1,
        onStatus: (s) => states.push(s.kind),
        onEvent: (_e, seq) => {
          seen.push(seq);
          if (seq === 7) {
            feed.close();
            resolve();
          }
        },
      }).start();
    });
    await done;
    expect(seen).toEqual([5, 6, 7]);
    expect(urls[0]).toBe('/feed?from=5&types=ContactLogged');
    expect(urls[1]).toBe('/feed?from=7&types=ContactLogged');
    expect(lastIds).toEqual([null, '6']);
    expect(states).toContain('retrying');
  });

  it('stops for good on 403 and reports the reason', async () => {
    let calls = 0;
    vi.stubGlobal('fetch', async () => {
      calls++;
      return new Response(JSON.stringify({ error: 'permission_denied', message: 'the feed is for auditors' }), { status: 403 });
    });
    const state = await new Promise<FeedState>((resolve) => {
      new FeedConnection({
        from: 1,
        token: () => 't',
        onEvent: () => {},
        onStatus: (s) => s.kind === 'refused' && resolve(s),
      }).start();
    });
    expect(state).toEqual({ kind: 'refused', status: 403, reason: 'the feed is for auditors' });
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(1);
  });

  it('follows change notices on another path, and reconnects after their end with the reason', async () => {
    const urls: string[] = [];
    const notice = (seq: number) => `id: ${seq}\nevent: change\ndata: {"seq":${seq}}\n\n`;
    const end = 'event: end\ndata: {"reason":"shutting_down","message":"server shutting down: watch again","resume_from":13}\n\n';
    const responses = [sseResponse([': heartbeat\n\n', notice(12), end]), sseResponse([notice(15)])];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return responses.shift() ?? new Promise<Response>(() => {});
    });
    const seen: number[] = [];
    const reasons: string[] = [];
    await new Promise<void>((resolve) => {
      const feed = new FeedConnection({
        from: 10,
        path: '/api/branches/b1/changes',
        token: () => 't',
        minDelayMs: 1,
        onStatus: (s) => s.kind === 'retrying' && reasons.push(s.reason),
        onEvent: (_e, seq) => {
          seen.push(seq);
          if (seq === 15) {
            feed.close();
            resolve();
          }
        },
      }).start();
    });
    expect(seen).toEqual([12, 15]);
    expect(urls).toEqual(['/api/branches/b1/changes?from=10', '/api/branches/b1/changes?from=13']);
    expect(reasons).toEqual(['server shutting down: watch again']);
  });
});

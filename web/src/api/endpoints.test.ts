import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api } from './client';
import { clientsByIds } from './endpoints';

describe('clientsByIds', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for at most 100 ids a request and joins the answers in order', async () => {
    const asked: string[][] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      const ids = new URL(url, 'http://x').searchParams.get('ids')!.split(',');
      asked.push(ids);
      const clients = ids.map((client_id) => ({ client_id, name: `name of ${client_id}` }));
      return new Response(JSON.stringify({ as_of_seq: 1, head_seq: 1, result: { clients, truncated: false } }), { status: 200 });
    });
    const api = new Api(() => 'token', () => undefined);
    const ids = Array.from({ length: 250 }, (_, i) => `c${i}`);
    const rows = await clientsByIds(api, ids);
    expect(asked.map((chunk) => chunk.length)).toEqual([100, 100, 50]);
    expect(rows.map((row) => row.client_id)).toEqual(ids);
  });

  it('sends nothing for no ids', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    expect(await clientsByIds(new Api(() => null, () => undefined), [])).toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
  });
});

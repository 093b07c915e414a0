import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

function all(chunks: string[]) {
  const p = new SseParser();
  const out = chunks.flatMap((c) => p.push(c));
  return { p, out };
}

describe('SseParser', () => {
  it('parses events with id, type and data', () => {
    const { out, p } = all(['id: 7\nevent: ContactLogged\ndata: {"seq":7}\n\n']);
    expect(out).toEqual([{ type: 'ContactLogged', data: '{"seq":7}', lastEventId: '7' }]);
    expect(p.lastEventId).toBe('7');
  });

  it('joins multi-line data and defaults the type to message', () => {
    const { out } = all(['data: a\ndata: b\n\n']);
    expect(out).toEqual([{ type: 'message', data: 'a\nb', lastEventId: '' }]);
  });

  it('is independent of how the stream is cut into chunks', () => {
    const text = 'id: 1\r\ndata: one\r\n\r\n: keep-alive\r\nid: 2\rdata: two\r\rid: 3\ndata:three\n\n';
    const whole = all([text]).out;
    expect(whole.map((e) => [e.lastEventId, e.data])).toEqual([
      ['1', 'one'],
      ['2', 'two'],
      ['3', 'three'],
    ]);
    for (let cut = 1; cut < text.length; cut++) {
      expect(all([text.slice(0, cut), text.slice(cut)]).out).toEqual(whole);
    }
    expect(all(text.split('')).out).toEqual(whole);
  });

  it('does not treat a CR at a chunk end followed by LF as two line ends', () => {
    const { out } = all(['data: x\r', '\n', '\r', '\n']);
    expect(out).toEqual([{ type: 'message', data: 'x', lastEventId: '' }]);
  });

  it('ignores comments, unknown fields and an event without data', () => {
    const { out, p } = all([': hello\nfoo: bar\nid: 9\n\nevent: x\n\n']);
    expect(out).toEqual([]);
    expect(p.lastEventId).toBe('9');
  });

  it('drops one leading BOM and an unterminated last event', () => {
    const p = new SseParser();
    expect(p.push('\ufeffdata: a\n\n')).toHaveLength(1);
    expect(p.push('data: half')).toEqual([]);
    p.end();
    expect(p.push('\n')).toEqual([]);
  });

  it('keeps data after the first colon and a field without a colon', () => {
    const { out } = all(['data: {"a":"b: c"}\ndata\n\n']);
    expect(out[0]?.data).toBe('{"a":"b: c"}\n');
  });

  it('reads retry only when it is digits and ignores ids with NUL', () => {
    const { p } = all(['retry: 1500\nretry: soon\nid: 4\nid: 5\0\ndata: z\n\n']);
    expect(p.retry).toBe(1500);
    expect(p.lastEventId).toBe('4');
  });
});

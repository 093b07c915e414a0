import { describe, expect, it } from 'vitest';
import { ApiError, buildQuery, dontDisturbWarnings, parseErrorBody, SubmissionKeys, unwrapAnswer } from './client';

describe('buildQuery', () => {
  it('encodes, skips empty values and joins lists', () => {
    expect(buildQuery({ week: '2026-W03', as_of: undefined, q: '', limit: 50 })).toBe('?week=2026-W03&limit=50');
    expect(buildQuery({ q: 'ООО Ромашка & Co' })).toBe('?q=%D0%9E%D0%9E%D0%9E%20%D0%A0%D0%BE%D0%BC%D0%B0%D1%88%D0%BA%D0%B0%20%26%20Co');
    expect(buildQuery({ types: ['ContactLogged', 'ClientAssigned'] })).toBe('?types=ContactLogged%2CClientAssigned');
    expect(buildQuery({ types: [] })).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });
});

describe('parseErrorBody', () => {
  it('reads the documented error body', () => {
    const body = parseErrorBody(400, '{"error":"invalid_argument","message":"a refusal needs a reason","field":"refusal_reason"}');
    expect(body).toEqual({ error: 'invalid_argument', message: 'a refusal needs a reason', field: 'refusal_reason' });
    const e = new ApiError(409, parseErrorBody(409, '{"error":"aborted","message":"m","current_version":4}'));
    expect(e.currentVersion).toBe(4);
    expect(e.code).toBe('aborted');
  });

  it('names the status when the body is not the documented JSON', () => {
    expect(parseErrorBody(502, '<html>Bad gateway</html>')).toEqual({ error: 'http_502', message: '<html>Bad gateway</html>', field: '' });
    expect(parseErrorBody(500, '')).toEqual({ error: 'http_500', message: 'HTTP 500', field: '' });
    expect(parseErrorBody(400, '{"message":"no code"}').error).toBe('http_400');
  });
});

describe('unwrapAnswer', () => {
  it('unwraps query answers and passes bare bodies through', () => {
    expect(unwrapAnswer({ as_of_seq: 5, head_seq: 9, result: [1] })).toEqual({ as_of_seq: 5, head_seq: 9, result: [1] });
    expect(unwrapAnswer([1, 2])).toEqual({ as_of_seq: 0, head_seq: 0, result: [1, 2] });
    expect(unwrapAnswer({ result: 'x' })).toEqual({ as_of_seq: 0, head_seq: 0, result: { result: 'x' } });
  });
});

describe('dontDisturbWarnings', () => {
  const warned = { type: 'DontDisturbWarned', client_id: 'c1', colleague_id: 'e2' };
  it('prefers the result warnings, else the appended warning events', () => {
    expect(dontDisturbWarnings({ seq: 1, stream_id: 's', stream_version: 1, events: [], warnings: ['w'] })).toEqual(['w']);
    expect(dontDisturbWarnings({ seq: 1, stream_id: 's', stream_version: 1, events: [{ type: 'ContactLogged' }, warned], warnings: [] })).toEqual([warned]);
    expect(dontDisturbWarnings(null)).toEqual([]);
  });
});

describe('SubmissionKeys', () => {
  it('reuses a key for a retry, never for another body, and forgets once acknowledged', () => {
    const keys = new SubmissionKeys();
    const x = keys.keyFor('plan:e1:2026-W05', { contacts: 10 });
    expect(keys.keyFor('plan:e1:2026-W05', { contacts: 10 })).toBe(x); // a retry
    // Plan X's answer was lost; then Y: a new key, so the server decides Y.
    const y = keys.keyFor('plan:e1:2026-W05', { contacts: 12 });
    expect(y).not.toBe(x);
    keys.acknowledged('plan:e1:2026-W05');
    // X again after Y: not X's old key, which the server would answer with X's first answer.
    const again = keys.keyFor('plan:e1:2026-W05', { contacts: 10 });
    expect([x, y]).not.toContain(again);
    expect(keys.keyFor('plan:e2:2026-W05', { contacts: 10 })).not.toBe(again); // another target
  });
});

import { describe, expect, it } from 'vitest';
import type { Envelope } from '../api/types';
import { asOfScale, ceilSecond, eventsBy, nextMark, previousMark } from './as-of';

const env = (seq: number, recorded_at: string) => ({ seq, recorded_at }) as Envelope;
const T = (s: string) => new Date(s).getTime();

describe('as-of scale', () => {
  const trail = [env(1, '2026-01-05T09:00:00.250000Z'), env(7, '2026-01-06T10:00:00.000000Z'), env(9, '2026-01-08T12:30:00.900000Z')];
  const scale = asOfScale(trail, T('2026-11-01T00:00:00Z'))!;

  it('spans the trail, rounding times up to the second the server can name', () => {
    expect(scale.start).toBe(T('2026-01-05T09:00:01Z'));
    expect(scale.marks).toEqual([T('2026-01-05T09:00:01Z'), T('2026-01-06T10:00:00Z'), T('2026-01-08T12:30:01Z')]);
    // At most a day past the last event, so the slider is not all empty future.
    expect(scale.end).toBe(T('2026-01-09T12:30:01Z'));
    expect(scale.step % 60_000).toBe(0);
    expect(ceilSecond(1000)).toBe(1000);
  });

  it('steps between events', () => {
    expect(previousMark(scale, scale.marks[1]!)).toBe(scale.marks[0]);
    expect(previousMark(scale, scale.start)).toBeNull();
    expect(nextMark(scale, scale.start)).toBe(scale.marks[1]);
    expect(nextMark(scale, scale.end)).toBeNull();
    expect(eventsBy(scale, scale.marks[1]!)).toBe(2);
    expect(eventsBy(scale, scale.start - 1)).toBe(0);
  });

  it('counts every event of a second, and steps over the second once', () => {
    const busy = asOfScale([env(1, '2026-01-05T09:00:00.100000Z'), env(2, '2026-01-05T09:00:00.200000Z'), env(3, '2026-01-05T09:00:05.000000Z')], T('2026-01-05T10:00:00Z'))!;
    expect(eventsBy(busy, T('2026-01-05T09:00:01Z'))).toBe(2);
    expect(eventsBy(busy, busy.end)).toBe(3);
    expect(nextMark(busy, T('2026-01-05T09:00:01Z'))).toBe(T('2026-01-05T09:00:05Z'));
    expect(previousMark(busy, T('2026-01-05T09:00:05Z'))).toBe(T('2026-01-05T09:00:01Z'));
  });

  it('has no scale for an empty trail', () => {
    expect(asOfScale([], 0)).toBeNull();
  });
});

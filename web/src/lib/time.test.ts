import { describe, expect, it } from 'vitest';
import {
  addWeeks,
  formatDate,
  formatDateTime,
  formatWeek,
  fromLocalInput,
  isoWeekOf,
  parseApiTime,
  parseWeek,
  toApiTime,
  toLocalInput,
  weekFromJson,
  weekMonday,
} from './time';

describe('API times', () => {
  it('reads the server microsecond form and drops sub-millisecond digits', () => {
    expect(parseApiTime('2026-01-05T09:00:00.123456Z')?.toISOString()).toBe('2026-01-05T09:00:00.123Z');
    expect(parseApiTime('2026-01-05T09:00:00Z')?.toISOString()).toBe('2026-01-05T09:00:00.000Z');
    expect(parseApiTime('2026-01-05')?.toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(parseApiTime('2026-01-05T12:00:00+03:00')?.toISOString()).toBe('2026-01-05T09:00:00.000Z');
  });

  it('gives null for absent or malformed times', () => {
    expect(parseApiTime(null)).toBeNull();
    expect(parseApiTime('')).toBeNull();
    expect(parseApiTime('yesterday')).toBeNull();
    expect(parseApiTime('2026-02-30T00:00:00Z')).toBeNull();
  });

  it('writes whole seconds in UTC, the only form the server parses', () => {
    expect(toApiTime(new Date('2026-01-05T09:30:15.999Z'))).toBe('2026-01-05T09:30:15Z');
  });

  it('converts datetime-local values in the browser zone (Europe/Moscow here)', () => {
    const d = fromLocalInput('2026-01-05T12:00');
    expect(d?.toISOString()).toBe('2026-01-05T09:00:00.000Z');
    expect(toLocalInput(new Date('2026-01-05T09:00:00Z'))).toBe('2026-01-05T12:00');
    expect(fromLocalInput('2026-01-05')?.toISOString()).toBe('2026-01-04T21:00:00.000Z');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-13-01T00:00')).toBeNull();
  });

  it('formats for reading in both languages, with a dash for none', () => {
    const d = new Date('2026-01-05T09:05:00Z');
    expect(formatDateTime(d, 'ru')).toBe('05.01.2026, 12:05');
    expect(formatDateTime(d, 'en')).toBe('05/01/2026, 12:05');
    expect(formatDate(d, 'ru')).toBe('05.01.2026');
    expect(formatDate(null, 'en')).toBe('—');
  });
});

describe('ISO weeks', () => {
  it('numbers weeks by the ISO rule', () => {
    expect(isoWeekOf(new Date('2026-01-05T00:00:00Z'))).toEqual({ year: 2026, week: 2 });
    expect(isoWeekOf(new Date('2026-01-01T00:00:00Z'))).toEqual({ year: 2026, week: 1 });
    expect(isoWeekOf(new Date('2027-01-01T00:00:00Z'))).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(new Date('2024-12-30T00:00:00Z'))).toEqual({ year: 2025, week: 1 });
  });

  it('formats and parses "2026-W03"', () => {
    expect(formatWeek({ year: 2026, week: 3 })).toBe('2026-W03');
    expect(parseWeek('2026-W03')).toEqual({ year: 2026, week: 3 });
    expect(parseWeek('2026-w3')).toEqual({ year: 2026, week: 3 });
    expect(parseWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
    expect(parseWeek('2025-W53')).toBeNull();
    expect(parseWeek('2026-W00')).toBeNull();
    expect(parseWeek('week 3')).toBeNull();
  });

  it('finds Mondays and steps across years', () => {
    expect(weekMonday({ year: 2026, week: 2 }).toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(weekMonday({ year: 2026, week: 1 }).toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(addWeeks({ year: 2026, week: 53 }, 1)).toEqual({ year: 2027, week: 1 });
    expect(addWeeks({ year: 2026, week: 1 }, -1)).toEqual({ year: 2025, week: 52 });
  });

  it('reads weeks from views as objects or strings', () => {
    expect(weekFromJson({ year: 2026, week: 3 })).toEqual({ year: 2026, week: 3 });
    expect(weekFromJson('2026-W04')).toEqual({ year: 2026, week: 4 });
    expect(weekFromJson(7)).toBeNull();
  });
});

// Times and ISO weeks as the API writes and reads them, and as people read them.
//
// The server renders times as ISO-8601 UTC with microseconds ("2026-01-05T09:00:00.000000Z")
// and parses only whole seconds ("2026-01-05T09:00:00Z", also "2026-01-05" and
// "2026-01-05T09:00"), so everything sent goes through toApiTime. Weeks are ISO weeks,
// written "2026-W03". Pure functions; the only clock is the `now` a caller passes.

export interface IsoWeek {
  year: number;
  week: number;
}

const API_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

// A time from the API (or null when absent or unreadable). Fractions beyond
// milliseconds are dropped, not rounded, so a time never moves past the next second.
export function parseApiTime(text: string | null | undefined): Date | null {
  if (text == null || text === '') return null;
  const m = API_TIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const ms = Number((frac + '000').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  const date = new Date(t);
  // Reject 2026-02-30 and the like rather than rolling over.
  if (date.getUTCMonth() !== Number(mo) - 1 && zone === 'Z') return null;
  return Number.isNaN(date.getTime()) ? null : date;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

// "2026-01-05T09:00:00Z": the shape the server parses (whole seconds, UTC).
export function toApiTime(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`
  );
}

// The value of an <input type="datetime-local"> showing `date` in the browser's zone.
export function toLocalInput(date: Date): string {
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

// The time a datetime-local (or date) input names in the browser's zone; null when
// empty or malformed.
export function fromLocalInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(date.getTime()) || date.getMonth() !== Number(mo) - 1) return null;
  return date;
}

// The value of an <input type="date"> for `date` in the browser's zone.
export function toDateInput(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const localeOf = (lang: string) => (lang === 'ru' ? 'ru-RU' : 'en-GB');

export function formatDateTime(date: Date | null, lang: string): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat(localeOf(lang), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

export function formatDate(date: Date | null, lang: string): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat(localeOf(lang), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

// True when `a` and `b` fall on the same calendar day in the browser's zone.
export function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

// ---------------------------------------------------------------- ISO weeks

// The ISO week (Monday first, week 1 holds the year's first Thursday) of `date`'s UTC day.
export function isoWeekOf(date: Date): IsoWeek {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7; // Monday 1 .. Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week
  const year = day.getUTCFullYear();
  const first = Date.UTC(year, 0, 1);
  const week = Math.floor((day.getTime() - first) / 86_400_000 / 7) + 1;
  return { year, week };
}

// Monday 00:00 UTC of `week`.
export function weekMonday(week: IsoWeek): Date {
  const jan4 = new Date(Date.UTC(week.year, 0, 4));
  const weekday = jan4.getUTCDay() || 7;
  const monday = Date.UTC(week.year, 0, 4 - weekday + 1);
  return new Date(monday + (week.week - 1) * 7 * 86_400_000);
}

export function weeksInYear(year: number): number {
  return isoWeekOf(new Date(Date.UTC(year, 11, 28))).week;
}

export function formatWeek(week: IsoWeek): string {
  return `${pad(week.year, 4)}-W${pad(week.week)}`;
}

// "2026-W03" (also "2026-w3"); null when malformed or beyond the year's weeks.
export function parseWeek(text: string): IsoWeek | null {
  const m = /^(\d{4})-[Ww](\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > weeksInYear(year)) return null;
  return { year, week };
}

export function addWeeks(week: IsoWeek, n: number): IsoWeek {
  return isoWeekOf(new Date(weekMonday(week).getTime() + n * 7 * 86_400_000));
}

// The week as a JSON object ({year, week}) or string, as views render it.
export function weekFromJson(value: unknown): IsoWeek | null {
  if (typeof value === 'string') return parseWeek(value);
  if (value && typeof value === 'object') {
    const v = value as { year?: unknown; week?: unknown };
    if (typeof v.year === 'number' && typeof v.week === 'number') return { year: v.year, week: v.week };
  }
  return null;
}

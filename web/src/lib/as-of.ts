// The as-of slider's arithmetic: the span of a client's trail in time, the slider's steps,
// and the times of the trail's events to jump between. "as of T" means the log as it stood
// when T was recorded (recorded_at), and the server reads T in whole seconds, so an event
// is included from the second after its recorded time began (times round up). Pure.

import type { Envelope } from '../api/types';
import { parseApiTime } from './time';

export interface AsOfScale {
  start: number; // ms: the first event's recorded second
  end: number; // ms: the last event's, or now when later
  step: number; // ms per slider step
  // ms: each event's recorded time, rounded up to the second, ascending; events of one
  // second repeat it, so that eventsBy counts events, not seconds.
  marks: number[];
}

export function ceilSecond(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

export function asOfScale(trail: Envelope[], now: number): AsOfScale | null {
  const marks = trail
    .map((e) => parseApiTime(e.recorded_at)?.getTime())
    .filter((t): t is number => t !== undefined)
    .map(ceilSecond)
    .sort((a, b) => a - b);
  if (marks.length === 0) return null;
  const start = marks[0]!;
  const end = Math.max(marks[marks.length - 1]!, Math.min(now, marks[marks.length - 1]! + 86_400_000));
  const span = Math.max(1000, end - start);
  // About 500 steps across, each a whole number of minutes (at least a second).
  const step = span <= 500_000 ? 1000 : Math.max(60_000, Math.round(span / 500 / 60_000) * 60_000);
  return { start, end, step, marks };
}

// The event time before / after `at` (strictly), or null.
export function previousMark(scale: AsOfScale, at: number): number | null {
  let found: number | null = null;
  for (const m of scale.marks) if (m < at) found = m;
  return found;
}

export function nextMark(scale: AsOfScale, at: number): number | null {
  for (const m of scale.marks) if (m > at) return m;
  return null;
}

// How many of the trail's events were recorded by `at`.
export function eventsBy(scale: AsOfScale, at: number): number {
  let n = 0;
  for (const m of scale.marks) if (m <= at) n++;
  return n;
}

import type { WorkingCalendar } from './data.ts';
import { CalendarError } from './errors.ts';
import {
  dayStartMs,
  dayToIso,
  isoToDay,
  isWeekendDay,
  localDay,
  MINUTE_MS,
  parseClock,
  toMs,
  yearOfDay,
  type Instant,
} from './time.ts';

export interface WorkingPeriod {
  from: string;
  to: string;
}

export const defaultWorkingHours: readonly WorkingPeriod[] = [
  { from: '08:30', to: '12:00' },
  { from: '13:30', to: '17:30' },
];

/** Even a calendar with long holidays has a working day within this many days; more means bad data. */
const MAX_SCAN_DAYS = 400;

interface Span {
  from: number;
  to: number;
}

function compileHours(hours: readonly WorkingPeriod[]): Span[] {
  const spans: Span[] = [];
  for (const p of hours) {
    const from = parseClock(p.from);
    const to = parseClock(p.to);
    const prev = spans[spans.length - 1];
    if (from === undefined || to === undefined || from >= to || (prev && from < prev.to)) {
      throw new CalendarError('invalidWorkingHours', { from: p.from, to: p.to });
    }
    spans.push({ from, to });
  }
  if (!spans.length) throw new CalendarError('invalidWorkingHours', { from: '', to: '' });
  return spans;
}

function isWorkingLocalDay(cal: WorkingCalendar, day: number): boolean {
  const year = yearOfDay(day);
  const data = cal.years.get(year);
  if (!data) throw new CalendarError('yearNotLoaded', { year, date: dayToIso(day) });
  if (data.makeUpDays.has(day)) return true;
  if (data.holidays.has(day)) return false;
  return !isWeekendDay(day);
}

/** The working periods of one Shanghai day as instants (empty on a day off). */
function workingSpans(cal: WorkingCalendar, day: number, spans: Span[]): Span[] {
  if (!isWorkingLocalDay(cal, day)) return [];
  const start = dayStartMs(day);
  return spans.map((s) => ({ from: start + s.from * MINUTE_MS, to: start + s.to * MINUTE_MS }));
}

/**
 * Whether the Shanghai day containing `date` (or the `YYYY-MM-DD` day given) is a working day: a
 * make-up day always is, a holiday never is, otherwise Monday–Friday. Throws `yearNotLoaded` for a year
 * without data.
 */
export function isWorkingDay(cal: WorkingCalendar, date: Instant | string): boolean {
  if (typeof date === 'string') {
    const day = isoToDay(date);
    if (day === undefined) throw new CalendarError('invalidInstant', { value: date });
    return isWorkingLocalDay(cal, day);
  }
  return isWorkingLocalDay(cal, localDay(toMs(date)));
}

/**
 * The instant the clock starts for something that arrives at `start`: `start` itself inside a working
 * period, otherwise the beginning of the next one (a period's end belongs to the next period).
 */
export function nextWorkingMoment(
  cal: WorkingCalendar,
  start: Instant,
  workingHours: readonly WorkingPeriod[] = defaultWorkingHours,
): number {
  return addWorkingHours(cal, start, 0, workingHours);
}

/**
 * Adds `hours` working hours (fractions allowed) to `start`. The clock starts at `nextWorkingMoment`;
 * a result that lands exactly on the end of a period is that end (12:00, not 13:30).
 */
export function addWorkingHours(
  cal: WorkingCalendar,
  start: Instant,
  hours: number,
  workingHours: readonly WorkingPeriod[] = defaultWorkingHours,
): number {
  if (!Number.isFinite(hours) || hours < 0) throw new CalendarError('invalidAmount', { amount: String(hours) });
  const spans = compileHours(workingHours);
  let cursor = toMs(start);
  let remaining = Math.round(hours * 3_600_000);
  let day = localDay(cursor);
  const limit = MAX_SCAN_DAYS * (1 + Math.ceil(hours / 1000));
  for (let scanned = 0; scanned < limit; scanned++, day++) {
    for (const span of workingSpans(cal, day, spans)) {
      if (span.to <= cursor) continue;
      const from = Math.max(span.from, cursor);
      if (remaining <= span.to - from) return from + remaining;
      remaining -= span.to - from;
      cursor = span.to;
    }
  }
  throw new CalendarError('invalidAmount', { amount: String(hours) });
}

/**
 * The deadline `n` working days after `start`, following Civil Code arts. 201 and 203: the day of
 * `start` is not counted, counting begins the next day, and the period ends when business stops
 * (the end of the last working period) on the n-th working day. `n = 0` means "the same working day":
 * the close of the working day on which the clock starts.
 */
export function addWorkingDays(
  cal: WorkingCalendar,
  start: Instant,
  n: number,
  workingHours: readonly WorkingPeriod[] = defaultWorkingHours,
): number {
  if (!Number.isInteger(n) || n < 0) throw new CalendarError('invalidAmount', { amount: String(n) });
  const spans = compileHours(workingHours);
  const closeOfDay = (spans[spans.length - 1]?.to ?? 0) * MINUTE_MS;
  let day = localDay(n === 0 ? nextWorkingMoment(cal, start, workingHours) : toMs(start));
  if (n === 0) return dayStartMs(day) + closeOfDay;
  let counted = 0;
  for (let scanned = 0; counted < n; scanned++) {
    if (scanned > MAX_SCAN_DAYS * Math.max(1, Math.ceil(n / 200))) {
      throw new CalendarError('invalidAmount', { amount: n });
    }
    day++;
    if (isWorkingLocalDay(cal, day)) counted++;
  }
  return dayStartMs(day) + closeOfDay;
}

/**
 * Working minutes between `a` and `b` (fractions kept); negative when `b` is before `a`, so
 * "overdue by" reads naturally. Every day touched must have calendar data.
 */
export function workingTimeBetween(
  cal: WorkingCalendar,
  a: Instant,
  b: Instant,
  workingHours: readonly WorkingPeriod[] = defaultWorkingHours,
): number {
  const from = toMs(a);
  const to = toMs(b);
  if (to < from) return -workingTimeBetween(cal, to, from, workingHours);
  const spans = compileHours(workingHours);
  let total = 0;
  for (let day = localDay(from); day <= localDay(to); day++) {
    for (const span of workingSpans(cal, day, spans)) {
      const overlap = Math.min(span.to, to) - Math.max(span.from, from);
      if (overlap > 0) total += overlap;
    }
  }
  return total / MINUTE_MS;
}

import { CalendarError, type CalendarIssue } from './errors.ts';
import { dayToIso, isoToDay, isWeekendDay, yearOfDay } from './time.ts';

/**
 * One year of the official calendar as an administrator types it from the State Council notice: each
 * holiday period (weekend days inside it included) and the make-up working days the
 * notice ties to it. `name` is a locale key under `calendar.holiday.*`.
 */
export interface HolidayPeriod {
  name: string;
  from: string;
  to: string;
  makeUpDays?: string[];
}

export interface CalendarYearData {
  year: number;
  source?: string;
  holidays: HolidayPeriod[];
}

export interface CompiledYear {
  year: number;
  holidays: ReadonlySet<number>;
  makeUpDays: ReadonlySet<number>;
}

/** A validated set of years, ready for arithmetic. Build it with `buildCalendar`. */
export interface WorkingCalendar {
  readonly years: ReadonlyMap<number, CompiledYear>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks one year's file; returns every problem found (empty when valid) so an admin fixes all at once. */
export function validateCalendarYear(input: unknown): CalendarIssue[] {
  const issues: CalendarIssue[] = [];
  if (!isRecord(input)) return [{ code: 'notAnObject', params: {} }];
  const year = input['year'];
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1970 || year > 9999) {
    issues.push({ code: 'yearInvalid', params: { year: String(year) } });
  }
  const periods = input['holidays'];
  if (!Array.isArray(periods)) {
    issues.push({ code: 'holidaysMissing', params: {} });
    return issues;
  }
  const holidayDays = new Map<number, string>();
  const makeUpDays = new Map<number, string>();

  const day = (value: unknown, holiday: string): number | undefined => {
    const d = typeof value === 'string' ? isoToDay(value) : undefined;
    if (d === undefined) {
      issues.push({ code: 'dateInvalid', params: { date: String(value), holiday } });
      return undefined;
    }
    if (typeof year === 'number' && yearOfDay(d) !== year) {
      issues.push({ code: 'dateOutsideYear', params: { date: dayToIso(d), year, holiday } });
    }
    return d;
  };

  periods.forEach((raw: unknown, index) => {
    if (!isRecord(raw) || typeof raw['name'] !== 'string' || raw['name'] === '') {
      issues.push({ code: 'nameMissing', params: { index } });
      if (!isRecord(raw)) return;
    }
    const name = typeof raw['name'] === 'string' ? raw['name'] : `#${index}`;
    const from = day(raw['from'], name);
    const to = day(raw['to'], name);
    if (from !== undefined && to !== undefined) {
      if (to < from) issues.push({ code: 'rangeReversed', params: { from: dayToIso(from), to: dayToIso(to), holiday: name } });
      for (let d = from; d <= to; d++) {
        if (holidayDays.has(d)) issues.push({ code: 'duplicateDate', params: { date: dayToIso(d), holiday: name } });
        holidayDays.set(d, name);
      }
    }
    const makeUps = raw['makeUpDays'] ?? [];
    if (!Array.isArray(makeUps)) {
      issues.push({ code: 'dateInvalid', params: { date: String(makeUps), holiday: name } });
      return;
    }
    for (const value of makeUps) {
      const d = day(value, name);
      if (d === undefined) continue;
      if (makeUpDays.has(d)) issues.push({ code: 'duplicateDate', params: { date: dayToIso(d), holiday: name } });
      makeUpDays.set(d, name);
      if (!isWeekendDay(d)) issues.push({ code: 'makeUpNotWeekend', params: { date: dayToIso(d), holiday: name } });
    }
  });
  for (const [d, name] of makeUpDays) {
    if (holidayDays.has(d)) issues.push({ code: 'holidayAndMakeUp', params: { date: dayToIso(d), holiday: name } });
  }
  return issues;
}

function compileYear(data: CalendarYearData): CompiledYear {
  const holidays = new Set<number>();
  const makeUpDays = new Set<number>();
  for (const p of data.holidays) {
    const from = isoToDay(p.from) ?? 0;
    const to = isoToDay(p.to) ?? -1;
    for (let d = from; d <= to; d++) holidays.add(d);
    for (const m of p.makeUpDays ?? []) makeUpDays.add(isoToDay(m) ?? 0);
  }
  return { year: data.year, holidays, makeUpDays };
}

/** Validates and compiles the given years; throws `CalendarError('invalidCalendar')` listing every issue. */
export function buildCalendar(years: readonly unknown[]): WorkingCalendar {
  const compiled = new Map<number, CompiledYear>();
  for (const input of years) {
    const issues = validateCalendarYear(input);
    const year = isRecord(input) ? String(input['year']) : '?';
    if (issues.length) throw new CalendarError('invalidCalendar', { year }, issues);
    const data = input as CalendarYearData;
    if (compiled.has(data.year)) throw new CalendarError('duplicateYear', { year: data.year });
    compiled.set(data.year, compileYear(data));
  }
  return { years: compiled };
}

import type { CalendarYearData } from './data.ts';

/**
 * The State Council publishes each year's holiday notice late in the year before. Until an administrator
 * loads it, a year after the last loaded one counts Monday–Friday as working days, marked provisional so
 * deadlines keep being computed (a case must never be refused for want of a calendar) while the gap is
 * visible: callers log it, and the calendar answers `isProvisional`.
 */
export function withProvisionalYears(years: readonly CalendarYearData[], throughYear: number): { years: CalendarYearData[]; provisional: number[] } {
  const loaded = new Set(years.map((y) => y.year));
  const last = Math.max(...loaded);
  const provisional: number[] = [];
  const out = [...years];
  for (let year = last + 1; year <= throughYear; year++) {
    if (loaded.has(year)) continue;
    provisional.push(year);
    out.push({ year, source: 'provisional: Monday–Friday until the official notice is loaded', holidays: [] });
  }
  return { years: out, provisional };
}

/**
 * Service hours from the records (docs/decisions/0074-service-hours.md): the time spent serving, not
 * travelling. Minutes are whole; an entry never exceeds a working day (a forgotten "done" is not 30 hours).
 */

export const maxEntryMinutes = 8 * 60;

const minutesBetween = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
const capped = (m: number) => Math.min(maxEntryMinutes, m);

/** An accepted alarm: from arrival at the door to resolved; travel before arriving is not service. */
export function alarmMinutes(arrivedAt: Date | null, resolvedAt: Date | null): number | null {
  if (!arrivedAt || !resolvedAt) return null;
  return capped(minutesBetween(arrivedAt, resolvedAt));
}

/** A visit: the duration the visitor logged. */
export function visitMinutes(minutes: number): number {
  return capped(Math.max(1, Math.round(minutes)));
}

/**
 * A meal round: delivering is the service, so the round counts from the kitchen's dispatch to the last
 * door (answered or not); the way back to the kitchen is not counted. No dispatch or no door: nothing.
 */
export function roundMinutes(dispatchedAt: Date | null, doors: readonly Date[]): number | null {
  if (!dispatchedAt || doors.length === 0) return null;
  const last = doors.reduce((a, b) => (b > a ? b : a));
  return capped(minutesBetween(dispatchedAt, last));
}

export interface HoursTotals { approved: number; pending: number; declined: number }

/** Totals in hours (two decimals) by status, for the export and the list. */
export function totals(entries: readonly { status: 'pending' | 'approved' | 'declined'; minutes: number }[]): HoursTotals {
  const sum = { approved: 0, pending: 0, declined: 0 };
  for (const e of entries) sum[e.status] += e.minutes;
  const h = (m: number) => Math.round((m / 60) * 100) / 100;
  return { approved: h(sum.approved), pending: h(sum.pending), declined: h(sum.declined) };
}

/**
 * Visit schedules as pure functions over China calendar dates (`YYYY-MM-DD`, Asia/Shanghai, no DST).
 * The rules are in docs/care-visits.md and docs/decisions/0071-visit-schedule.md.
 */
import { chinaDate } from '../../../core/china-date.ts';

/** The China calendar date of an instant (shared with the roster: core/china-date.ts). */
export { chinaDate };

export type RiskTier = 'high' | 'key' | 'other';
export type VisitDays = Record<RiskTier, number>;
export const defaultVisitDays: VisitDays = { high: 7, key: 30, other: 90 };

const chinaOffsetMs = 8 * 3600_000;
const dayMs = 86_400_000;


export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

/** The instant a China date begins. */
export function chinaMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - chinaOffsetMs);
}

export interface DueInput {
  tier: RiskTier;
  visitDays: VisitDays;
  /** The last visit, or null: then the profile's creation counts as the start. */
  lastVisitAt: Date | null;
  createdAt: Date;
  /** The latest tier change, if any. */
  tierChangedAt?: Date | null;
}

/**
 * The date the next visit is due: the last visit (or the profile's creation) plus the current tier's
 * interval. A tier change after that start re-plans with the new interval, but never into the past:
 * someone raised to high risk today is due today, not overdue since last month.
 */
export function nextDue(input: DueInput): string {
  const start = chinaDate(input.lastVisitAt ?? input.createdAt);
  const due = addDays(start, input.visitDays[input.tier]);
  const changed = input.tierChangedAt ? chinaDate(input.tierChangedAt) : null;
  if (changed && changed > start && due < changed) return changed;
  return due;
}

export type OverdueStage = 'none' | 'grid' | 'community';

/** Overdue from the day after the due date (with the grid worker), up to the community after `escalateDays` more. */
export function overdueStage(dueOn: string, today: string, escalateDays: number): OverdueStage {
  const late = daysBetween(dueOn, today);
  if (late <= 0) return 'none';
  return late > escalateDays ? 'community' : 'grid';
}

export type Coverage = 'notDue' | 'onTime' | 'late';

/**
 * Was a profile visited on time in a period (`from`..`to`, inclusive China dates)? Every due date that fell
 * in the period (up to `today`) must have been met by a visit on or before it; a profile with no due date
 * in the period is not counted. `visits` are China dates, `before` the last visit before the period.
 */
export function periodCoverage(p: { interval: number; before: string; visits: readonly string[]; from: string; to: string; today: string }): Coverage {
  const until = p.to < p.today ? p.to : p.today;
  const visits = [...p.visits].filter((v) => v >= p.from && v <= until).sort();
  let last = p.before;
  let due = addDays(last, p.interval);
  let counted = false;
  let i = 0;
  while (due <= until) {
    counted = true;
    while (i < visits.length && visits[i]! <= last) i++;
    const next = visits[i];
    if (next === undefined || next > due) return 'late';
    last = next;
    due = addDays(last, p.interval);
  }
  return counted ? 'onTime' : 'notDue';
}

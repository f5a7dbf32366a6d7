import {
  addWorkingDays,
  addWorkingHours,
  defaultWorkingHours,
  workingTimeBetween,
  type WorkingCalendar,
  type WorkingPeriod,
} from '../../calendar/index.ts';
import type { Deadline } from './types.ts';

/** A time limit as configured per category and step; `remindBefore` is in working hours before the due time. */
export interface TimeLimit {
  amount: number;
  unit: 'workingHours' | 'workingDays';
  remindBefore?: number;
}

/** Limits per category and step name ('case' for the whole case, or a status); `default` fills gaps. */
export type TimeLimitPolicy = Record<string, Partial<Record<string, TimeLimit>>>;

export function limitFor(policy: TimeLimitPolicy, category: string, step: string): TimeLimit | undefined {
  return policy[category]?.[step] ?? policy['default']?.[step];
}

/**
 * Computes the deadline the caller puts into an event. Deadlines are computed once and recorded, so a
 * later change of policy or calendar never rewrites the history of closed cases.
 */
export function planDeadline(
  cal: WorkingCalendar,
  limit: TimeLimit,
  at: number,
  workingHours: readonly WorkingPeriod[] = defaultWorkingHours,
): Deadline {
  const dueAt =
    limit.unit === 'workingDays'
      ? addWorkingDays(cal, at, limit.amount, workingHours)
      : addWorkingHours(cal, at, limit.amount, workingHours);
  if (limit.remindBefore === undefined || limit.remindBefore <= 0) return { dueAt };
  const total = workingTimeBetween(cal, at, dueAt, workingHours);
  const lead = limit.remindBefore * 60;
  if (lead >= total) return { dueAt };
  return { dueAt, remindAt: addWorkingHours(cal, at, (total - lead) / 60, workingHours) };
}

/**
 * After a suspension the clock resumes with the working time that was left when it stopped; a case
 * already overdue when suspended keeps its deadline (it stays overdue).
 */
export function shiftAfterSuspension(
  cal: WorkingCalendar,
  deadline: Deadline,
  suspendedAt: number,
  resumedAt: number,
  workingHours: readonly WorkingPeriod[] = defaultWorkingHours,
): Deadline {
  const left = workingTimeBetween(cal, suspendedAt, deadline.dueAt, workingHours);
  if (left <= 0 || resumedAt <= suspendedAt) return deadline;
  const dueAt = addWorkingHours(cal, resumedAt, left / 60, workingHours);
  if (deadline.remindAt === undefined || deadline.remindAt <= suspendedAt) return { dueAt };
  const remindLeft = workingTimeBetween(cal, suspendedAt, deadline.remindAt, workingHours);
  return { dueAt, remindAt: addWorkingHours(cal, resumedAt, remindLeft / 60, workingHours) };
}

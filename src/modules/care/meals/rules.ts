/** Meal and soup rounds as pure rules: when an order may be placed, and the 10-minute promise. */
import { addDays, chinaDate } from '../visits/schedule.ts';

export const meals = ['soup', 'lunch', 'dinner'] as const;
export type Meal = (typeof meals)[number];
/** 老宝贝一碗汤 "10分钟必达": from the kitchen's dispatch to the hand-off at the door. */
export const doorPromiseSeconds = 600;

/**
 * 共享厨房 cooks dinner for the orders of the day before, so a dinner is ordered by the end of the
 * previous China day; soup and lunch can be ordered the same day. Nothing is ordered for a past day.
 */
export function orderAllowed(meal: Meal, serviceDate: string, now: Date): { ok: true } | { ok: false; reason: 'past' | 'dinnerDayBefore' } {
  const today = chinaDate(now);
  if (serviceDate < today) return { ok: false, reason: 'past' };
  if (meal === 'dinner' && serviceDate < addDays(today, 1)) return { ok: false, reason: 'dinnerDayBefore' };
  return { ok: true };
}

/** Seconds from dispatch to the door; a hand-off stamped before the dispatch (clock skew) counts as 0. */
export function doorSeconds(dispatchedAt: Date, handedAt: Date): number {
  return Math.max(0, Math.round((handedAt.getTime() - dispatchedAt.getTime()) / 1000));
}

export const withinPromise = (seconds: number) => seconds <= doorPromiseSeconds;

import { meets, minimumToMeet, parseFraction, type Threshold } from '../tally/threshold.ts';
import type { ThresholdFile } from '../tally/schema.ts';

/** Asia/Shanghai is UTC+8 without daylight saving, so calendar days are a fixed offset from UTC. */
const offsetMs = 8 * 3_600_000;
const dayMs = 86_400_000;

/** Days since 1970-01-01 on the Shanghai wall calendar. */
export function shanghaiDay(instant: Date): number {
  return Math.floor((instant.getTime() + offsetMs) / dayMs);
}

export function isoDayOf(instant: Date): string {
  return new Date(shanghaiDay(instant) * dayMs).toISOString().slice(0, 10);
}

/**
 * Whole calendar days from the notice to the meeting day. "At least 15 days before" counts days, not
 * hours: a notice on 1 March allows a meeting on 16 March at any time of day.
 */
export function noticeDaysGiven(publishedAt: Date, startsAt: Date): number {
  return shanghaiDay(startsAt) - shanghaiDay(publishedAt);
}

export type NoticeCheck = { ok: true } | { ok: false; given: number; required: number; earliest: string };

export function checkNotice(publishedAt: Date, startsAt: Date, requiredDays: number): NoticeCheck {
  const given = noticeDaysGiven(publishedAt, startsAt);
  // A meeting day already past can never be given notice, whatever the period.
  if (given >= Math.max(requiredDays, 0)) return { ok: true };
  const earliest = new Date((shanghaiDay(publishedAt) + requiredDays) * dayMs).toISOString().slice(0, 10);
  return { ok: false, given, required: requiredDays, earliest };
}

/**
 * The meeting days of a body that meets on `dayOfMonth` (建言堂: the 20th), for `months` months from
 * `from` (YYYY-MM). Weekends and public holidays are kept: residents come "on the 20th" by habit
 * (docs/decisions/0110-councils.md). A day past the month's end falls on its last day.
 */
export function monthlyDays(from: string, months: number, dayOfMonth: number): string[] {
  const m = /^(\d{4})-(\d{2})$/.exec(from);
  if (!m) throw new RangeError(`bad month ${from}`);
  const out: string[] = [];
  for (let i = 0; i < months; i++) {
    const year = Number(m[1]) + Math.floor((Number(m[2]) - 1 + i) / 12);
    const month = (Number(m[2]) - 1 + i) % 12;
    const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    out.push(new Date(Date.UTC(year, month, Math.min(dayOfMonth, last))).toISOString().slice(0, 10));
  }
  return out;
}

/** `YYYY-MM-DD` and `HH:MM` in Shanghai time as an instant. */
export function shanghaiInstant(day: string, clock: string): Date {
  return new Date(`${day}T${clock}:00+08:00`);
}

/** A period of days, both ends included; `to` null is open-ended. */
export interface Period {
  from: string;
  to: string | null;
}

/** Two terms of one body overlap when they share a day (ends are inclusive). */
export function periodsOverlap(a: Period, b: Period): boolean {
  const aEndsBefore = a.to !== null && a.to < b.from;
  const bEndsBefore = b.to !== null && b.to < a.from;
  return !aEndsBefore && !bEndsBefore;
}

export function periodCovers(p: Period, day: string): boolean {
  return p.from <= day && (p.to === null || day <= p.to);
}

/** The JSON threshold (`{ "atLeast": "2/3" }`) as the tally's exact form; null when malformed. */
export function thresholdOf(json: ThresholdFile): Threshold | null {
  if (json.atLeastCount !== undefined) return { kind: 'atLeastCount', count: json.atLeastCount };
  const text = json.atLeast ?? json.moreThan;
  const f = text ? parseFraction(text) : null;
  if (!f) return null;
  return { kind: json.atLeast ? 'atLeast' : 'moreThan', ...f };
}

export interface Quorum {
  /** Voting members of the body on the meeting day. */
  members: number;
  /** Of those, checked in. */
  present: number;
  required: number;
  met: boolean;
}

/** The meeting's live quorum: members present out of voting members, by the body's rule. */
export function quorum(members: number, present: number, rule: Threshold): Quorum {
  return { members, present, required: Number(minimumToMeet(members, rule)), met: members > 0 && meets(present, members, rule) };
}

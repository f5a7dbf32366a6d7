import { CalendarError } from './errors.ts';

/** Asia/Shanghai has been UTC+8 without daylight saving since 1991, so a fixed offset is exact. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** An instant: a Date or epoch milliseconds. */
export type Instant = Date | number;

export function toMs(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new CalendarError('invalidInstant', { value: String(instant) });
  return ms;
}

/** Days since 1970-01-01 on the Shanghai wall calendar. */
export function localDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The instant of Shanghai midnight starting `day`. */
export function dayStartMs(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekendDay(day: number): boolean {
  const wd = weekdayOfDay(day);
  return wd === 0 || wd === 6;
}

/** Parses `YYYY-MM-DD` into a day number; undefined when malformed or not a real date (2025-02-30). */
export function isoToDay(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== iso) return undefined;
  return ms / DAY_MS;
}

/** Parses `HH:MM` into minutes after midnight (24:00 allowed as the end of a day). */
export function parseClock(hhmm: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

/**
 * Epoch ms of a Shanghai wall-clock time written `YYYY-MM-DDTHH:MM` (seconds optional), whatever the
 * machine's TZ. Handy for configuration, fixtures and tests.
 */
export function shanghaiTime(local: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  const day = m?.[1] === undefined ? undefined : isoToDay(m[1]);
  const clock = m ? parseClock(`${m[2]}:${m[3]}`) : undefined;
  const sec = Number(m?.[4] ?? '0');
  if (day === undefined || clock === undefined || clock >= 24 * 60 || sec > 59) {
    throw new CalendarError('invalidLocalTime', { value: local });
  }
  return dayStartMs(day) + clock * MINUTE_MS + sec * 1000;
}

/** The Shanghai wall-clock rendering `YYYY-MM-DDTHH:MM` of an instant (seconds shown only when set). */
export function formatShanghai(instant: Instant): string {
  const ms = toMs(instant);
  const iso = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  return iso.slice(16, 19) === ':00' && iso.slice(19, 23) === '.000' ? iso.slice(0, 16) : iso.slice(0, 19);
}

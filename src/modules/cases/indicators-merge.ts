import type { Indicators } from './domain/index.ts';

/**
 * What one slice of the facts (a window of instants, a set of versions) contributes to one group: counts,
 * sums of milliseconds, and the durations themselves, ascending. A slice may count negatively: the
 * versions a cached month was made from, taken out again because the case changed since.
 */
export interface SliceRow {
  key: string;
  received: number;
  closed: number;
  due_open: number;
  closed_on_time: number;
  reworked: number;
  ratings: number;
  satisfied: number;
  dispatch_sum: string | number;
  close_sum: string | number;
  /** Big-endian float8 values (SQL `float8send`), ascending if the slice was asked so. */
  dispatch_ms: Uint8Array;
  close_ms: Uint8Array;
}

interface Durations {
  sum: number;
  /** Sorted runs, each counted `sign` times (+1 or -1). */
  runs: { values: Float64Array; sign: number }[];
}

interface Totals {
  received: number;
  closed: number;
  dueOpen: number;
  closedOnTime: number;
  reworked: number;
  ratings: number;
  satisfied: number;
  dispatch: Durations;
  close: Durations;
}

const emptyTotals = (): Totals => ({
  received: 0, closed: 0, dueOpen: 0, closedOnTime: 0, reworked: 0, ratings: 0, satisfied: 0,
  dispatch: { sum: 0, runs: [] }, close: { sum: 0, runs: [] },
});

/** The float8 values of `float8send` bytes: swapped to the machine's order in a copy (aligned, so it can be viewed). */
export function float8s(bytes: Uint8Array): Float64Array {
  const copy = Buffer.alloc(bytes.byteLength);
  copy.set(bytes);
  copy.swap64();
  return new Float64Array(copy.buffer, copy.byteOffset, copy.byteLength / 8);
}

/** How many of the sorted `values` are ≤ v. */
function atMost(values: Float64Array, v: number): number {
  let lo = 0, hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The nearest-rank value ⌈0.9·n⌉ of the multiset the runs make (the smallest value with at least that
 * many at or below it), by bisecting over integer milliseconds: no run is merged or copied. Runs counted
 * negatively are sub-multisets of the positive ones, so the count at or below a value only grows with it.
 */
export function p90Of(runs: readonly { values: Float64Array; sign: number }[]): { count: number; p90: number | null } {
  const count = runs.reduce((n, r) => n + r.sign * r.values.length, 0);
  if (count <= 0) return { count: 0, p90: null };
  const rank = Math.ceil(0.9 * count);
  let lo = Infinity, hi = -Infinity;
  for (const r of runs) {
    if (r.sign < 0 || !r.values.length) continue;
    lo = Math.min(lo, r.values[0]!);
    hi = Math.max(hi, r.values[r.values.length - 1]!);
  }
  const below = (v: number) => runs.reduce((n, r) => n + r.sign * atMost(r.values, v), 0);
  // Durations are whole milliseconds, so the answer is the first integer where the count reaches the rank.
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (below(mid) >= rank) hi = mid;
    else lo = mid + 1;
  }
  return { count, p90: lo };
}

/** Sums slices (each with its sign) per group and in total, then states the indicators of each. */
export class IndicatorSum {
  private readonly groups = new Map<string, Totals>();
  private readonly total = emptyTotals();

  add(rows: readonly SliceRow[], sign: 1 | -1, sorted: boolean): void {
    for (const r of rows) {
      let g = this.groups.get(r.key);
      if (!g) this.groups.set(r.key, (g = emptyTotals()));
      const dispatch = sorted ? float8s(r.dispatch_ms) : float8s(r.dispatch_ms).sort();
      const close = sorted ? float8s(r.close_ms) : float8s(r.close_ms).sort();
      for (const t of [g, this.total]) {
        t.received += sign * Number(r.received);
        t.closed += sign * Number(r.closed);
        t.dueOpen += sign * Number(r.due_open);
        t.closedOnTime += sign * Number(r.closed_on_time);
        t.reworked += sign * Number(r.reworked);
        t.ratings += sign * Number(r.ratings);
        t.satisfied += sign * Number(r.satisfied);
        t.dispatch.sum += sign * Number(r.dispatch_sum);
        t.close.sum += sign * Number(r.close_sum);
        if (dispatch.length) t.dispatch.runs.push({ values: dispatch, sign });
        if (close.length) t.close.runs.push({ values: close, sign });
      }
    }
  }

  report(): { groups: Record<string, Indicators>; total: Indicators } {
    const groups: Record<string, Indicators> = {};
    for (const key of [...this.groups.keys()].sort((a, b) => a.localeCompare(b))) groups[key] = indicatorsOf(this.groups.get(key)!);
    return { groups, total: indicatorsOf(this.total) };
  }
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);
const minutes = (ms: number | null) => (ms === null ? null : ms / 60_000);

function stats(d: Durations) {
  const { count, p90 } = p90Of(d.runs);
  return { count, mean: count ? d.sum / count / 60_000 : null, p90: minutes(p90) };
}

export function indicatorsOf(t: Totals): Indicators {
  const dueToClose = t.closed + t.dueOpen;
  return {
    received: t.received, closed: t.closed, dueToClose, closedOnTime: t.closedOnTime,
    closeRate: ratio(t.closed, dueToClose), onTimeCloseRate: ratio(t.closedOnTime, dueToClose),
    reworked: t.reworked, reworkRate: ratio(t.reworked, t.closed),
    ratings: t.ratings, satisfied: t.satisfied, satisfactionRate: ratio(t.satisfied, t.ratings),
    timeToDispatch: stats(t.dispatch),
    timeToClose: stats(t.close),
  };
}

export const noIndicators = (): Indicators => indicatorsOf(emptyTotals());

import { apply } from './apply.ts';
import type { CaseEvent, CaseState, Rating } from './types.ts';

/** What one case contributes, as of the end of the period. */
export interface CaseFacts {
  state: CaseState;
  /** Ratings given inside the period (a reporter's rejection counts as an unsatisfied rating). */
  ratingsInPeriod: Rating[];
}

export type GroupBy = 'all' | 'unit' | 'level' | 'worker' | 'category' | 'affair' | ((facts: CaseFacts) => string);

export interface IndicatorOptions {
  /** The period is [from, to) in epoch ms; the history is read as of `to`. */
  from: number;
  to: number;
  groupBy?: GroupBy;
  /** Duration between two instants; defaults to wall-clock minutes. Pass working minutes to use the calendar. */
  measure?: (from: number, to: number) => number;
}

export interface DurationStats {
  count: number;
  mean: number | null;
  p90: number | null;
}

export interface Indicators {
  received: number;
  closed: number;
  dueToClose: number;
  closedOnTime: number;
  /** Close rate = closed / dueToClose. */
  closeRate: number | null;
  /** On-time close rate = closedOnTime / dueToClose. */
  onTimeCloseRate: number | null;
  reworked: number;
  /** Rework rate = reworked / closed. */
  reworkRate: number | null;
  ratings: number;
  satisfied: number;
  satisfactionRate: number | null;
  timeToDispatch: DurationStats;
  timeToClose: DurationStats;
}

export interface IndicatorReport {
  groups: Record<string, Indicators>;
  total: Indicators;
  /** Histories the workflow refused at some event; their state up to that event is still counted. */
  rejected: { caseId: string; index: number; code: string }[];
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** Mean and nearest-rank 90th percentile (the smallest value with at least 90% of values at or below it). */
export function durationStats(values: readonly number[]): DurationStats {
  if (!values.length) return { count: 0, mean: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { count: sorted.length, mean, p90: sorted[Math.ceil(0.9 * sorted.length) - 1] ?? null };
}

function groupKey(groupBy: GroupBy, facts: CaseFacts): string {
  const s = facts.state;
  if (typeof groupBy === 'function') return groupBy(facts);
  switch (groupBy) {
    case 'all':
      return 'all';
    case 'unit':
      return `${s.responsible.kind}:${s.responsible.code}`;
    case 'level':
      return s.responsible.kind;
    case 'worker':
      return s.handler ?? '';
    case 'category':
      return s.category;
    case 'affair':
      return s.affair;
  }
}

/** Replays each case's history up to `to`; events must be in the order they were appended. */
export function caseFacts(events: readonly CaseEvent[], from: number, to: number): { facts: CaseFacts[]; rejected: IndicatorReport['rejected'] } {
  const byCase = new Map<string, CaseEvent[]>();
  for (const e of events) {
    if (e.at >= to) continue;
    const list = byCase.get(e.caseId);
    if (list) list.push(e);
    else byCase.set(e.caseId, [e]);
  }
  const facts: CaseFacts[] = [];
  const rejected: IndicatorReport['rejected'] = [];
  for (const [caseId, list] of byCase) {
    let state: CaseState | undefined;
    for (const [index, e] of list.entries()) {
      const r = apply(state, e);
      if (!r.ok) {
        rejected.push({ caseId, index, code: r.error.code });
        break;
      }
      state = r.state;
    }
    if (state) facts.push({ state, ratingsInPeriod: state.ratings.filter((r) => r.at >= from && r.at < to) });
  }
  return { facts, rejected };
}

function compute(facts: readonly CaseFacts[], opts: IndicatorOptions): Indicators {
  const { from, to } = opts;
  const measure = opts.measure ?? ((a: number, b: number) => (b - a) / 60_000);
  const inPeriod = (t: number | undefined): t is number => t !== undefined && t >= from && t < to;
  let received = 0, closed = 0, dueToClose = 0, closedOnTime = 0, reworked = 0, ratings = 0, satisfied = 0;
  const toDispatch: number[] = [];
  const toClose: number[] = [];
  for (const { state: s, ratingsInPeriod } of facts) {
    if (inPeriod(s.acceptedAt)) received++;
    if (inPeriod(s.firstDispatchedAt)) toDispatch.push(measure(s.acceptedAt, s.firstDispatchedAt));
    ratings += ratingsInPeriod.length;
    satisfied += ratingsInPeriod.filter((r) => r.satisfied).length;
    if (s.outcome === 'duplicate') continue;
    const isClosed = s.status === 'closed' || s.status === 'rated';
    if (isClosed && inPeriod(s.closedAt)) {
      closed++;
      dueToClose++;
      if (s.closedAt <= s.dueAt) closedOnTime++;
      if (s.reworkCount > 0) reworked++;
      toClose.push(measure(s.acceptedAt, s.closedAt));
    } else if (!isClosed && s.status !== 'suspended' && inPeriod(s.dueAt)) {
      dueToClose++;
    }
  }
  return {
    received,
    closed,
    dueToClose,
    closedOnTime,
    closeRate: ratio(closed, dueToClose),
    onTimeCloseRate: ratio(closedOnTime, dueToClose),
    reworked,
    reworkRate: ratio(reworked, closed),
    ratings,
    satisfied,
    satisfactionRate: ratio(satisfied, ratings),
    timeToDispatch: durationStats(toDispatch),
    timeToClose: durationStats(toClose),
  };
}

/**
 * The indicators of issue 3 for the period [from, to), from the append-only history alone, grouped by
 * the case's responsible unit, its level, its handling worker, category or affair as of `to`.
 * Denominators are defined in docs/decisions/0031-case-workflow.md.
 */
export function computeIndicators(events: readonly CaseEvent[], opts: IndicatorOptions): IndicatorReport {
  const { facts, rejected } = caseFacts(events, opts.from, opts.to);
  const grouped = new Map<string, CaseFacts[]>();
  for (const f of facts) {
    const key = groupKey(opts.groupBy ?? 'all', f);
    const list = grouped.get(key);
    if (list) list.push(f);
    else grouped.set(key, [f]);
  }
  const groups: Record<string, Indicators> = {};
  for (const [key, list] of [...grouped].sort(([a], [b]) => a.localeCompare(b))) groups[key] = compute(list, opts);
  return { groups, total: compute(facts, opts), rejected };
}

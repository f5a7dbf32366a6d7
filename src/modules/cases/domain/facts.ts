import { apply } from './apply.ts';
import type { CaseEvent, CaseState } from './types.ts';

/**
 * What the indicators read of one case at one moment, derived from the replayed state alone. The SQL
 * dashboard aggregates these; `computeIndicators` reads the same fields of the same states, so both give
 * the same figures (indicator-facts.test.ts).
 */
export interface IndicatorFacts {
  category: string;
  affair: string;
  unitKind: string;
  unitCode: string;
  worker: string;
  receivedAt: number;
  dispatchedAt: number | null;
  /** Only while the case is closed or rated: a reopened case is not closed. */
  closedAt: number | null;
  dueAt: number;
  suspended: boolean;
  duplicate: boolean;
  reworked: boolean;
  ratingAt: number[];
  ratingOk: boolean[];
}

export function factsOf(s: CaseState): IndicatorFacts {
  const closed = s.status === 'closed' || s.status === 'rated';
  return {
    category: s.category,
    affair: s.affair,
    unitKind: s.responsible.kind,
    unitCode: s.responsible.code,
    worker: s.handler ?? '',
    receivedAt: s.acceptedAt,
    dispatchedAt: s.firstDispatchedAt ?? null,
    closedAt: closed && s.closedAt !== undefined ? s.closedAt : null,
    dueAt: s.dueAt,
    suspended: s.status === 'suspended',
    duplicate: s.outcome === 'duplicate',
    reworked: s.reworkCount > 0,
    ratingAt: s.ratings.map((r) => r.at),
    ratingOk: s.ratings.map((r) => r.satisfied),
  };
}

export function sameFacts(a: IndicatorFacts, b: IndicatorFacts): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One version of a case's facts, valid from the instant of the event that produced it. */
export interface FactsVersion {
  validFrom: number;
  facts: IndicatorFacts;
}

/**
 * The versions of a case's facts over its history: a new version whenever an event changes them (a fired
 * timer, a verification and the like leave them as they were). The rebuild writes exactly these.
 */
export function factsHistory(events: readonly CaseEvent[]): FactsVersion[] {
  const versions: FactsVersion[] = [];
  let state: CaseState | undefined;
  for (const e of events) {
    const r = apply(state, e);
    if (!r.ok) break;
    state = r.state;
    const facts = factsOf(state);
    const last = versions[versions.length - 1];
    if (!last || !sameFacts(last.facts, facts)) versions.push({ validFrom: e.at, facts });
  }
  return versions;
}

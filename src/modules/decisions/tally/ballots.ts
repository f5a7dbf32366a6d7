import { channels, step, type Ballot, type Channel, type Step } from './types.ts';
import { instant } from './time.ts';

export type RejectionReason =
  | 'AFTER_DEADLINE'
  | 'NOT_ON_ROLL'
  | 'INVALID_TIME'
  | 'SPOILED'
  | 'INVALID_CHOICE'
  | 'SIMULTANEOUS_CONFLICT';

export interface RejectedBallot<C> {
  ballot: Ballot<C>;
  reason: RejectionReason;
  /** For INVALID_CHOICE: what the method's validator said. */
  detail?: string;
}

export interface BallotReport<C> {
  /** One per roll entry, sorted by it so the report does not depend on input order. */
  effective: Ballot<C>[];
  /** The roll entry each effective ballot counts for. */
  effectiveKeys: string[];
  superseded: Ballot<C>[];
  rejected: RejectedBallot<C>[];
  received: number;
  byChannel: Record<Channel, number>;
}

/** Returns a reason code when a choice cannot be counted by the method, null when it can. */
export type ChoiceValidator<C> = (choice: C) => string | null;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const byId = <C>(a: Ballot<C>, b: Ballot<C>): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * One effective ballot per voter: the last valid one at or before the deadline. Earlier valid ones are kept
 * as superseded. Two valid ballots of one voter at the very same instant with different choices cannot be
 * ordered, so both are rejected rather than one picked by accident of input order.
 */
export function effectiveBallots<C>(
  roll: Iterable<string>,
  ballots: readonly Ballot<C>[],
  deadline: string,
  validate: ChoiceValidator<C> = () => null,
  /** Maps the `voter` a ballot names to the roll entry it counts for (owners' assemblies: unit → head). */
  voterKey: (voter: string) => string | undefined = (voter) => voter,
): BallotReport<C> {
  const deadlineMs = instant(deadline);
  if (Number.isNaN(deadlineMs)) throw new RangeError(`invalid deadline: ${deadline}`);
  const onRoll = roll instanceof Set ? (roll as Set<string>) : new Set(roll);
  const rejected: RejectedBallot<C>[] = [];
  const byChannel = Object.fromEntries(channels.map((c) => [c, 0])) as Record<Channel, number>;
  const valid = new Map<string, { ballot: Ballot<C>; ms: number }[]>();

  for (const ballot of ballots) {
    byChannel[ballot.channel] += 1;
    const ms = instant(ballot.time);
    const key = voterKey(ballot.voter);
    if (key === undefined || !onRoll.has(key)) rejected.push({ ballot, reason: 'NOT_ON_ROLL' });
    else if (Number.isNaN(ms)) rejected.push({ ballot, reason: 'INVALID_TIME' });
    else if (ms > deadlineMs) rejected.push({ ballot, reason: 'AFTER_DEADLINE' });
    else if (ballot.spoiled) rejected.push({ ballot, reason: 'SPOILED' });
    else {
      const problem = validate(ballot.choice);
      if (problem !== null) rejected.push({ ballot, reason: 'INVALID_CHOICE', detail: problem });
      else {
        const list = valid.get(key);
        if (list) list.push({ ballot, ms });
        else valid.set(key, [{ ballot, ms }]);
      }
    }
  }

  const chosen: [string, Ballot<C>][] = [];
  const superseded: Ballot<C>[] = [];
  for (const [key, list] of valid) {
    if (list.length === 1) {
      chosen.push([key, list[0]!.ballot]);
      continue;
    }
    const latestMs = Math.max(...list.map((e) => e.ms));
    const latest = list.filter((e) => e.ms === latestMs).map((e) => e.ballot).sort(byId);
    for (const e of list) if (e.ms !== latestMs) superseded.push(e.ballot);
    const choices = new Set(latest.map((b) => canonical(b.choice)));
    if (choices.size > 1) {
      for (const b of latest) rejected.push({ ballot: b, reason: 'SIMULTANEOUS_CONFLICT' });
    } else {
      chosen.push([key, latest[0]!]);
      superseded.push(...latest.slice(1));
    }
  }
  chosen.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  superseded.sort(byId);
  rejected.sort((a, b) => byId(a.ballot, b.ballot));
  return {
    effective: chosen.map(([, b]) => b),
    effectiveKeys: chosen.map(([k]) => k),
    superseded, rejected, received: ballots.length, byChannel,
  };
}

/** The ballots part of every explanation. */
export function explainBallots<C>(report: BallotReport<C>, rollSize: number, deadline: string): Step[] {
  const steps: Step[] = [
    step('rollFrozen', { voters: rollSize }),
    step('ballotsReceived', { count: report.received, deadline }),
    step('ballotsByChannel', { ...report.byChannel }),
  ];
  for (const r of report.rejected) {
    steps.push(step('ballotRejected', { ballot: r.ballot.id, voter: r.ballot.voter, reason: r.detail ?? r.reason }));
  }
  for (const b of report.superseded) steps.push(step('ballotSuperseded', { ballot: b.id, voter: b.voter }));
  steps.push(step('ballotsEffective', { count: report.effective.length }));
  return steps;
}

/** Summary carried in every result: which ballots were not counted and why. */
export interface BallotSummary {
  received: number;
  effective: number;
  byChannel: Record<Channel, number>;
  superseded: { id: string; voter: string }[];
  rejected: { id: string; voter: string; reason: RejectionReason; detail?: string }[];
}

export function summarizeBallots<C>(report: BallotReport<C>): BallotSummary {
  return {
    received: report.received,
    effective: report.effective.length,
    byChannel: report.byChannel,
    superseded: report.superseded.map((b) => ({ id: b.id, voter: b.voter })),
    rejected: report.rejected.map((r) => ({
      id: r.ballot.id,
      voter: r.ballot.voter,
      reason: r.reason,
      ...(r.detail === undefined ? {} : { detail: r.detail }),
    })),
  };
}

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AnyDB } from '../../../core/db/database.ts';
import type { ElectorateSource, MotionOutcome, MotionsApi, NewMotion, OutcomeListener, RollEntry, RollResolver } from '../contracts.ts';
import { countTally, parseTallyFile } from '../tally/index.ts';

interface HeldMotion {
  input: NewMotion;
  roll: RollEntry[] | null;
  ballots: { voter: string; choice: unknown }[];
  closed: MotionOutcome | null;
}

/**
 * A MotionsApi for tests of the parts that use motions: keeps motions in memory, freezes the roll from a
 * given function, and counts with the same tally as the server. Listeners run in the caller's transaction,
 * as the real one promises.
 */
export function fakeMotions(rollOf: (source: ElectorateSource) => RollEntry[]) {
  const motions = new Map<string, HeldMotion>();
  const listeners = new Map<string, OutcomeListener>();
  const api: MotionsApi & {
    motions: Map<string, HeldMotion>;
    cast(motionId: string, voter: string, choice: unknown): void;
  } = {
    motions,
    registerRoll(_kind: ElectorateSource['kind'], _resolver: RollResolver) {},
    onOutcome(kind, listener) {
      listeners.set(kind, listener);
    },
    async createMotion(input) {
      const id = randomUUID();
      motions.set(id, { input, roll: null, ballots: [], closed: null });
      return { id };
    },
    async announce(motionId) {
      const m = motions.get(motionId)!;
      if (m.roll) throw new Error('already announced');
      m.roll = rollOf(m.input.electorate);
    },
    cast(motionId, voter, choice) {
      const m = motions.get(motionId)!;
      if (!m.roll?.some((r) => r.voterId === voter)) throw new Error(`${voter} is not on the roll`);
      m.ballots.push({ voter, choice });
    },
    async close(motionId, _by, tx: Transaction<AnyDB>) {
      const m = motions.get(motionId)!;
      if (!m.roll || m.closed) throw new Error('motion not open');
      const deadline = m.input.closesAt;
      const roll = m.roll;
      const rule = m.input.rule;
      const ballots = m.ballots.map((b, i) => ({ id: `b${i}`, voter: b.voter, choice: b.choice, time: m.input.opensAt, channel: 'web' }));
      const file = rule.method === 'simpleMajority'
        ? { ...rule, deadline, members: roll.map((r) => r.voterId), ballots }
        : rule.method === 'approvalSelect'
          ? { ...rule, deadline, voters: roll.map((r) => (r.constituency ? { id: r.voterId, constituency: r.constituency } : { id: r.voterId })), ballots }
          : { ...rule, deadline, voters: roll.map((r) => r.voterId), ballots };
      const parsed = parseTallyFile(file);
      if (!parsed.ok) throw new Error(`tally file: ${JSON.stringify(parsed.errors)}`);
      const result = countTally(parsed.request);
      const selected = result.method === 'approvalSelect' ? result.selected : result.method === 'score' ? result.winners : result.method === 'rankedChoice' ? (result.winner ? [result.winner] : []) : [];
      const passed = result.outcome === 'PASSED' || result.outcome === 'ELECTED';
      const outcome: MotionOutcome = { motionId, subject: m.input.subject ?? null, passed, selected, result, closedAt: deadline };
      m.closed = outcome;
      const listener = m.input.subject ? listeners.get(m.input.subject.kind) : undefined;
      if (listener) await listener(outcome, tx);
      return outcome;
    },
  };
  return api;
}

export type FakeMotions = ReturnType<typeof fakeMotions>;

import { randomInt } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { MotionRule, RollEntry } from '../contracts.ts';
import { spoiledChoice, tallyFile, type FileBallot } from './rule.ts';
import type { VotesTables } from './tables.ts';

type Tx = Transaction<VotesTables>;
type MotionRow = Selectable<VotesTables['motions']>;

/** Named ballots as the tally file lists them: every ballot kept, the count picks the latest per voter. */
async function namedBallots(tx: Tx, motionId: string, rule: MotionRule): Promise<FileBallot[]> {
  const rows = await tx.selectFrom('ballots').selectAll().where('motion_id', '=', motionId).orderBy('cast_at').orderBy('id').execute();
  return rows.map((b) => ({
    id: b.id, voter: b.voter_id, choice: b.spoiled ? spoiledChoice(rule) : b.choice, time: b.cast_at.toISOString(), channel: b.channel, ...(b.spoiled ? { spoiled: true } : {}),
  }));
}

/**
 * A secret motion's tally file names nobody: each chain of ballots sharing a receipt (a first ballot and the
 * voter's replacements) gets a pseudonym `s<n>`, the roll entries that did not vote get `n<n>`, per
 * constituency so per-constituency results stay right. The box keeps no time, so ballot times are the
 * opening instant plus the revision in milliseconds: the latest revision of a chain is the effective one.
 */
export function secretFile(motion: MotionRow, rule: MotionRule, roll: readonly RollEntry[], box: Selectable<VotesTables['ballot_box']>[]): { roll: RollEntry[]; ballots: FileBallot[] } {
  const chains = new Map<string, Selectable<VotesTables['ballot_box']>[]>();
  for (const b of box) {
    const key = b.receipt_hash ?? `box:${b.id}`;
    chains.set(key, [...(chains.get(key) ?? []), b]);
  }
  const rollPerConstituency = new Map<string, number>();
  for (const r of roll) rollPerConstituency.set(r.constituency ?? '', (rollPerConstituency.get(r.constituency ?? '') ?? 0) + 1);
  const pseudoRoll: RollEntry[] = [];
  const ballots: FileBallot[] = [];
  const opens = motion.opens_at.getTime();
  let s = 0;
  const votedPerConstituency = new Map<string, number>();
  for (const chain of [...chains.values()].sort((a, b) => (a[0]!.id < b[0]!.id ? -1 : 1))) {
    const voter = `s${++s}`;
    const constituency = chain[0]!.constituency;
    votedPerConstituency.set(constituency ?? '', (votedPerConstituency.get(constituency ?? '') ?? 0) + 1);
    pseudoRoll.push({ voterId: voter, label: voter, constituency });
    for (const b of chain) {
      ballots.push({ id: b.id, voter, choice: b.spoiled ? spoiledChoice(rule) : b.choice, time: new Date(opens + b.revision).toISOString(), channel: b.channel, ...(b.spoiled ? { spoiled: true } : {}) });
    }
  }
  let n = 0;
  for (const [constituency, total] of [...rollPerConstituency].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (let i = votedPerConstituency.get(constituency) ?? 0; i < total; i++) pseudoRoll.push({ voterId: `n${++n}`, label: '', constituency: constituency || null });
  }
  return { roll: pseudoRoll, ballots };
}

/**
 * At close, a secret motion's box is emptied and refilled in random order with new random ids, in one
 * transaction: every row then carries the same transaction id and a physical position unrelated to the
 * order in which voters came (docs/decisions/0101-secret-ballots.md).
 */
export async function mixBox(tx: Tx, motionId: string): Promise<void> {
  const rows = await tx.deleteFrom('ballot_box').where('motion_id', '=', motionId).returningAll().execute();
  const shuffled = rows.map((r) => ({ r, k: randomInt(2 ** 47) })).sort((a, b) => a.k - b.k).map(({ r }) => r);
  for (let i = 0; i < shuffled.length; i += 1000) {
    await tx.insertInto('ballot_box').values(shuffled.slice(i, i + 1000).map((r) => ({
      motion_id: r.motion_id, choice: JSON.stringify(r.choice), channel: r.channel, constituency: r.constituency,
      receipt_hash: r.receipt_hash, revision: r.revision, spoiled: r.spoiled, superseded: r.superseded,
    }))).execute();
  }
}

/** The tally file of a motion at its close: frozen roll (or pseudonyms), every ballot, the rule and deadline. */
export async function fileFor(tx: Tx, motion: MotionRow, roll: readonly RollEntry[], deadline: string): Promise<Record<string, unknown>> {
  const rule = motion.rule as MotionRule;
  if (!motion.secret) return tallyFile(motion.title, rule, roll, await namedBallots(tx, motion.id, rule), deadline);
  await mixBox(tx, motion.id);
  const box = await tx.selectFrom('ballot_box').selectAll().where('motion_id', '=', motion.id).orderBy('id').execute();
  const secret = secretFile(motion, rule, roll, box);
  return tallyFile(motion.title, rule, secret.roll, secret.ballots, deadline);
}

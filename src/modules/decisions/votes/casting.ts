import { createHash, randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import type { MotionRule } from '../contracts.ts';
import type { Channel } from '../tally/index.ts';
import { lockMotion } from './motions.ts';
import { choiceProblem } from './rule.ts';
import type { VotesTables } from './tables.ts';

type Tx = Transaction<VotesTables>;

export interface CastInput {
  voterId: string;
  choice: unknown;
  channel: Channel;
  /** Account id of whoever entered it: the voter on the web, staff for paper and door-to-door. */
  enteredBy: string;
  spoiled?: boolean;
  /** Secret motions: the code the voter got with their first ballot, to replace it. */
  receiptCode?: string;
}

export interface CastResult {
  castAt: string;
  /** Named ballots: the ballot's id. Secret ballots have no id anyone outside the box can see. */
  ballotId: string | null;
  /** True when this ballot replaces an earlier one of the same voter. */
  replaces: boolean;
  /** Secret motions, first ballot only: shown once, never stored; needed to change the ballot. */
  receiptCode: string | null;
}

export const receiptHash = (code: string) => createHash('sha256').update(code.trim().toUpperCase()).digest('hex');
// Crockford-style alphabet: no 0/O or 1/I to misread when a voter types the code from paper.
const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function newReceiptCode(): string {
  const bytes = randomBytes(20);
  let out = '';
  for (let i = 0; i < 20; i++) out += alphabet[bytes[i]! % 32];
  return out.match(/.{4}/g)!.join('-');
}

/**
 * One ballot, reconciled against the frozen roll. The voter's roll row is locked while the ballot is
 * written, so two ballots of one voter arriving together are ordered, and each voter's ballot times are
 * strictly increasing (at least 1 ms apart): the latest one is always the single effective ballot.
 */
export async function castBallot(tx: Tx, motionId: string, input: CastInput): Promise<CastResult> {
  const motion = await lockMotion(tx, motionId, 'share');
  if (motion.state !== 'announced') throw new Problem(409, 'votes.problem.notOpen');
  if (!input.spoiled) {
    const problem = choiceProblem(motion.rule as MotionRule, input.choice);
    if (problem) throw new Problem(422, 'votes.problem.invalidChoice', { reason: problem });
  }
  const entry = await tx.selectFrom('motion_roll').select(['voter_id', 'constituency']).where('motion_id', '=', motionId).where('voter_id', '=', input.voterId).forUpdate().executeTakeFirst();
  if (!entry) throw new Problem(422, 'votes.problem.notOnRoll', { voter: input.voterId });
  const last = motion.secret
    ? (await tx.selectFrom('ballot_receipts').select('cast_at').where('motion_id', '=', motionId).where('voter_id', '=', input.voterId).executeTakeFirst())?.cast_at
    : (await tx.selectFrom('ballots').select((eb) => eb.fn.max('cast_at').as('cast_at')).where('motion_id', '=', motionId).where('voter_id', '=', input.voterId).executeTakeFirst())?.cast_at;
  const { rows } = await sql<{ now: Date }>`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`.execute(tx);
  const lastMs = last ? new Date(last).getTime() : -Infinity;
  const at = new Date(Math.max(rows[0]!.now.getTime(), lastMs + 1));
  if (at < motion.opens_at) throw new Problem(409, 'votes.problem.notOpenYet', { opensAt: motion.opens_at.toISOString() });
  if (at > motion.closes_at) throw new Problem(409, 'votes.problem.afterDeadline', { closesAt: motion.closes_at.toISOString() });
  const choice = JSON.stringify(input.choice ?? null);
  if (!motion.secret) {
    const row = await tx.insertInto('ballots').values({
      motion_id: motionId, voter_id: input.voterId, choice, cast_at: at, channel: input.channel, entered_by: input.enteredBy, spoiled: input.spoiled ?? false,
    }).returning('id').executeTakeFirstOrThrow();
    return { castAt: at.toISOString(), ballotId: row.id, replaces: last != null, receiptCode: null };
  }
  if (last == null) {
    const code = newReceiptCode();
    await tx.insertInto('ballot_receipts').values({ motion_id: motionId, voter_id: input.voterId, channel: input.channel, entered_by: input.enteredBy, cast_at: at }).execute();
    await tx.insertInto('ballot_box').values({
      motion_id: motionId, choice, channel: input.channel, constituency: entry.constituency, receipt_hash: receiptHash(code), spoiled: input.spoiled ?? false,
    }).execute();
    return { castAt: at.toISOString(), ballotId: null, replaces: false, receiptCode: code };
  }
  if (!input.receiptCode) throw new Problem(409, 'votes.problem.alreadyVotedSecret');
  const hash = receiptHash(input.receiptCode);
  const previous = await tx.updateTable('ballot_box').set({ superseded: true })
    .where('motion_id', '=', motionId).where('receipt_hash', '=', hash).where('superseded', '=', false)
    .returning(['revision', 'constituency']).executeTakeFirst();
  if (!previous) throw new Problem(403, 'votes.problem.badReceipt');
  await tx.insertInto('ballot_box').values({
    motion_id: motionId, choice, channel: input.channel, constituency: previous.constituency, receipt_hash: hash, revision: previous.revision + 1, spoiled: input.spoiled ?? false,
  }).execute();
  await tx.updateTable('ballot_receipts').set((eb) => ({ cast_at: at, changes: eb('changes', '+', 1) }))
    .where('motion_id', '=', motionId).where('voter_id', '=', input.voterId).execute();
  return { castAt: at.toISOString(), ballotId: null, replaces: true, receiptCode: null };
}

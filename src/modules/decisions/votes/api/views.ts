import type { Kysely, Selectable } from 'kysely';
import type { Principal } from '../../../access/index.ts';
import { residentHouseholds } from '../access.ts';
import type { VotesTables } from '../tables.ts';

type MotionRow = Selectable<VotesTables['motions']>;
type Db = Kysely<VotesTables>;

/** The published roll: labels (masked) for everyone; staff also see whether and how each entry has voted. */
export async function rollView(db: Db, m: MotionRow, staff: boolean) {
  const roll = await db.selectFrom('motion_roll').select(['voter_id', 'label', 'constituency', 'unit']).where('motion_id', '=', m.id).orderBy('position').execute();
  const voted = new Map<string, { channel: string; at: Date }>();
  if (staff) {
    const rows = m.secret
      ? await db.selectFrom('ballot_receipts').select(['voter_id', 'channel', 'cast_at']).where('motion_id', '=', m.id).execute()
      : await db.selectFrom('ballots').select(['voter_id', 'channel', 'cast_at']).where('motion_id', '=', m.id).orderBy('cast_at').execute();
    for (const r of rows) voted.set(r.voter_id, { channel: r.channel, at: r.cast_at });
  }
  return {
    motionId: m.id,
    announcedAt: m.announced_at?.toISOString() ?? null,
    size: roll.length,
    voted: staff ? voted.size : null,
    entries: roll.map((r) => {
      const unit = r.unit as { area?: string; developerHeld?: boolean } | null;
      const v = voted.get(r.voter_id);
      return {
        voterId: r.voter_id, label: r.label, constituency: r.constituency,
        ...(unit ? { area: unit.area ?? null, developerHeld: unit.developerHeld ?? false } : {}),
        ...(staff ? { votedAt: v?.at.toISOString() ?? null, channel: v?.channel ?? null } : {}),
      };
    }),
  };
}

/**
 * Ballots received. Named motions: every ballot with its channel and who entered it, the superseded ones
 * marked; choices only after close, so nobody keeps a running total. Secret motions: receipts only.
 */
export async function ballotList(db: Db, m: MotionRow) {
  const labels = new Map((await db.selectFrom('motion_roll').select(['voter_id', 'label']).where('motion_id', '=', m.id).execute()).map((r) => [r.voter_id, r.label]));
  if (m.secret) {
    const rows = await db.selectFrom('ballot_receipts').selectAll().where('motion_id', '=', m.id).orderBy('cast_at').execute();
    return { secret: true, items: rows.map((r) => ({ voterId: r.voter_id, label: labels.get(r.voter_id) ?? '', channel: r.channel, enteredBy: r.entered_by, castAt: r.cast_at.toISOString(), changes: r.changes })) };
  }
  const rows = await db.selectFrom('ballots').selectAll().where('motion_id', '=', m.id).orderBy('voter_id').orderBy('cast_at').execute();
  const latest = new Map<string, string>();
  for (const r of rows) latest.set(r.voter_id, r.id);
  return {
    secret: false,
    items: rows.map((r) => ({
      id: r.id, voterId: r.voter_id, label: labels.get(r.voter_id) ?? '', channel: r.channel, enteredBy: r.entered_by,
      castAt: r.cast_at.toISOString(), spoiled: r.spoiled, superseded: latest.get(r.voter_id) !== r.id,
      choice: m.state === 'closed' ? r.choice : null,
    })),
  };
}

/** The caller's place on the roll: as the account itself, or first of the households it is bound to. */
export function myRollEntry(db: Db, motionId: string, principal: Principal) {
  const homes = residentHouseholds(principal);
  return db.selectFrom('motion_roll').select(['voter_id', 'label']).where('motion_id', '=', motionId)
    .where((eb) => eb.or([eb('account_id', '=', principal.accountId), ...(homes.length ? [eb('household_path', 'in', homes)] : [])]))
    .orderBy('position').executeTakeFirst();
}

/** The caller's own roll entry and vote: their choice on a named motion, only the time on a secret one. */
export async function myVote(db: Db, m: MotionRow, principal: Principal) {
  const entry = await myRollEntry(db, m.id, principal);
  if (!entry) return null;
  if (m.secret) {
    const r = await db.selectFrom('ballot_receipts').select(['cast_at', 'channel']).where('motion_id', '=', m.id).where('voter_id', '=', entry.voter_id).executeTakeFirst();
    return { voterId: entry.voter_id, label: entry.label, votedAt: r?.cast_at.toISOString() ?? null, channel: r?.channel ?? null, choice: null };
  }
  const b = await db.selectFrom('ballots').select(['cast_at', 'channel', 'choice', 'spoiled']).where('motion_id', '=', m.id).where('voter_id', '=', entry.voter_id)
    .orderBy('cast_at', 'desc').limit(1).executeTakeFirst();
  return { voterId: entry.voter_id, label: entry.label, votedAt: b?.cast_at.toISOString() ?? null, channel: b?.channel ?? null, choice: b && !b.spoiled ? b.choice : null };
}

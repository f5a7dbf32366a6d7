import { sql, type Kysely, type Transaction } from 'kysely';
import type { Constituency } from './kinds.ts';
import type { CouncilTables } from './tables.ts';

export type CouncilDb = Kysely<CouncilTables> | Transaction<CouncilTables>;

export interface SeatedMember {
  memberId: string;
  name: string;
  standing: boolean;
  constituency: Constituency | null;
  title: string;
  /** The member's household path (roster members), so their household's accounts may vote on the web. */
  householdPath: string | null;
}

/**
 * Who sits on a council on a day: the members with a seat in the term covering that day, within the
 * seat's own dates. Terms of one council never overlap (checked when a term is added), so a member has
 * at most one seat on any day.
 */
export async function seatedOn(db: CouncilDb, councilId: string, day: string): Promise<SeatedMember[]> {
  const { rows } = await sql<{ member_id: string; name: string; standing: boolean; constituency: Constituency | null; title: string; path: string | null }>`
    SELECT m.id AS member_id, m.name, m.path, s.standing, s.constituency, s.title
    FROM council_seats s
    JOIN council_terms t ON t.id = s.term_id
    JOIN council_members m ON m.id = s.member_id
    WHERE t.council_id = ${councilId}
      AND t.starts_on <= ${day}::date AND (t.ends_on IS NULL OR t.ends_on >= ${day}::date)
      AND (s.starts_on IS NULL OR s.starts_on <= ${day}::date) AND (s.ends_on IS NULL OR s.ends_on >= ${day}::date)
    ORDER BY s.standing DESC, s.title DESC, m.name`.execute(db);
  return rows.map((r) => ({ memberId: r.member_id, name: r.name, standing: r.standing, constituency: r.constituency, title: r.title, householdPath: r.path }));
}

/** Standing members vote and count for the quorum; volunteer seats (the X of 7+X) do not. */
export async function votingMembersOn(db: CouncilDb, councilId: string, day: string): Promise<SeatedMember[]> {
  return (await seatedOn(db, councilId, day)).filter((m) => m.standing);
}

export async function presentMemberIds(db: CouncilDb, meetingId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('council_attendance').select('member_id').where('meeting_id', '=', meetingId).execute();
  return new Set(rows.map((r) => r.member_id));
}

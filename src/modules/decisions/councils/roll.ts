import type { Transaction } from 'kysely';
import type { AnyDB } from '../../../core/db/database.ts';
import type { ElectorateSource, RollEntry, RollResolver } from '../contracts.ts';
import { maskName } from '../policy.ts';
import { presentMemberIds, votingMembersOn } from './members.ts';
import { isoDayOf } from './rules.ts';
import type { CouncilTables } from './tables.ts';

const narrow = (tx: Transaction<AnyDB>) => tx as unknown as Transaction<CouncilTables>;

/** 'body': the voting members of the council on the day of the announcement, with their seat's constituency. */
export const bodyRoll: RollResolver = async (source: ElectorateSource, at: Date, tx: Transaction<AnyDB>): Promise<RollEntry[]> => {
  if (source.kind !== 'body') return [];
  const members = await votingMembersOn(narrow(tx), source.bodyId, isoDayOf(at));
  return members.map((m) => ({ voterId: m.memberId, label: maskName(m.name), constituency: m.constituency, householdPath: m.householdPath }));
};

/** 'attendees': the voting members checked in at the meeting when the item is put to the vote. */
export const attendeesRoll: RollResolver = async (source: ElectorateSource, _at: Date, tx: Transaction<AnyDB>): Promise<RollEntry[]> => {
  if (source.kind !== 'attendees') return [];
  const db = narrow(tx);
  const meeting = await db.selectFrom('council_meetings').select(['council_id', 'starts_at']).where('id', '=', source.meetingId).executeTakeFirst();
  if (!meeting) return [];
  // Seats are those of the meeting day, so a roll frozen after midnight still matches the meeting's quorum.
  const members = await votingMembersOn(db, meeting.council_id, isoDayOf(new Date(meeting.starts_at)));
  const present = await presentMemberIds(db, source.meetingId);
  return members.filter((m) => present.has(m.memberId)).map((m) => ({ voterId: m.memberId, label: maskName(m.name), constituency: m.constituency, householdPath: m.householdPath }));
};

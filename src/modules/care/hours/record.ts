import { sql, type Kysely } from 'kysely';
import type { LoopTables } from '../visits/tables.ts';
import { alarmMinutes } from './rules.ts';

/**
 * Whose time becomes service hours: the unpaid members of the grid team (一格六员) and residents in a
 * mutual-aid group. Grid workers, community and street staff serve as their job, not as volunteers.
 */
export const creditedRoles: readonly string[] = ['volunteer', 'microGridLeader', 'buildingSteward', 'partyMember', 'resident'];

export interface HoursEntry {
  accountId: string;
  volunteerName?: string | null;
  source: 'alarm' | 'visit' | 'meal';
  sourceId: string;
  communityPath: string;
  startedAt: Date;
  minutes: number;
}

/** A pending entry, once per record and person (a repeated call is harmless). */
export async function recordHours(db: Kysely<LoopTables>, e: HoursEntry): Promise<void> {
  await db.insertInto('care_service_hours').values({
    account_id: e.accountId, volunteer_name: e.volunteerName ?? null, source: e.source, source_id: e.sourceId, community_path: e.communityPath, started_at: e.startedAt, minutes: e.minutes,
  }).onConflict((oc) => oc.columns(['source', 'source_id', 'account_id']).doNothing()).execute();
}

/**
 * Resolved alarms become entries for the responder who accepted them (arrived → resolved). Alarms are
 * written by the alarm service, so they are collected here rather than hooked there: by the daily job and
 * before a coordinator's list. Returns how many entries were added.
 */
export async function collectAlarmHours(db: Kysely<LoopTables>): Promise<number> {
  const { rows } = await sql<{ id: string; accepted_by: string; community_path: string; arrived_at: Date; resolved_at: Date }>`
    SELECT a.id::text AS id, a.accepted_by, a.community_path, a.arrived_at, a.resolved_at
    FROM care_alarms a JOIN care_responders r ON r.account_id = a.accepted_by
    WHERE a.status = 'resolved' AND a.arrived_at IS NOT NULL AND a.community_path IS NOT NULL AND r.role = ANY(${[...creditedRoles]}::text[])
      AND NOT EXISTS (SELECT 1 FROM care_service_hours h WHERE h.source = 'alarm' AND h.source_id = a.id::text)
    ORDER BY a.id LIMIT 5000`.execute(db);
  for (const r of rows) {
    const minutes = alarmMinutes(new Date(r.arrived_at), new Date(r.resolved_at));
    if (minutes === null) continue;
    await recordHours(db, { accountId: r.accepted_by, source: 'alarm', sourceId: r.id, communityPath: r.community_path, startedAt: new Date(r.arrived_at), minutes });
  }
  return rows.length;
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { AnyDB } from '../../core/db/database.ts';
import type { JobQueue } from '../../core/jobs/queue.ts';
import type { RosterChange } from '../roster/index.ts';
import { communityPathOf } from './scopes.ts';
import type { LoopTables } from './visits/tables.ts';

type Departure = Extract<RosterChange, { kind: 'departed' }>;
type Move = Extract<RosterChange, { kind: 'moved' }>;
const tables = (trx: Transaction<AnyDB>) => trx as unknown as Kysely<LoopTables>;

/**
 * The care module's copy of a resident follows the roster (decisions 0148, 0082). Runs inside the roster's
 * transaction, so everything written here commits or rolls back with the change; a resident without a care
 * profile costs one UPDATE that finds nothing.
 */
export async function onRosterChange(deps: { jobs: JobQueue }, change: RosterChange, trx: Transaction<AnyDB>): Promise<void> {
  if (change.kind === 'renamed') {
    await tables(trx).updateTable('care_profiles').set({ name: change.name, updated_at: sql<Date>`now()` }).where('resident_id', '=', change.residentId).execute();
  } else if (change.kind === 'moved') {
    await followMove(trx, change);
  } else {
    await closeProfile(trx, deps.jobs, change);
  }
}

/**
 * Closed, not deleted: visits, alarms and meal orders refer to the profile, and a person who comes back is
 * the same person. Running alarms are left alone (someone may be at the door; the operator closes them).
 */
async function closeProfile(trx: Transaction<AnyDB>, jobs: JobQueue, change: Departure): Promise<void> {
  const db = tables(trx);
  const profile = await db.updateTable('care_profiles')
    .set({ closed_at: sql<Date>`now()`, closed_reason: change.reason, closed_on: change.on, updated_at: sql<Date>`now()` })
    .where('resident_id', '=', change.residentId).where('closed_at', 'is', null)
    .returning(['id', 'community_path']).executeTakeFirst();
  if (!profile) return;

  // The wristbands are freed for someone else. A freed band that keeps sending is an unknown device (its
  // alarms still dispatched by position); its heartbeat timer would only raise tasks nobody can act on.
  const devices = await db.updateTable('care_devices').set({ profile_id: null }).where('profile_id', '=', profile.id).returning('id').execute();
  for (const d of devices) await jobs.cancel(`care:device:${d.id}:heartbeat`, trx);

  await db.updateTable('care_visit_overdue').set({ resolved_at: sql<Date>`now()` }).where('profile_id', '=', profile.id).where('resolved_at', 'is', null).execute();
  // Overdue visits and device upkeep for the person are moot; tasks of an alarm stay with the alarm.
  await db.updateTable('care_tasks').set({ done_at: sql<Date>`now()`, outcome: 'profileClosed' })
    .where('profile_id', '=', profile.id).where('alarm_id', 'is', null).where('done_at', 'is', null).execute();
  await db.deleteFrom('care_group_profiles').where('profile_id', '=', profile.id).execute();
  // Meals not yet on a round are not cooked; a round already carrying one is the volunteer's to finish.
  await db.updateTable('care_meal_orders').set({ status: 'cancelled' }).where('profile_id', '=', profile.id).where('status', '=', 'ordered').where('round_id', 'is', null).execute();

  // The unlinking is kept as work for the grid worker: collect the band (or hand it on). Welfare-check
  // devices are virtual: nothing to collect.
  const bands = devices.filter((d) => !d.id.startsWith('WELFARE-'));
  if (bands.length) {
    await db.insertInto('care_tasks').values(bands.map((d) => ({
      kind: 'wristbandFreed', priority: 'low' as const, role: 'gridWorker', community_path: profile.community_path, device_id: d.id, profile_id: profile.id,
      detail: JSON.stringify({ reason: change.reason, on: change.on }),
    }))).onConflict((oc) => oc.doNothing()).execute();
  }
}

/** Visits, dispatch and meals go to the new home; groups of the old unit no longer cover the person. */
async function followMove(trx: Transaction<AnyDB>, change: Move): Promise<void> {
  const db = tables(trx);
  const communityPath = communityPathOf(change.path) ?? change.path;
  const profile = await db.updateTable('care_profiles')
    .set({ path: change.path, community_path: communityPath, address: change.address, home_lng: change.home?.lng ?? null, home_lat: change.home?.lat ?? null, updated_at: sql<Date>`now()` })
    .where('resident_id', '=', change.residentId).returning('id').executeTakeFirst();
  if (!profile) return;
  await sql`DELETE FROM care_group_profiles gp USING care_groups g
    WHERE gp.group_id = g.id AND gp.profile_id = ${profile.id} AND NOT starts_with(${change.path}, g.path)`.execute(db);
  // Open work about the person goes to the new community's grid worker and office.
  await db.updateTable('care_visit_overdue').set({ community_path: communityPath }).where('profile_id', '=', profile.id).where('resolved_at', 'is', null).execute();
  await db.updateTable('care_tasks').set({ community_path: communityPath })
    .where('profile_id', '=', profile.id).where('alarm_id', 'is', null).where('done_at', 'is', null).execute();
}

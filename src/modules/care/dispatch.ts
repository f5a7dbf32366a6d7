import { sql, type Transaction } from 'kysely';
import type { JobQueue } from '../../core/jobs/queue.ts';
import type { Executor } from '../../core/jobs/types.ts';
import type { Secrets } from '../../core/secrets.ts';
import { defaultLadder, ladderPlan, purposeSteps, stepApplies, validateLadder, type LadderStep } from './ladder.ts';
import type { Push } from './push.ts';
import { rankResponders, type Candidate } from './ranking.ts';
import type { CareTables } from './tables.ts';

export type Trx = Transaction<CareTables>;
export const ladderJob = 'care.ladder';
export const heartbeatJob = 'care.heartbeat';
export const ladderKey = (alarmId: number) => `care:alarm:${alarmId}:ladder:`;

export interface AlarmRow {
  id: number;
  type: 'alarm' | 'fall';
  status: 'open' | 'accepted' | 'resolved' | 'cancelled';
  profile_id: string | null;
  community_path: string | null;
  path: string | null;
  lng: number | null;
  lat: number | null;
  circle: number;
}

export async function settingsFor(trx: Trx, communityPath: string | null): Promise<{ ladder: LadderStep[]; dispatchCount: number }> {
  const { rows } = await sql<{ ladder: unknown; dispatch_count: number }>`
    SELECT ladder, dispatch_count FROM care_settings WHERE community_path = ${communityPath ?? ''} OR community_path = ''
    ORDER BY length(community_path) DESC LIMIT 1`.execute(trx);
  const row = rows[0];
  return { ladder: (row?.ladder != null ? validateLadder(row.ladder) : null) ?? defaultLadder, dispatchCount: row?.dispatch_count ?? 5 };
}

/** Responders who could go: on duty in or around the community, and the paired volunteers. */
async function candidates(trx: Trx, alarm: AlarmRow, opts: { wideScope: boolean; roles?: string[] }): Promise<Candidate[]> {
  const scope = alarm.community_path;
  const { rows } = await sql<{
    account_id: string; role: string; on_duty: boolean; lng: number | null; lat: number | null; age: number | null;
    home_lng: number | null; home_lat: number | null; skills: string[]; busy: boolean; load: number; paired: boolean;
  }>`
    SELECT r.account_id, r.role, r.on_duty, r.lng, r.lat, EXTRACT(EPOCH FROM now() - r.position_at)::float8 AS age,
      r.home_lng, r.home_lat, r.skills,
      EXISTS (SELECT 1 FROM care_alarms a WHERE a.accepted_by = r.account_id AND a.status = 'accepted') AS busy,
      (SELECT count(*) FROM care_alarms a WHERE a.accepted_by = r.account_id AND a.accepted_at > now() - interval '24 hours')::int AS load,
      EXISTS (SELECT 1 FROM care_pairings p WHERE p.account_id = r.account_id AND p.profile_id = ${alarm.profile_id}) AS paired
    FROM care_responders r
    WHERE (r.on_duty AND (${opts.wideScope || scope === null} OR r.scope_path LIKE ${`${scope ?? ''}%`} OR ${scope ?? ''} LIKE r.scope_path || '%')
           AND (${opts.roles ?? null}::text[] IS NULL OR r.role = ANY(${opts.roles ?? null}::text[])))
       OR r.account_id IN (SELECT account_id FROM care_pairings WHERE profile_id = ${alarm.profile_id})`.execute(trx);
  return rows.map((r) => ({
    accountId: r.account_id, role: r.role, onDuty: r.on_duty, busy: r.busy, recentLoad: r.load, paired: r.paired && !opts.roles, skills: r.skills,
    position: r.lng != null && r.lat != null ? { lng: r.lng, lat: r.lat, ageSeconds: r.age ?? Number.POSITIVE_INFINITY } : null,
    home: r.home_lng != null && r.home_lat != null ? { lng: r.home_lng, lat: r.home_lat } : null,
  }));
}

/** Ranks and writes offers; returns the pushes to send once the transaction commits. */
export async function offer(trx: Trx, alarm: AlarmRow, opts: { count: number; circle: number; reason?: string; roles?: string[] }): Promise<Push[]> {
  if (alarm.lng == null || alarm.lat == null) return [];
  const already = await trx.selectFrom('care_offers').select('account_id').where('alarm_id', '=', alarm.id).execute();
  const ranked = rankResponders({ lng: alarm.lng, lat: alarm.lat }, await candidates(trx, alarm, { wideScope: opts.circle > 1, ...(opts.roles ? { roles: opts.roles } : {}) }), {
    count: opts.count,
    maxEtaSeconds: 1800 * opts.circle,
    wantedSkills: alarm.type === 'fall' ? ['firstAid'] : [],
    exclude: new Set(already.map((a) => a.account_id)),
  });
  if (ranked.length === 0) return [];
  await trx.insertInto('care_offers').values(ranked.map((r) => ({
    alarm_id: alarm.id, account_id: r.accountId, reason: opts.reason ?? r.reason, eta_seconds: r.etaSeconds, distance_m: Number.isFinite(r.distanceM) ? r.distanceM : null,
  }))).onConflict((oc) => oc.columns(['alarm_id', 'account_id']).doNothing()).execute();
  await sql`UPDATE care_alarms SET offered_at = coalesce(offered_at, now()) WHERE id = ${alarm.id}`.execute(trx);
  return ranked.map((r) => ({ to: r.accountId, event: 'offer' as const, data: { alarmId: alarm.id, type: alarm.type, etaSeconds: r.etaSeconds } }));
}

/** Schedules each step of the ladder as a durable timer keyed by the alarm, so a cancel can remove them all. */
export async function scheduleLadder(jobs: JobQueue, trx: Trx, alarm: AlarmRow, ladder: LadderStep[], delayScale = 1): Promise<void> {
  for (const { index, step } of ladderPlan(ladder, alarm.type)) {
    await jobs.schedule(ladderJob, { alarmId: alarm.id, index }, { delayMs: step.afterSeconds * 1000 * delayScale, uniqueKey: `${ladderKey(alarm.id)}${index}` }, trx as unknown as Executor);
  }
}

export async function schedulePurpose(jobs: JobQueue, trx: Trx, alarmId: number, ladder: LadderStep[], purpose: string): Promise<void> {
  for (const { index } of purposeSteps(ladder, purpose)) {
    await jobs.schedule(ladderJob, { alarmId, index, purpose }, { uniqueKey: `${ladderKey(alarmId)}p${index}` }, trx as unknown as Executor);
  }
}

export async function task(trx: Trx, t: { kind: string; priority: 'urgent' | 'normal' | 'low'; role: string; communityPath: string | null; alarmId?: number; deviceId?: string; profileId?: string | null; dueInSeconds?: number; detail?: Record<string, unknown> }): Promise<Push[]> {
  await sql`INSERT INTO care_tasks (kind, priority, role, community_path, alarm_id, device_id, profile_id, detail, due_at)
    VALUES (${t.kind}, ${t.priority}, ${t.role}, ${t.communityPath}, ${t.alarmId ?? null}, ${t.deviceId ?? null}, ${t.profileId ?? null},
            ${JSON.stringify(t.detail ?? {})}::jsonb, now() + make_interval(secs => ${t.dueInSeconds ?? 0}))
    ON CONFLICT DO NOTHING`.execute(trx);
  return [{ to: `community:${t.communityPath ?? '/'}`, event: 'task', data: { kind: t.kind, alarmId: t.alarmId ?? null } }];
}

/** One step of the ladder coming due (a job handler, inside the job's transaction). */
export async function runLadderStep(trx: Trx, secrets: Secrets, payload: { alarmId: number; index: number; purpose?: string }): Promise<Push[]> {
  const { rows } = await sql<AlarmRow>`SELECT id, type, status, profile_id, community_path, path, lng, lat, circle FROM care_alarms WHERE id = ${payload.alarmId} FOR UPDATE`.execute(trx);
  const alarm = rows[0];
  if (!alarm) return [];
  const settings = await settingsFor(trx, alarm.community_path);
  const step: LadderStep | undefined = payload.index === -1 ? { afterSeconds: 0, action: 'advise120', onlyIfUnaccepted: false } : settings.ladder[payload.index];
  if (!step || !stepApplies(step, alarm.status)) return [];
  const pushes: Push[] = [];
  switch (step.action) {
    case 'widen': {
      const circle = alarm.circle + 1;
      await sql`UPDATE care_alarms SET circle = ${circle} WHERE id = ${alarm.id}`.execute(trx);
      pushes.push(...(await offer(trx, { ...alarm, circle }, { count: settings.dispatchCount * 2, circle, reason: 'widen' })));
      break;
    }
    case 'notifyStaff':
      pushes.push(...(await offer(trx, alarm, { count: 10, circle: alarm.circle, reason: 'staff', roles: ['gridWorker', 'gridLeader', 'microGridLeader'] })));
      for (const role of ['gridWorker', 'propertyManager', 'communityStaff']) {
        pushes.push(...(await task(trx, { kind: 'escalation', priority: 'urgent', role, communityPath: alarm.community_path, alarmId: alarm.id, profileId: alarm.profile_id })));
      }
      break;
    case 'notifyFamily': {
      if (!alarm.profile_id) break;
      const profile = await trx.selectFrom('care_profiles').select('contacts_enc').where('id', '=', alarm.profile_id).executeTakeFirst();
      const contacts = profile?.contacts_enc ? (JSON.parse(secrets.decrypt(profile.contacts_enc)) as { phone?: string }[]) : [];
      for (const c of contacts.filter((c) => c.phone)) {
        // The phone stays encrypted in the outbox too; the sender decrypts it at the last moment.
        await trx.insertInto('care_notifications').values({ alarm_id: alarm.id, channel: 'sms', recipient: secrets.encrypt(c.phone!), template: `care.notify.family.${alarm.status}` }).execute();
      }
      break;
    }
    case 'advise120':
      await sql`UPDATE care_alarms SET advise_120 = true WHERE id = ${alarm.id}`.execute(trx);
      pushes.push(...(await task(trx, { kind: 'call120', priority: 'urgent', role: 'communityStaff', communityPath: alarm.community_path, alarmId: alarm.id, profileId: alarm.profile_id, detail: { reason: payload.purpose ?? alarm.type } })));
      break;
  }
  return pushes;
}

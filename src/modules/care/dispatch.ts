import { sql, type Transaction } from 'kysely';
import type { JobQueue } from '../../core/jobs/queue.ts';
import type { Executor } from '../../core/jobs/types.ts';
import type { Secrets } from '../../core/secrets.ts';
import { defaultLadder, ladderPlan, percentile, purposeSteps, stepApplies, validateLadder, type LadderStep } from './ladder.ts';
import type { Push } from './push.ts';
import { boxAround, radiusForEta, rankResponders, widerRadius, type Box, type Candidate, type Ranked } from './ranking.ts';
import type { CareTables } from './tables.ts';

export type Trx = Transaction<CareTables>;

/**
 * Where the time of a device message goes, phase by phase (parse, lookup, store, alarm, rank, offers,
 * tasks, commit, push): a few clock reads per message, read by `npm run bench:care`.
 */
export class PhaseTimes {
  private readonly samples = new Map<string, number[]>();

  /** A lap timer: each call records the time since the previous one under the phase's name. */
  stopwatch(): (phase: string) => void {
    let last = performance.now();
    return (phase) => {
      const now = performance.now();
      let list = this.samples.get(phase);
      if (!list) this.samples.set(phase, (list = []));
      if (list.length < 100_000) list.push(now - last);
      last = now;
    };
  }

  summary(): { phase: string; count: number; meanMs: number; p50Ms: number; p99Ms: number }[] {
    return [...this.samples].map(([phase, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return { phase, count: list.length, meanMs: list.reduce((s, x) => s + x, 0) / list.length, p50Ms: percentile(sorted, 0.5) ?? 0, p99Ms: percentile(sorted, 0.99) ?? 0 };
    });
  }

  clear(): void {
    this.samples.clear();
  }
}
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

/** A community's settings row, or else the default (''): a query other statements can embed. */
export const settingsQuery = (communityPath: string | null) =>
  sql<{ ladder: unknown; dispatch_count: number }>`SELECT ladder, dispatch_count FROM care_settings WHERE community_path = ${communityPath ?? ''} OR community_path = ''
    ORDER BY length(community_path) DESC LIMIT 1`;

export function settingsOf(row: { ladder: unknown; dispatch_count: number } | undefined): { ladder: LadderStep[]; dispatchCount: number } {
  return { ladder: (row?.ladder != null ? validateLadder(row.ladder) : null) ?? defaultLadder, dispatchCount: row?.dispatch_count ?? 5 };
}

export async function settingsFor(trx: Trx, communityPath: string | null): Promise<{ ladder: LadderStep[]; dispatchCount: number }> {
  const { rows } = await settingsQuery(communityPath).execute(trx);
  return settingsOf(rows[0]);
}

/**
 * Responders who could go: on duty in or around the community with their position or home inside the
 * box (GiST, migration 0003), and the paired volunteers wherever they are.
 */
async function candidates(trx: Trx, alarm: AlarmRow, opts: { wideScope: boolean; roles?: string[]; box: Box }): Promise<Candidate[]> {
  const scope = alarm.community_path;
  const { west, south, east, north } = opts.box;
  const box = sql`box(point(${west}::float8, ${south}::float8), point(${east}::float8, ${north}::float8))`;
  const columns = sql`r.account_id, r.role, r.on_duty, r.lng, r.lat, r.position_at, r.home_lng, r.home_lat, r.skills`;
  const eligible = sql`r.on_duty AND (${opts.wideScope || scope === null} OR r.scope_path LIKE ${`${scope ?? ''}%`} OR ${scope ?? ''} LIKE r.scope_path || '%')
    AND (${opts.roles ?? null}::text[] IS NULL OR r.role = ANY(${opts.roles ?? null}::text[]))`;
  // Each branch is one index scan (position box, home box, the profile's pairings); "busy" and "calls
  // today" are index probes for the few rows found. Kept as separate branches so the planner never
  // trades the boxes for a scan of every responder.
  const { rows } = await sql<{
    account_id: string; role: string; on_duty: boolean; lng: number | null; lat: number | null; age: number | null;
    home_lng: number | null; home_lat: number | null; skills: string[]; busy: boolean; load: number; paired: boolean;
  }>`
    WITH c AS (
      SELECT ${columns} FROM care_responders r WHERE point(r.lng, r.lat) <@ ${box} AND ${eligible}
      UNION SELECT ${columns} FROM care_responders r WHERE point(r.home_lng, r.home_lat) <@ ${box} AND ${eligible}
      UNION SELECT ${columns} FROM care_responders r JOIN care_pairings p ON p.account_id = r.account_id WHERE p.profile_id = ${alarm.profile_id})
    SELECT c.account_id, c.role, c.on_duty, c.lng, c.lat, EXTRACT(EPOCH FROM now() - c.position_at)::float8 AS age, c.home_lng, c.home_lat, c.skills,
      EXISTS (SELECT 1 FROM care_alarms a WHERE a.accepted_by = c.account_id AND a.status = 'accepted') AS busy,
      (SELECT count(*) FROM care_alarms a WHERE a.accepted_by = c.account_id AND a.accepted_at > now() - interval '24 hours')::int AS load,
      EXISTS (SELECT 1 FROM care_pairings p WHERE p.account_id = c.account_id AND p.profile_id = ${alarm.profile_id}) AS paired
    FROM c`.execute(trx);
  return rows.map((r) => ({
    accountId: r.account_id, role: r.role, onDuty: r.on_duty, busy: r.busy, recentLoad: r.load, paired: r.paired && !opts.roles, skills: r.skills,
    position: r.lng != null && r.lat != null ? { lng: r.lng, lat: r.lat, ageSeconds: r.age ?? Number.POSITIVE_INFINITY } : null,
    home: r.home_lng != null && r.home_lat != null ? { lng: r.home_lng, lat: r.home_lat } : null,
  }));
}

/** The first search radius: in a town a handful of responders are within a few hundred metres. */
const firstRadiusM = 300;

/**
 * Ranks the responders near the alarm and writes the offers (one statement); returns the pushes to send
 * once the transaction commits. The search widens until no one further away could rank higher
 * (`widerRadius`), so the offers are those a scan of every responder would give.
 */
export async function offer(trx: Trx, alarm: AlarmRow, opts: { count: number; circle: number; reason?: string; roles?: string[]; fresh?: boolean; lap?: (phase: string) => void }): Promise<Push[]> {
  if (alarm.lng == null || alarm.lat == null) return [];
  const target = { lng: alarm.lng, lat: alarm.lat };
  // A new alarm has no offers yet: one query fewer on the path the device waits for.
  const already = opts.fresh ? [] : await trx.selectFrom('care_offers').select('account_id').where('alarm_id', '=', alarm.id).execute();
  const maxEtaSeconds = 1800 * opts.circle;
  const maxRadius = radiusForEta(maxEtaSeconds);
  const rankOptions = { count: opts.count, maxEtaSeconds, wantedSkills: alarm.type === 'fall' ? ['firstAid'] : [], exclude: new Set(already.map((a) => a.account_id)) };
  let radius = Math.min(firstRadiusM, maxRadius);
  let ranked: Ranked[];
  for (;;) {
    const found = await candidates(trx, alarm, { wideScope: opts.circle > 1, box: boxAround(target, radius), ...(opts.roles ? { roles: opts.roles } : {}) });
    ranked = rankResponders(target, found, rankOptions);
    const wider = widerRadius(ranked, opts.count, radius, maxRadius);
    if (wider === null) break;
    radius = wider;
  }
  opts.lap?.('rank');
  if (ranked.length === 0) return [];
  const rows = ranked.map((r) => sql`(${alarm.id}::bigint, ${r.accountId}::uuid, ${opts.reason ?? r.reason}, ${r.etaSeconds}::int, ${Number.isFinite(r.distanceM) ? r.distanceM : null}::int)`);
  await sql`WITH o AS (
      INSERT INTO care_offers (alarm_id, account_id, reason, eta_seconds, distance_m) VALUES ${sql.join(rows)}
      ON CONFLICT (alarm_id, account_id) DO NOTHING RETURNING 1)
    UPDATE care_alarms SET offered_at = coalesce(offered_at, now()) WHERE id = ${alarm.id}`.execute(trx);
  opts.lap?.('offers');
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

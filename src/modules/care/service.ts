import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import { Problem } from '../../core/http/problem.ts';
import type { JobQueue } from '../../core/jobs/queue.ts';
import type { Executor, JobHandler } from '../../core/jobs/types.ts';
import type { Secrets } from '../../core/secrets.ts';
import type { AuditWriter, Principal } from '../access/index.ts';
import { toWgs84 } from '../geo/index.ts';
import type { TreeService } from '../tree/index.ts';
import { heartbeatJob, ladderJob, ladderKey, offer, PhaseTimes, runLadderStep, scheduleLadder, schedulePurpose, settingsFor, settingsOf, settingsQuery, task, type AlarmRow, type Trx } from './dispatch.ts';
import { logFamilyChannel, type FamilyChannel } from './family/channel.ts';
import { familySendJob, scheduleFamilySend, sendFamilyMessages } from './family/sender.ts';
import { startDeviceSubscriber, type SubscriberOptions } from './mqtt.ts';
import { canonicalDeviceId, parseDeviceMessage, type DeviceEvent } from './protocol.ts';
import type { Push, PushHub } from './push.ts';
import { distanceM } from './ranking.ts';
import { communityPathOf } from './scopes.ts';
import type { CareTables } from './tables.ts';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const arrivalRadiusM = 150;
export const callbackPurposes = ['shopping', 'helpAtHome', 'medical', 'fall', 'falsePress'] as const;
/** The first key of the per-device advisory lock (the second is the device id's hash). */
const deviceLockClass = 7070;

export interface IngestResult {
  outcome: 'stored' | 'duplicate' | 'rejected';
  reason?: string;
  eventId?: number;
  alarmId?: number;
}

/** A care profile as a trusted loader gives it (see `CareService.addProfiles`). */
export interface SeedProfile {
  residentId: string;
  path: string;
  name: string;
  riskTier: 'high' | 'key' | 'other';
  home: { lng: number; lat: number } | null;
  address: string;
  contacts: { name: string; relation: string; phone: string }[];
  healthNotes?: string;
  keySafeCode?: string;
  pairedAccountIds: string[];
}

export interface CareDeps {
  jobs: JobQueue;
  secrets: Secrets;
  log: Logger;
  tree: TreeService;
  audit: AuditWriter;
  hub: PushHub;
  /** Tests shorten the ladder (0.01 makes 30 s into 0.3 s). */
  ladderScale?: number;
  /** How family members are told (the ladder's notifyFamily step); the log channel until a gateway is configured. */
  familyChannel?: FamilyChannel;
}

/** Device events in, alarms dispatched, the alarm's life from pressed to resolved. */
export class CareService {
  private subscriber: ReturnType<typeof startDeviceSubscriber> | null = null;
  /** Time per phase of every device message handled by this process (the bench reads it). */
  readonly phases = new PhaseTimes();

  constructor(readonly db: Kysely<CareTables>, private readonly deps: CareDeps) {}

  /** Device events over MQTT (`MQTT_URL`; `off` disables); resolves once subscribed (or after 5 s, retrying). */
  async startMqtt(options: SubscriberOptions): Promise<void> {
    if (this.subscriber || options.url === 'off') return;
    this.subscriber = startDeviceSubscriber(this, this.deps.log, options);
    await Promise.race([this.subscriber.ready, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }

  async stopMqtt(): Promise<void> {
    await this.subscriber?.stop();
    this.subscriber = null;
  }

  get jobHandlers(): Record<string, JobHandler> {
    return {
      [ladderJob]: async (payload, { trx }) => {
        const pushes = await runLadderStep(trx as unknown as Trx, this.deps.secrets, payload as { alarmId: number; index: number });
        await scheduleFamilySend(this.deps.jobs, trx as unknown as Trx, (payload as { alarmId: number }).alarmId);
        // The job commits right after the handler returns; pushes are hints, a client refetches.
        setImmediate(() => this.deps.hub.publish(pushes));
      },
      [familySendJob]: async (payload, { trx }) => {
        const channel = this.deps.familyChannel ?? logFamilyChannel(this.deps.log);
        await sendFamilyMessages(trx as unknown as Trx, { secrets: this.deps.secrets, channel, jobs: this.deps.jobs }, (payload as { alarmId: number }).alarmId);
      },
      [heartbeatJob]: async (payload, { trx }) => {
        const { deviceId } = payload as { deviceId: string };
        const t = trx as unknown as Trx;
        const device = await t.selectFrom('care_devices as d').leftJoin('care_profiles as p', 'p.id', 'd.profile_id')
          .select(['d.id', 'd.profile_id', 'p.community_path', 'd.last_seen_at']).where('d.id', '=', deviceId).executeTakeFirst();
        // Nobody is meant to wear a band without a profile (freed by a departure): silence means nothing.
        if (!device?.profile_id) return;
        await task(t, { kind: 'missedHeartbeat', priority: 'low', role: 'gridWorker', communityPath: device.community_path, deviceId, profileId: device.profile_id, detail: { lastSeenAt: device.last_seen_at } });
      },
    };
  }

  /** Stores one device message (or keeps it as rejected) and acts on it, in one transaction. Resolves after commit. */
  async ingest(rawDeviceId: string, payload: string | Uint8Array, via: 'mqtt' | 'https', topic?: string): Promise<IngestResult> {
    const receivedAt = new Date();
    const lap = this.phases.stopwatch();
    const deviceId = canonicalDeviceId(rawDeviceId);
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    const parsed = parseDeviceMessage(text, receivedAt);
    lap('parse');
    const device = await this.db.selectFrom('care_devices as d').leftJoin('care_profiles as p', 'p.id', 'd.profile_id')
      .select(['d.id', 'd.profile_id', 'd.heartbeat_seconds', 'd.missed_heartbeats', 'd.low_battery', 'p.path', 'p.community_path', 'p.home_lng', 'p.home_lat'])
      .where('d.id', '=', deviceId).executeTakeFirst();
    if (!parsed.ok) {
      await this.db.insertInto('device_messages_rejected').values({ device_id: deviceId || null, via, topic: topic ?? null, payload: text.slice(0, 65_536), reason: parsed.reason, path: device?.path ?? null }).execute();
      this.deps.hub.publish([{ to: `community:${device?.community_path ?? '/'}`, event: 'task', data: { kind: 'rejectedMessage', deviceId } }]);
      return { outcome: 'rejected', reason: parsed.reason };
    }
    const event = parsed.event;
    let lng: number | null = null;
    let lat: number | null = null;
    if (event.lng != null && event.lat != null) [lng, lat] = toWgs84(event.lng, event.lat, event.crs);
    // Locate before the transaction: it may read the database and must not wait for our own connection.
    let placePath: string | null = device?.path ?? null;
    if (!placePath && lng != null && lat != null && (event.type === 'alarm' || event.type === 'fall')) placePath = (await this.deps.tree.locate(lng, lat)).path;
    lap('lookup');

    const pushes: Push[] = [];
    const result = await this.db.transaction().execute(async (trx): Promise<IngestResult> => {
      // Messages of one device are handled one at a time, in every process (a lock until commit), so an
      // alarm and its cancel never pass each other unseen (see raiseAlarm). Taken in the insert itself.
      // The device's last message (a registered one) moves in the same statement. Handled in any order
      // (several connections and processes), the device's own time decides what is latest.
      const later = sql`${event.at}::timestamptz >= coalesce(last_seen_at, '-infinity')`;
      const touchDevice = device
        ? sql`, touched AS (UPDATE care_devices SET last_seen_at = greatest(coalesce(last_seen_at, ${event.at}), ${event.at}),
              last_battery = CASE WHEN ${later} THEN coalesce(${event.battery}::int, last_battery) ELSE last_battery END,
              last_lng = CASE WHEN ${later} THEN coalesce(${lng}::float8, last_lng) ELSE last_lng END,
              last_lat = CASE WHEN ${later} THEN coalesce(${lat}::float8, last_lat) ELSE last_lat END
              WHERE id = ${deviceId} AND EXISTS (SELECT 1 FROM stored) RETURNING 1)`
        : sql``;
      const { rows: inserted } = await sql<{ id: number }>`
        WITH device_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(${deviceLockClass}::int, hashtext(${deviceId}))),
        stored AS (
          INSERT INTO device_events (device_id, message_id, type, at, via, lng, lat, battery, quirks, payload)
          SELECT ${deviceId}, ${event.messageId}, ${event.type}, ${event.at}::timestamptz, ${via}, ${lng}::float8, ${lat}::float8, ${event.battery}::int, ${event.quirks}::text[], ${text.slice(0, 65_536)}
          FROM device_lock
          ON CONFLICT (device_id, message_id) DO NOTHING RETURNING id)
        ${touchDevice}
        SELECT id FROM stored`.execute(trx);
      if (!inserted[0]) return { outcome: 'duplicate' };
      const eventId = Number(inserted[0].id);
      if (device?.profile_id) {
        // Any message shows the wristband is alive: the missed-heartbeat timer moves forward. A band with
        // no profile has no wearer to look after: no timer, no battery task.
        await this.deps.jobs.schedule(heartbeatJob, { deviceId }, { delayMs: device.heartbeat_seconds * device.missed_heartbeats * 1000, uniqueKey: `care:device:${deviceId}:heartbeat` }, trx as unknown as Executor);
        if (event.battery != null && event.battery <= device.low_battery) {
          pushes.push(...(await task(trx, { kind: 'lowBattery', priority: 'low', role: 'gridWorker', communityPath: device.community_path, deviceId, profileId: device.profile_id, detail: { battery: event.battery } })));
        }
      }
      lap('store');
      let alarmId: number | undefined;
      if (event.type === 'alarm' || event.type === 'fall') {
        alarmId = await this.raiseAlarm(trx, eventId, deviceId, event, device ?? null, placePath, lng, lat, pushes, lap);
      } else if (event.type === 'cancel') {
        const open = await trx.selectFrom('care_alarms').select('id').where('device_id', '=', deviceId).where('status', 'in', ['open', 'accepted']).execute();
        for (const a of open) pushes.push(...(await this.cancelIn(trx, Number(a.id), 'device')));
        // Nothing open: perhaps the press it cancels is still on its way (raiseAlarm looks for this).
        if (open.length === 0) await sql`UPDATE device_events SET pending_cancel = true WHERE id = ${eventId}`.execute(trx);
      }
      lap('tasks');
      return { outcome: 'stored', eventId, ...(alarmId ? { alarmId } : {}) };
    });
    lap('commit');
    this.deps.hub.publish(pushes);
    lap('push');
    return result;
  }

  private async raiseAlarm(trx: Trx, eventId: number, deviceId: string, event: DeviceEvent, device: { profile_id: string | null; path: string | null; community_path: string | null; home_lng: number | null; home_lat: number | null } | null, placePath: string | null, lng: number | null, lat: number | null, pushes: Push[], lap: (phase: string) => void): Promise<number> {
    const communityPath = device?.community_path ?? (placePath ? communityPathOf(placePath) : null);
    // The alarm, the operator's 60-second callback task and the community's settings in one round trip.
    const { rows } = await sql<AlarmRow & { ladder: unknown; dispatch_count: number; cancelled_later: boolean }>`
      WITH a AS (
        INSERT INTO care_alarms (event_id, device_id, profile_id, path, community_path, type, lng, lat, pressed_at)
        VALUES (${eventId}, ${deviceId}, ${device?.profile_id ?? null}::uuid, ${device?.path ?? placePath}, ${communityPath}, ${event.type},
                ${lng ?? device?.home_lng ?? null}::float8, ${lat ?? device?.home_lat ?? null}::float8, ${event.at}::timestamptz)
        RETURNING id, type, status, profile_id, community_path, path, lng, lat, circle),
      t AS (
        INSERT INTO care_tasks (kind, priority, role, community_path, alarm_id, profile_id, detail, due_at)
        SELECT 'callback', 'urgent', 'communityStaff', a.community_path, a.id, a.profile_id, ${JSON.stringify({ unknownDevice: !device?.profile_id })}::jsonb, now() + interval '60 seconds' FROM a),
      c AS (
        -- A cancel the device sent after this press but handled before it, which found nothing to cancel:
        -- it cancels this press, once. Seconds only, so a device with a wrong clock cannot cancel later presses.
        UPDATE device_events SET pending_cancel = false WHERE id = (
          SELECT id FROM device_events WHERE device_id = ${deviceId} AND pending_cancel AND at >= ${event.at}::timestamptz
            AND received_at > now() - interval '10 seconds' ORDER BY at LIMIT 1)
        RETURNING id)
      SELECT a.*, s.ladder, s.dispatch_count, EXISTS (SELECT 1 FROM c) AS cancelled_later
      FROM a LEFT JOIN LATERAL (${settingsQuery(communityPath)}) s ON true`.execute(trx);
    const { ladder, dispatch_count, cancelled_later, ...row } = rows[0]!;
    const alarm: AlarmRow = { ...row, id: Number(row.id) };
    const settings = settingsOf({ ladder, dispatch_count });
    lap('alarm');
    const offers = await offer(trx, alarm, { count: settings.dispatchCount, circle: 1, fresh: true, lap });
    pushes.push(...offers);
    pushes.push({ to: `community:${communityPath ?? '/'}`, event: 'task', data: { kind: 'callback', alarmId: alarm.id } });
    // Sent with the offers, after the commit: the operator sees the alarm when the responders see their offers.
    pushes.push({ to: `community:${communityPath ?? '/'}`, event: 'alarm', data: { alarmId: alarm.id, type: alarm.type, unknownDevice: !device?.profile_id, deviceId, messageId: event.messageId, offers: offers.length } });
    await scheduleLadder(this.deps.jobs, trx, alarm, settings.ladder, this.deps.ladderScale ?? 1);
    if (cancelled_later) pushes.push(...(await this.cancelIn(trx, alarm.id, 'device')));
    return alarm.id;
  }

  private async cancelIn(trx: Trx, alarmId: number, by: string): Promise<Push[]> {
    const updated = await trx.updateTable('care_alarms').set({ status: 'cancelled', cancelled_at: sql<Date>`now()`, cancelled_by: by })
      .where('id', '=', alarmId).where('status', 'in', ['open', 'accepted']).returning(['id', 'community_path']).executeTakeFirst();
    if (!updated) return [];
    await this.deps.jobs.cancelByPrefix(ladderKey(alarmId), trx as unknown as Executor);
    const offers = await trx.updateTable('care_offers').set({ status: 'withdrawn', answered_at: sql<Date>`now()` })
      .where('alarm_id', '=', alarmId).where('status', '=', 'offered').returning('account_id').execute();
    const accepted = await trx.selectFrom('care_offers').select('account_id').where('alarm_id', '=', alarmId).where('status', '=', 'accepted').execute();
    return [...offers, ...accepted].map((o) => ({ to: o.account_id, event: 'cancelled' as const, data: { alarmId } }))
      .concat([{ to: `community:${updated.community_path ?? '/'}`, event: 'cancelled', data: { alarmId } }]);
  }

  /** A message on a topic we cannot read a device from: kept, never dropped. */
  async rejectTopic(topic: string, payload: string | Uint8Array): Promise<void> {
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    await this.db.insertInto('device_messages_rejected').values({ device_id: null, via: 'mqtt', topic, payload: text.slice(0, 65_536), reason: 'badTopic', path: null }).execute();
  }

  async alarm(id: number) {
    return this.db.selectFrom('care_alarms').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async cancel(alarmId: number, principal: Principal): Promise<void> {
    const pushes = await this.db.transaction().execute((trx) => this.cancelIn(trx, alarmId, principal.username));
    if (pushes.length === 0) throw new Problem(409, 'care.alarmNotOpen');
    this.deps.hub.publish(pushes);
  }

  /**
   * First to accept wins. The alarm row is locked before any offer: concurrent accepts queue on it, so
   * they never lock each other's offers in opposite order (a deadlock on PostgreSQL); the loser then finds
   * its offer withdrawn and gets 409.
   */
  async accept(alarmId: number, principal: Principal): Promise<void> {
    const pushes = await this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('care_alarms').select('id').where('id', '=', alarmId).forUpdate().execute();
      const mine = await trx.updateTable('care_offers').set({ status: 'accepted', answered_at: sql<Date>`now()` })
        .where('alarm_id', '=', alarmId).where('account_id', '=', principal.accountId).where('status', '=', 'offered').returning('id').executeTakeFirst();
      if (!mine) throw new Problem(409, 'care.offerNotOpen');
      const won = await trx.updateTable('care_alarms').set({ status: 'accepted', accepted_at: sql<Date>`now()`, accepted_by: principal.accountId })
        .where('id', '=', alarmId).where('status', '=', 'open').returning('community_path').executeTakeFirst();
      if (!won) throw new Problem(409, 'care.alreadyAccepted');
      const others = await trx.updateTable('care_offers').set({ status: 'withdrawn', answered_at: sql<Date>`now()` })
        .where('alarm_id', '=', alarmId).where('status', '=', 'offered').returning('account_id').execute();
      return [
        ...others.map((o) => ({ to: o.account_id, event: 'withdrawn' as const, data: { alarmId } })),
        { to: `community:${won.community_path ?? '/'}`, event: 'accepted' as const, data: { alarmId, by: principal.displayName } },
      ];
    });
    this.deps.hub.publish(pushes);
  }

  async decline(alarmId: number, principal: Principal): Promise<void> {
    const row = await this.db.updateTable('care_offers').set({ status: 'declined', answered_at: sql<Date>`now()` })
      .where('alarm_id', '=', alarmId).where('account_id', '=', principal.accountId).where('status', '=', 'offered').returning('id').executeTakeFirst();
    if (!row) throw new Problem(409, 'care.offerNotOpen');
  }

  private async acceptedBy(alarmId: number, principal: Principal) {
    const alarm = await this.alarm(alarmId);
    if (!alarm) throw new Problem(404, 'care.alarmNotFound');
    if (alarm.accepted_by !== principal.accountId) throw new Problem(403, 'care.notYourAlarm');
    if (alarm.status !== 'accepted') throw new Problem(409, 'care.alarmNotOpen');
    return alarm;
  }

  async departed(alarmId: number, principal: Principal): Promise<void> {
    await this.acceptedBy(alarmId, principal);
    await sql`UPDATE care_alarms SET departed_at = coalesce(departed_at, now()) WHERE id = ${alarmId}`.execute(this.db);
  }

  /** "Arrived" is checked against the home (or the press position): within 150 m, or confirmed and flagged. */
  async arrived(alarmId: number, principal: Principal, at: { lng: number; lat: number; crs: 'wgs84' | 'gcj02' | 'bd09'; confirm: boolean }): Promise<{ distanceM: number | null; checked: boolean }> {
    const alarm = await this.acceptedBy(alarmId, principal);
    const home = alarm.profile_id ? await this.db.selectFrom('care_profiles').select(['home_lng', 'home_lat']).where('id', '=', alarm.profile_id).executeTakeFirst() : undefined;
    const target = home?.home_lng != null && home.home_lat != null ? { lng: home.home_lng, lat: home.home_lat } : alarm.lng != null && alarm.lat != null ? { lng: alarm.lng, lat: alarm.lat } : null;
    const [lng, lat] = toWgs84(at.lng, at.lat, at.crs);
    const d = target ? Math.round(distanceM(target, { lng, lat })) : null;
    const checked = d !== null && d <= arrivalRadiusM;
    if (!checked && !at.confirm) throw new Problem(422, 'care.tooFarFromHome', { distance: d ?? -1, radius: arrivalRadiusM });
    await sql`UPDATE care_alarms SET arrived_at = coalesce(arrived_at, now()), departed_at = coalesce(departed_at, now()),
      arrival_distance_m = ${d}, arrival_checked = ${checked} WHERE id = ${alarmId}`.execute(this.db);
    return { distanceM: d, checked };
  }

  async done(alarmId: number, principal: Principal, note: string): Promise<void> {
    await this.acceptedBy(alarmId, principal);
    const pushes = await this.db.transaction().execute(async (trx) => {
      await sql`UPDATE care_alarms SET status = 'resolved', resolved_at = now(), outcome_note = ${note} WHERE id = ${alarmId}`.execute(trx);
      await this.deps.jobs.cancelByPrefix(ladderKey(alarmId), trx as unknown as Executor);
      // Everyone who was offered hears the outcome.
      const offered = await trx.selectFrom('care_offers').select('account_id').where('alarm_id', '=', alarmId).execute();
      return offered.map((o) => ({ to: o.account_id, event: 'outcome' as const, data: { alarmId, status: 'resolved' } }));
    });
    this.deps.hub.publish(pushes);
  }

  /** The key-safe code, only to the responder who accepted, and only while the alarm is theirs; audited. */
  async keySafe(alarmId: number, principal: Principal, ip: string): Promise<string | null> {
    const alarm = await this.acceptedBy(alarmId, principal);
    if (!alarm.profile_id) return null;
    const profile = await this.db.selectFrom('care_profiles').select(['key_safe_enc', 'path']).where('id', '=', alarm.profile_id).executeTakeFirst();
    if (!profile?.key_safe_enc) return null;
    await this.deps.audit(principal, { action: 'care.keySafe', subjectType: 'careProfile', subjectId: alarm.profile_id, scopePath: profile.path, detail: { alarmId }, ip });
    return this.deps.secrets.decrypt(profile.key_safe_enc);
  }

  /** The operator's task is done; a callback records what the press was for (medical/fall advise 120 at once). */
  async completeTask(taskId: number, principal: Principal, outcome: string | null, note: string | null): Promise<void> {
    const pushes = await this.db.transaction().execute(async (trx) => {
      const t = await trx.updateTable('care_tasks').set({ done_at: sql<Date>`now()`, done_by: principal.accountId, outcome, note })
        .where('id', '=', taskId).where('done_at', 'is', null).returning(['kind', 'alarm_id', 'community_path']).executeTakeFirst();
      if (!t) throw new Problem(409, 'care.taskDone');
      if (t.kind !== 'callback' || !t.alarm_id || !outcome) return [];
      await sql`UPDATE care_alarms SET purpose = ${outcome} WHERE id = ${t.alarm_id}`.execute(trx);
      if (outcome === 'falsePress') return this.cancelIn(trx, t.alarm_id, principal.username);
      const settings = await settingsFor(trx, t.community_path);
      await schedulePurpose(this.deps.jobs, trx, t.alarm_id, settings.ladder, outcome);
      return [];
    });
    this.deps.hub.publish(pushes);
  }

  /** A device's credentials: the token is shown once and stored as a hash. */
  async registerDevice(rawId: string, profileId: string | null, opts: { heartbeatSeconds?: number; missedHeartbeats?: number }): Promise<{ deviceId: string; token: string }> {
    const deviceId = canonicalDeviceId(rawId);
    const token = `gzd_${randomBytes(24).toString('base64url')}`;
    await this.db.insertInto('care_devices').values({
      id: deviceId, profile_id: profileId, token_hash: sha256(token),
      ...(opts.heartbeatSeconds ? { heartbeat_seconds: opts.heartbeatSeconds } : {}), ...(opts.missedHeartbeats ? { missed_heartbeats: opts.missedHeartbeats } : {}),
    }).onConflict((oc) => oc.column('id').doUpdateSet({ profile_id: profileId, token_hash: sha256(token) })).execute();
    // A band freed by a departure (roster-changes.ts) has found its next wearer.
    await this.db.updateTable('care_tasks').set({ done_at: sql<Date>`now()`, outcome: 'registered' })
      .where('device_id', '=', deviceId).where('kind', '=', 'wristbandFreed').where('done_at', 'is', null).where('alarm_id', 'is', null).execute();
    return { deviceId, token };
  }

  /**
   * Profiles from a trusted loader (the demo), without a principal: the resident is already placed, and the
   * sensitive parts are encrypted as `CarePeople.upsertProfile` does. Returns the profile ids by resident id.
   */
  async addProfiles(profiles: readonly SeedProfile[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const { secrets } = this.deps;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < profiles.length; i += 500) {
        const batch = profiles.slice(i, i + 500);
        const rows = await trx.insertInto('care_profiles').values(batch.map((p) => ({
          resident_id: p.residentId, path: p.path, community_path: communityPathOf(p.path) ?? p.path, name: p.name, risk_tier: p.riskTier,
          home_lng: p.home?.lng ?? null, home_lat: p.home?.lat ?? null, address: p.address,
          contacts_enc: secrets.encrypt(JSON.stringify(p.contacts)),
          health_notes_enc: p.healthNotes ? secrets.encrypt(p.healthNotes) : null,
          key_safe_enc: p.keySafeCode ? secrets.encrypt(p.keySafeCode) : null,
        }))).onConflict((oc) => oc.column('resident_id').doNothing()).returning(['id', 'resident_id']).execute();
        for (const r of rows) ids.set(r.resident_id, r.id);
      }
      const pairs = profiles.flatMap((p) => (ids.has(p.residentId) ? p.pairedAccountIds.map((a) => ({ profile_id: ids.get(p.residentId)!, account_id: a })) : []));
      if (pairs.length) await trx.insertInto('care_pairings').values(pairs).execute();
    });
    return ids;
  }

  /** A responder registered by a trusted loader (the demo), off duty unless told: they set themselves on duty. */
  async addResponder(r: { accountId: string; role: string; scopePath: string; home: { lng: number; lat: number } | null; skills?: string[]; onDuty?: boolean }): Promise<void> {
    const values = {
      account_id: r.accountId, role: r.role, scope_path: r.scopePath, on_duty: r.onDuty ?? false, skills: r.skills ?? [],
      home_lng: r.home?.lng ?? null, home_lat: r.home?.lat ?? null,
    };
    await this.db.insertInto('care_responders').values(values).onConflict((oc) => oc.column('account_id').doUpdateSet(values)).execute();
  }

  async deviceTokenOk(rawId: string, token: string): Promise<boolean> {
    const row = await this.db.selectFrom('care_devices').select('token_hash').where('id', '=', canonicalDeviceId(rawId)).executeTakeFirst();
    return !!row && row.token_hash === sha256(token);
  }
}

import { sql, type Kysely } from 'kysely';
import type { JobQueue } from '../../../core/jobs/queue.ts';
import type { CareService } from '../service.ts';
import type { LoopTables } from '../visits/tables.ts';

/**
 * A meal nobody answered the door for becomes a welfare-check alarm through the alarm path itself
 * (`CareService.ingest`, as an HTTPS device event would), so it gets offers, the operator's callback and
 * the escalation ladder like any press. It comes from a virtual device bound to the person's profile
 * (`WELFARE-…`), so the paired volunteer is offered first and the family ladder knows whom to call.
 * The message id is the order's, so raising twice makes one alarm (docs/decisions/0073-welfare-check.md).
 */
export async function raiseWelfareCheck(care: CareService, jobs: JobQueue, db: Kysely<LoopTables>, order: { id: number; profileId: string; home: { lng: number; lat: number } | null }): Promise<number | null> {
  const rawId = `WELFARE-${order.profileId}`;
  const existing = await sql<{ id: string }>`SELECT id FROM care_devices WHERE profile_id = ${order.profileId} AND id LIKE 'WELFARE-%'`.execute(db);
  const deviceId = existing.rows[0]?.id ?? (await care.registerDevice(rawId, order.profileId, { heartbeatSeconds: 86_400, missedHeartbeats: 20 })).deviceId;
  const messageId = `meal-${order.id}`;
  const body = JSON.stringify({ id: messageId, type: 'alarm', at: new Date().toISOString(), ...(order.home ? { lng: order.home.lng, lat: order.home.lat } : {}) });
  const result = await care.ingest(deviceId, body, 'https');
  // A virtual device sends no heartbeats: its missed-heartbeat timer would only raise a false task.
  await jobs.cancel(`care:device:${deviceId}:heartbeat`);
  if (result.alarmId) return result.alarmId;
  const { rows } = await sql<{ id: number }>`SELECT a.id FROM care_alarms a JOIN device_events e ON e.id = a.event_id WHERE e.device_id = ${deviceId} AND e.message_id = ${messageId}`.execute(db);
  return rows[0] ? Number(rows[0].id) : null;
}

/** What the database holds for a burst whose message ids all start with `<runId>-`. */
import { sql, type Kysely } from 'kysely';
import type { CareTables } from '../tables.ts';

export interface Check {
  /** Distinct message ids stored. */
  events: number;
  alarms: number;
  /** Alarms whose first offers were written with them (offered_at set, at least one initial offer). */
  withOffers: number;
  /** Message ids with more than one event or alarm (must be 0). */
  duplicates: number;
  /** Alarms whose initial offers came from more than one dispatch (must be 0). */
  dispatchedTwice: number;
  /** Presses without exactly one alarm with offers. */
  lost: number;
  meanOffers: number;
  /** Alarms the ladder widened during the run. */
  widened: number;
}

export async function checkBurst(db: Kysely<CareTables>, runId: string, published: number): Promise<Check> {
  const { rows } = await sql<{ message_id: string; events: number; alarms: number; initial: number; dispatches: number; widened: boolean }>`
    SELECT e.message_id, count(DISTINCT e.id)::int AS events, count(DISTINCT a.id)::int AS alarms,
      count(o.id) FILTER (WHERE o.reason IN ('nearest', 'paired'))::int AS initial,
      -- One dispatch writes all of an alarm's first offers in one transaction: one offered_at.
      count(DISTINCT o.offered_at) FILTER (WHERE o.reason IN ('nearest', 'paired'))::int AS dispatches,
      bool_or(a.circle > 1) AS widened
    FROM device_events e LEFT JOIN care_alarms a ON a.event_id = e.id LEFT JOIN care_offers o ON o.alarm_id = a.id
    WHERE e.message_id LIKE ${`${runId}-%`}
    GROUP BY e.message_id`.execute(db);
  const ok = rows.filter((r) => r.events === 1 && r.alarms === 1 && r.initial > 0);
  return {
    events: rows.length,
    alarms: rows.reduce((s, r) => s + r.alarms, 0),
    withOffers: rows.filter((r) => r.alarms >= 1 && r.initial > 0).length,
    duplicates: rows.filter((r) => r.events > 1 || r.alarms > 1).length,
    dispatchedTwice: rows.filter((r) => r.dispatches > 1).length,
    lost: published - ok.length,
    meanOffers: rows.length ? rows.reduce((s, r) => s + r.initial, 0) / rows.length : 0,
    widened: rows.filter((r) => r.widened).length,
  };
}

import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { LoopTables } from './tables.ts';
import { defaultVisitDays, nextDue, type RiskTier, type VisitDays } from './schedule.ts';

/**
 * A visit `v` of profile `p` counts for the person's current stay: a visit of an earlier stay (before the
 * profile was reopened) does not; one logged since may have begun up to a day before it was logged (service.ts).
 */
export const visitOfThisStay = sql<boolean>`(p.reopened_at IS NULL OR v.started_at >= p.reopened_at - interval '1 day')`;

/** A profile with what its schedule needs: the last visit, the last tier change, the community's rules. */
export interface ScheduledProfile {
  id: string;
  name: string;
  address: string;
  path: string;
  communityPath: string;
  riskTier: RiskTier;
  home: { lng: number; lat: number } | null;
  /** When the schedule starts: the profile's creation, or its reopening after the person came back. */
  since: Date;
  /** The departure's day of a closed profile (only with `closedSince`). */
  closedOn: string | null;
  lastVisitAt: Date | null;
  tierChangedAt: Date | null;
  visitDays: VisitDays;
  escalateDays: number;
  dueOn: string;
}

/**
 * Profiles matching `where` (a condition on `p`), with their next due date computed by the pure rule.
 * Closed profiles (the person left the roster) have no schedule and are left out, except those closed on
 * or after `closedSince`: a month's coverage still counts the visits due while they lived here.
 */
export async function scheduledProfiles(db: Kysely<LoopTables>, where: RawBuilder<boolean>, limit = 100_000, closedSince: string | null = null): Promise<ScheduledProfile[]> {
  const { rows } = await sql<{
    id: string; name: string; address: string; path: string; community_path: string; risk_tier: RiskTier; home_lng: number | null; home_lat: number | null;
    since: Date; closed_on: string | null; last_visit_at: Date | null; tier_changed_at: Date | null; visit_days: Partial<VisitDays> | null; escalate_days: number | null;
  }>`
    SELECT p.id, p.name, p.address, p.path, p.community_path, p.risk_tier, p.home_lng, p.home_lat,
      coalesce(p.reopened_at, p.created_at) AS since, p.closed_on::text AS closed_on,
      (SELECT max(v.started_at) FROM care_visits v WHERE v.profile_id = p.id AND ${visitOfThisStay}) AS last_visit_at,
      (SELECT max(c.changed_at) FROM care_tier_changes c WHERE c.profile_id = p.id) AS tier_changed_at,
      s.visit_days, s.visit_escalate_days AS escalate_days
    FROM care_profiles p
    LEFT JOIN LATERAL (SELECT visit_days, visit_escalate_days FROM care_settings WHERE community_path IN (p.community_path, '')
                       ORDER BY length(community_path) DESC LIMIT 1) s ON true
    WHERE (p.closed_at IS NULL OR p.closed_on >= ${closedSince}::date) AND ${where}
    ORDER BY p.path, p.name LIMIT ${limit}`.execute(db);
  return rows.map((r) => {
    const visitDays = { ...defaultVisitDays, ...(r.visit_days ?? {}) };
    const lastVisitAt = r.last_visit_at ? new Date(r.last_visit_at) : null;
    const tierChangedAt = r.tier_changed_at ? new Date(r.tier_changed_at) : null;
    const since = new Date(r.since);
    return {
      id: r.id, name: r.name, address: r.address, path: r.path, communityPath: r.community_path, riskTier: r.risk_tier,
      home: r.home_lng != null && r.home_lat != null ? { lng: r.home_lng, lat: r.home_lat } : null,
      since, closedOn: r.closed_on, lastVisitAt, tierChangedAt, visitDays, escalateDays: r.escalate_days ?? 7,
      dueOn: nextDue({ tier: r.risk_tier, visitDays, lastVisitAt, createdAt: since, tierChangedAt }),
    };
  });
}

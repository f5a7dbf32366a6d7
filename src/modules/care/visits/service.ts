import { sql, type Kysely } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import type { Principal } from '../../access/index.ts';
import { toWgs84, type Crs } from '../../geo/index.ts';
import { careScopes } from '../scopes.ts';
import { creditedRoles, recordHours } from '../hours/record.ts';
import { visitMinutes } from '../hours/rules.ts';
import { mayAt, needAny, underScopes } from './access.ts';
import { checkPlace } from './place.ts';
import { scheduledProfiles, type ScheduledProfile } from './profiles.ts';
import { chinaDate, overdueStage } from './schedule.ts';
import type { LoopTables } from './tables.ts';

export const findingCodes = ['allWell', 'unwell', 'needsHelp', 'homeHazard', 'lonely', 'needsRepair'] as const;

export interface VisitInput {
  startedAt?: string;
  minutes: number;
  lng?: number;
  lat?: number;
  crs?: Crs;
  findings: string[];
  notes: string;
}

/** Visits logged on the spot, who is due next, and what the caller may see of it. */
export class CareVisits {
  constructor(private readonly db: Kysely<LoopTables>) {}

  /** In the visit scope, paired with the person, or in a mutual-aid group that covers them. */
  private async mayVisit(principal: Principal, profile: { id: string; path: string }): Promise<boolean> {
    if (mayAt(principal, 'visit', profile.path)) return true;
    const { rows } = await sql<{ ok: boolean }>`SELECT
      EXISTS (SELECT 1 FROM care_pairings WHERE profile_id = ${profile.id} AND account_id = ${principal.accountId})
      OR EXISTS (SELECT 1 FROM care_group_profiles gp JOIN care_group_members m ON m.group_id = gp.group_id
                 WHERE gp.profile_id = ${profile.id} AND m.account_id = ${principal.accountId}) AS ok`.execute(this.db);
    return rows[0]?.ok === true;
  }

  async log(principal: Principal, profileId: string, input: VisitInput, now = new Date()) {
    const profile = await this.db.selectFrom('care_profiles').select(['id', 'path', 'community_path', 'home_lng', 'home_lat', 'closed_at']).where('id', '=', profileId).executeTakeFirst();
    if (!profile || !(await this.mayVisit(principal, profile))) throw new Problem(404, 'care.profileNotFound');
    if (profile.closed_at) throw new Problem(409, 'care.profileClosed');
    const startedAt = input.startedAt ? new Date(input.startedAt) : new Date(now.getTime() - input.minutes * 60_000);
    // On the spot: today's visit, not one remembered from last week.
    if (Number.isNaN(startedAt.getTime()) || startedAt.getTime() > now.getTime() + 5 * 60_000 || now.getTime() - startedAt.getTime() > 24 * 3600_000) {
      throw new Problem(422, 'care.visitTimeOutOfRange');
    }
    const unknown = input.findings.filter((f) => !(findingCodes as readonly string[]).includes(f));
    if (unknown.length) throw new Problem(422, 'care.unknownFinding', { codes: unknown.join(', ') });
    let at: { lng: number; lat: number } | null = null;
    if (input.lng != null && input.lat != null) {
      const [lng, lat] = toWgs84(input.lng, input.lat, input.crs ?? 'wgs84');
      at = { lng, lat };
    }
    const home = profile.home_lng != null && profile.home_lat != null ? { lng: profile.home_lng, lat: profile.home_lat } : null;
    const place = checkPlace(home, at);
    const credited = principal.bindings.some((b) => creditedRoles.includes(b.role));
    const id = await this.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('care_visits').values({
        profile_id: profile.id, visitor_id: principal.accountId, path: profile.path, community_path: profile.community_path, started_at: startedAt, minutes: input.minutes,
        lng: at?.lng ?? null, lat: at?.lat ?? null, distance_m: place.distanceM, far: place.far, findings: [...new Set(input.findings)], notes: input.notes,
      }).returning('id').executeTakeFirstOrThrow();
      // The visit answers any overdue flag on the person, and the tasks it raised.
      await trx.updateTable('care_visit_overdue').set({ resolved_at: sql<Date>`now()` }).where('profile_id', '=', profile.id).where('resolved_at', 'is', null).execute();
      await sql`UPDATE care_tasks SET done_at = now(), done_by = ${principal.accountId}, outcome = 'visited'
        WHERE profile_id = ${profile.id} AND kind IN ('visitOverdue', 'visitOverdueEscalated') AND done_at IS NULL`.execute(trx);
      if (credited) await recordHours(trx, { accountId: principal.accountId, volunteerName: principal.displayName, source: 'visit', sourceId: String(row.id), communityPath: profile.community_path, startedAt, minutes: visitMinutes(input.minutes) });
      return Number(row.id);
    });
    const [scheduled] = await scheduledProfiles(this.db, sql<boolean>`p.id = ${profile.id}`);
    return { id, distanceM: place.distanceM, far: place.far, nextDue: scheduled!.dueOn, hoursPending: credited };
  }

  /** Who is due, overdue or escalated, in the caller's part of the tree and among the people paired with them. */
  async due(principal: Principal, now = new Date()) {
    const scopes = careScopes(principal, 'visit');
    const where = sql<boolean>`(${scopes.length ? underScopes('p.path', scopes) : sql<boolean>`false`}
      OR p.id IN (SELECT profile_id FROM care_pairings WHERE account_id = ${principal.accountId})
      OR p.id IN (SELECT gp.profile_id FROM care_group_profiles gp JOIN care_group_members m ON m.group_id = gp.group_id WHERE m.account_id = ${principal.accountId}))`;
    const today = chinaDate(now);
    const rows = await scheduledProfiles(this.db, where, 2000);
    return rows
      .map((p) => ({ ...present(p), stage: overdueStage(p.dueOn, today, p.escalateDays) }))
      .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  }

  async history(principal: Principal, profileId: string) {
    const profile = await this.db.selectFrom('care_profiles').select(['id', 'path']).where('id', '=', profileId).executeTakeFirst();
    if (!profile || !(await this.mayVisit(principal, profile))) throw new Problem(404, 'care.profileNotFound');
    return this.db.selectFrom('care_visits').select(['id', 'visitor_id as visitorId', 'started_at as startedAt', 'minutes', 'distance_m as distanceM', 'far', 'findings', 'notes'])
      .where('profile_id', '=', profileId).orderBy('started_at', 'desc').limit(100).execute();
  }

  /** Open overdue flags in the caller's scope, with their stage. */
  async overdue(principal: Principal) {
    const scopes = needAny(principal, 'visit');
    return this.db.selectFrom('care_visit_overdue as o').innerJoin('care_profiles as p', 'p.id', 'o.profile_id')
      .select(['o.profile_id as profileId', 'p.name', 'p.address', 'o.due_on as dueOn', 'o.raised_at as raisedAt', 'o.escalated_at as escalatedAt'])
      .where('o.resolved_at', 'is', null).where('p.closed_at', 'is', null).where(underScopes('p.path', scopes)).orderBy('o.due_on').limit(500).execute();
  }
}

function present(p: ScheduledProfile) {
  return { profileId: p.id, name: p.name, address: p.address, riskTier: p.riskTier, lastVisitAt: p.lastVisitAt, dueOn: p.dueOn, everyDays: p.visitDays[p.riskTier] };
}

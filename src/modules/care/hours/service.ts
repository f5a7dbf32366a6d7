import { sql, type Kysely } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import type { Principal } from '../../access/index.ts';
import { careScopes } from '../scopes.ts';
import { mayAt, underScopes } from '../visits/access.ts';
import type { LoopTables } from '../visits/tables.ts';
import { collectAlarmHours } from './record.ts';
import { totals } from './rules.ts';

export type HoursStatus = 'pending' | 'approved' | 'declined';

export interface HoursRow {
  id: number;
  accountId: string;
  volunteer: string;
  source: 'alarm' | 'visit' | 'meal';
  sourceId: string;
  communityPath: string;
  startedAt: Date;
  minutes: number;
  status: HoursStatus;
  decidedAt: Date | null;
  reason: string | null;
}

/** Service hours: listed to coordinators and to the volunteer, decided by coordinators, never deleted. */
export class CareHours {
  constructor(private readonly db: Kysely<LoopTables>) {}

  /** A coordinator sees entries in their communities; anyone sees their own. */
  async list(principal: Principal, q: { status?: HoursStatus; accountId?: string; from?: string; to?: string }): Promise<{ items: HoursRow[]; totals: ReturnType<typeof totals> }> {
    const scopes = careScopes(principal, 'approveHours');
    const coordinator = scopes.length > 0;
    const own = q.accountId === principal.accountId || (!q.accountId && !coordinator);
    if (!own && !coordinator) throw new Problem(403, 'common.problem.forbidden');
    // Alarms are written elsewhere: collect the resolved ones before a coordinator looks.
    if (coordinator) await collectAlarmHours(this.db);
    let query = this.db.selectFrom('care_service_hours as h')
      .select(['h.id', 'h.account_id as accountId', 'h.volunteer_name as volunteer', 'h.source', 'h.source_id as sourceId',
        'h.community_path as communityPath', 'h.started_at as startedAt', 'h.minutes', 'h.status', 'h.decided_at as decidedAt', 'h.reason'])
      .orderBy('h.started_at', 'desc').limit(1000);
    if (own) query = query.where('h.account_id', '=', principal.accountId);
    else {
      query = query.where(underScopes('h.community_path', scopes));
      if (q.accountId) query = query.where('h.account_id', '=', q.accountId);
    }
    if (q.status) query = query.where('h.status', '=', q.status);
    if (q.from) query = query.where(sql<boolean>`h.started_at >= (${q.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    if (q.to) query = query.where(sql<boolean>`h.started_at < ((${q.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    const items = (await query.execute()).map((r) => ({ ...r, id: Number(r.id), volunteer: r.volunteer ?? '' }));
    return { items, totals: totals(items) };
  }

  /** Approve, or decline with a reason. A decided entry can be decided again (a decline reversed), never removed. */
  async decide(principal: Principal, id: number, d: { status: 'approved' | 'declined'; reason?: string }): Promise<void> {
    if (d.status === 'declined' && !d.reason?.trim()) throw new Problem(422, 'care.hoursReasonRequired');
    const entry = await this.db.selectFrom('care_service_hours').select(['id', 'account_id', 'community_path']).where('id', '=', id).executeTakeFirst();
    if (!entry || !mayAt(principal, 'approveHours', entry.community_path)) throw new Problem(404, 'care.hoursNotFound');
    if (entry.account_id === principal.accountId) throw new Problem(403, 'care.hoursOwn');
    await this.db.updateTable('care_service_hours')
      .set({ status: d.status, reason: d.reason?.trim() || null, decided_by: principal.accountId, decided_at: sql<Date>`now()` }).where('id', '=', id).execute();
  }
}

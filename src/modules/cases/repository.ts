import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { CaseEvent, CaseState } from './domain/index.ts';
import type { PlacedUnit } from './policy.ts';
import type { CasesTables } from './tables.ts';

export type CaseRow = Selectable<CasesTables['cases']>;
type Db = Kysely<CasesTables> | Transaction<CasesTables>;

export interface CaseListFilter {
  scopes: string[];
  /** A resident's account: the cases they follow. */
  followerAccount?: string;
  status?: string[];
  category?: string;
  overdue?: boolean;
  limit: number;
  offset: number;
}

const closedStatuses = ['closed', 'rated'];

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** An expression builder over `cases as c`. */
export type CasesEb = ExpressionBuilder<CasesTables & { c: CasesTables['cases'] }, 'c'>;

/** The cases placed or held under one of the scopes, one condition each; `eb.or` of none matches nothing. */
export function scopeConditions(eb: CasesEb, scopes: readonly string[]): Expression<SqlBool>[] {
  return scopes.flatMap((s) => [eb('c.place_path', 'like', `${s}%`), eb('c.responsible_path', 'like', `${s}%`)]);
}

/** The cases row is a projection of the replayed state; it changes only together with a new event. */
export function projection(state: CaseState, responsible: PlacedUnit, supervisor: PlacedUnit | undefined, eventCount: number) {
  return {
    status: state.status,
    affair: state.affair,
    responsible_kind: state.responsible.kind,
    responsible_code: state.responsible.code,
    responsible_path: responsible.path,
    supervisor_kind: state.supervisor?.kind ?? null,
    supervisor_code: state.supervisor?.code ?? null,
    supervisor_path: supervisor?.path ?? null,
    due_at: new Date(state.dueAt),
    remind_at: state.remindAt === undefined ? null : new Date(state.remindAt),
    step_due_at: state.step ? new Date(state.step.dueAt) : null,
    outcome: state.outcome ?? null,
    closed_at: state.closedAt === undefined ? null : new Date(state.closedAt),
    rework_count: state.reworkCount,
    escalations: state.escalations,
    state: JSON.stringify(state),
    event_count: eventCount,
  };
}

/** The row of one history event. */
export function eventValues(seq: number, event: CaseEvent, accountId: string | null, extra: Record<string, unknown> = {}) {
  return {
    case_id: event.caseId, seq, type: event.type, at: new Date(event.at), actor: event.actor.id, account_id: accountId,
    event: JSON.stringify(event), extra: JSON.stringify(extra),
  };
}

export class CasesRepository {
  constructor(readonly db: Kysely<CasesTables>) {}

  byId(id: string, db: Db = this.db) {
    return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byNumberOrId(ref: string, db: Db = this.db) {
    return db.selectFrom('cases').selectAll().where(isUuid(ref) ? 'id' : 'number', '=', ref).executeTakeFirst();
  }

  lockForUpdate(trx: Transaction<CasesTables>, id: string) {
    return trx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async appendEvent(trx: Transaction<CasesTables>, seq: number, event: CaseEvent, accountId: string | null, extra: Record<string, unknown> = {}) {
    await trx.insertInto('case_events').values(eventValues(seq, event, accountId, extra)).execute();
  }

  events(caseId: string) {
    return this.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
  }

  followers(caseId: string, db: Db = this.db) {
    return db.selectFrom('case_followers').selectAll().where('case_id', '=', caseId).orderBy('added_at').execute();
  }

  signatures(caseId: string) {
    return this.db.selectFrom('case_signatures').selectAll().where('case_id', '=', caseId).orderBy('signed_at').execute();
  }

  attachments(caseId: string) {
    return this.db.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId).orderBy('added_at').execute();
  }

  isFollower(caseId: string, accountId: string) {
    return this.db.selectFrom('case_followers').select('follower').where('case_id', '=', caseId).where('account_id', '=', accountId).executeTakeFirst();
  }

  private visible(filter: Pick<CaseListFilter, 'scopes' | 'followerAccount'>) {
    return this.db.selectFrom('cases as c').where((eb) => {
      const ors = scopeConditions(eb, filter.scopes);
      if (filter.followerAccount) {
        ors.push(eb.exists(eb.selectFrom('case_followers as f').select('f.follower').whereRef('f.case_id', '=', 'c.id').where('f.account_id', '=', filter.followerAccount)));
      }
      return eb.or(ors);
    });
  }

  /** The inbox: open cases first, the most urgent deadline first. */
  async list(filter: CaseListFilter) {
    let q = this.visible(filter);
    if (filter.status?.length) q = q.where('c.status', 'in', filter.status);
    if (filter.category) q = q.where('c.category', '=', filter.category);
    if (filter.overdue) q = q.where('c.status', 'not in', [...closedStatuses, 'suspended']).where('c.due_at', '<', sql<Date>`now()`);
    const [rows, count] = await Promise.all([
      q.selectAll('c')
        .orderBy(sql`c.status IN ('closed', 'rated')`)
        .orderBy('c.due_at')
        .orderBy('c.number')
        .limit(filter.limit).offset(filter.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  /** Same category, recent, within a box around the point; the caller measures the exact distance. */
  nearby(category: string, lng: number, lat: number, metres: number, days: number) {
    const dLat = metres / 111_320;
    const dLng = metres / (111_320 * Math.cos((lat * Math.PI) / 180));
    return this.db.selectFrom('cases').selectAll()
      .where('category', '=', category)
      .where('created_at', '>', sql<Date>`now() - make_interval(days => ${days})`)
      .where('lat', '>=', lat - dLat).where('lat', '<=', lat + dLat)
      .where('lng', '>=', lng - dLng).where('lng', '<=', lng + dLng)
      .orderBy('created_at', 'desc').limit(20).execute();
  }

  communityBoard(communityCode: string, limit: number) {
    return this.db.selectFrom('cases').selectAll().where('community_code', '=', communityCode)
      .orderBy('created_at', 'desc').limit(limit).execute();
  }

  propertyCompanies() {
    return this.db.selectFrom('case_property_companies').selectAll().execute();
  }
}

/** Great-circle distance in metres (haversine), ample for "within 100 m". */
export function distanceM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const r = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(a));
}

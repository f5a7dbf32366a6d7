import { sql, type Kysely, type Selectable } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import type { Principal } from '../../access/index.ts';
import type { RosterService } from '../../roster/index.ts';
import type { TreeService } from '../../tree/index.ts';
import type { ThresholdFile } from '../tally/schema.ts';
import { canManageCouncil, needManage, needRead, readScopes } from './access.ts';
import { maskName } from '../policy.ts';
import { kindDefaults, type Constituency, type CouncilKind } from './kinds.ts';
import { periodCovers, periodsOverlap, thresholdOf } from './rules.ts';
import type { CouncilTables } from './tables.ts';

export type CouncilRow = Selectable<CouncilTables['councils']>;

export interface NewCouncil {
  kind: CouncilKind; name: string; scopeCode: string;
  noticeDays?: number; quorum?: ThresholdFile; monthlyDay?: number; monthlyTime?: string;
}
export interface NewSeat { termId: string; standing?: boolean; constituency?: Constituency; title?: string; startsOn?: string; endsOn?: string }
export type NewMember = ({ householdCode: string; residentId: string } | { name: string }) & { note?: string; seat?: NewSeat };

/** Councils, their members, terms and seats. */
export class CouncilService {
  constructor(readonly db: Kysely<CouncilTables>, private readonly tree: TreeService, private readonly roster: RosterService) {}

  /** A tree unit, or a building of the roster (building councils). */
  private async place(code: string): Promise<{ path: string; name: string }> {
    const unit = await this.tree.repo.byCode(code);
    if (unit) return { path: unit.path, name: unit.name };
    const building = await this.roster.repo.buildingByCode(code);
    if (building) return { path: building.path, name: `${building.estate}${building.name}` };
    throw new Problem(404, 'tree.unitNotFound', { code });
  }

  async create(principal: Principal, input: NewCouncil): Promise<CouncilRow> {
    const place = await this.place(input.scopeCode);
    needManage(principal, place.path);
    if (input.quorum && !thresholdOf(input.quorum)) throw new Problem(422, 'councils.badQuorum');
    return this.db.insertInto('councils').values({
      kind: input.kind, name: input.name, scope_code: input.scopeCode, scope_path: place.path, scope_name: place.name,
      notice_days: input.noticeDays ?? null, quorum: input.quorum ? JSON.stringify(input.quorum) : null,
      monthly_day: input.monthlyDay ?? kindDefaults[input.kind].monthlyDay, ...(input.monthlyTime ? { monthly_time: input.monthlyTime } : {}),
      created_by: principal.accountId,
    }).returningAll().executeTakeFirstOrThrow();
  }

  async get(id: string): Promise<CouncilRow> {
    const row = await this.db.selectFrom('councils').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new Problem(404, 'councils.notFound');
    return row;
  }

  async readable(principal: Principal, id: string): Promise<CouncilRow> {
    const row = await this.get(id);
    needRead(principal, row.scope_path);
    return row;
  }

  async manageable(principal: Principal, id: string): Promise<CouncilRow> {
    const row = await this.get(id);
    needRead(principal, row.scope_path);
    needManage(principal, row.scope_path);
    return row;
  }

  async list(principal: Principal, under?: string) {
    const scopes = readScopes(principal);
    if (scopes.length === 0) return [];
    let q = this.db.selectFrom('councils').selectAll()
      .where(sql<boolean>`EXISTS (SELECT 1 FROM unnest(${scopes}::text[]) s WHERE scope_path LIKE s || '%' OR s LIKE scope_path || '%')`)
      .orderBy('scope_path').orderBy('name');
    if (under) q = q.where('scope_path', 'like', `${under}%`);
    return q.limit(500).execute();
  }

  /** The quorum rule and notice days in force for a council (its own, the kind's setting above it, the default). */
  async effective(council: CouncilRow): Promise<{ noticeDays: number; quorum: ThresholdFile; monthlyDay: number | null; standingSeats: number | null }> {
    const defaults = kindDefaults[council.kind];
    let noticeDays = council.notice_days;
    if (noticeDays === null) {
      const setting = await this.db.selectFrom('council_kind_settings').select('notice_days').where('kind', '=', council.kind)
        .where(sql<boolean>`${council.scope_path} LIKE scope_path || '%'`).orderBy(sql`length(scope_path)`, 'desc').executeTakeFirst();
      noticeDays = setting?.notice_days ?? defaults.noticeDays;
    }
    return { noticeDays, quorum: council.quorum ?? defaults.quorum, monthlyDay: council.monthly_day, standingSeats: defaults.standingSeats };
  }

  async setKindNoticeDays(principal: Principal, scopeCode: string, kind: CouncilKind, noticeDays: number) {
    const place = await this.place(scopeCode);
    needManage(principal, place.path);
    await this.db.insertInto('council_kind_settings').values({ scope_path: place.path, kind, notice_days: noticeDays })
      .onConflict((oc) => oc.columns(['scope_path', 'kind']).doUpdateSet({ notice_days: noticeDays, updated_at: sql<Date>`now()` })).execute();
    return { scopePath: place.path, kind, noticeDays };
  }

  async addTerm(principal: Principal, councilId: string, term: { name: string; startsOn: string; endsOn?: string }) {
    const council = await this.manageable(principal, councilId);
    if (term.endsOn && term.endsOn < term.startsOn) throw new Problem(422, 'councils.termBackwards');
    return this.db.transaction().execute(async (tx) => {
      // The council row is the lock: two terms added at once cannot both pass the overlap check.
      await tx.selectFrom('councils').select('id').where('id', '=', council.id).forUpdate().execute();
      const existing = await tx.selectFrom('council_terms').select(['name', 'starts_on', 'ends_on']).where('council_id', '=', council.id).execute();
      const clash = existing.find((e) => periodsOverlap({ from: e.starts_on, to: e.ends_on }, { from: term.startsOn, to: term.endsOn ?? null }));
      if (clash) throw new Problem(409, 'councils.termOverlap', { name: clash.name });
      return tx.insertInto('council_terms').values({ council_id: council.id, name: term.name, starts_on: term.startsOn, ends_on: term.endsOn ?? null }).returningAll().executeTakeFirstOrThrow();
    });
  }

  async addMember(principal: Principal, councilId: string, input: NewMember) {
    const council = await this.manageable(principal, councilId);
    let person: { resident_id: string | null; path: string | null; name: string; residency: 'local' | 'newResident' | null };
    if ('residentId' in input) {
      // Read from the roster before the transaction: the embedded database has one connection.
      const household = await this.roster.repo.householdByCode(input.householdCode);
      if (!household) throw new Problem(404, 'councils.residentNotFound');
      const found = await this.roster.repo.residents({ scopes: [household.path], limit: 50, offset: 0 });
      const resident = found.rows.find((r) => r.id === input.residentId);
      if (!resident) throw new Problem(404, 'councils.residentNotFound');
      person = { resident_id: resident.id, path: resident.path, name: resident.name, residency: resident.residency };
    } else person = { resident_id: null, path: null, name: input.name, residency: null };
    return this.db.transaction().execute(async (tx) => {
      const member = await tx.insertInto('council_members').values({ council_id: council.id, ...person, note: input.note ?? '' })
        .onConflict((oc) => oc.columns(['council_id', 'resident_id']).doNothing()).returningAll().executeTakeFirst();
      if (!member) throw new Problem(409, 'councils.alreadyMember');
      if (input.seat) await this.insertSeat(tx, council.id, member.id, input.seat);
      return member;
    });
  }

  async addSeat(principal: Principal, councilId: string, memberId: string, seat: NewSeat) {
    const council = await this.manageable(principal, councilId);
    return this.db.transaction().execute((tx) => this.insertSeat(tx, council.id, memberId, seat));
  }

  private async insertSeat(tx: Kysely<CouncilTables>, councilId: string, memberId: string, seat: NewSeat) {
    const term = await tx.selectFrom('council_terms').selectAll().where('id', '=', seat.termId).where('council_id', '=', councilId).executeTakeFirst();
    if (!term) throw new Problem(404, 'councils.termNotFound');
    const member = await tx.selectFrom('council_members').select('id').where('id', '=', memberId).where('council_id', '=', councilId).executeTakeFirst();
    if (!member) throw new Problem(404, 'councils.memberNotFound');
    const period = { from: term.starts_on, to: term.ends_on };
    for (const day of [seat.startsOn, seat.endsOn]) if (day && !periodCovers(period, day)) throw new Problem(422, 'councils.seatOutsideTerm', { term: term.name });
    const row = await tx.insertInto('council_seats').values({
      term_id: term.id, member_id: memberId, standing: seat.standing ?? true, constituency: seat.constituency ?? null,
      title: seat.title ?? '', starts_on: seat.startsOn ?? null, ends_on: seat.endsOn ?? null,
    }).onConflict((oc) => oc.columns(['term_id', 'member_id']).doNothing()).returningAll().executeTakeFirst();
    if (!row) throw new Problem(409, 'councils.alreadySeated', { term: term.name });
    return row;
  }

  /** Ends a seat early (a resignation): the member stops voting and counting for the quorum the day after. */
  async endSeat(principal: Principal, councilId: string, seatId: string, endsOn: string) {
    await this.manageable(principal, councilId);
    const seat = await this.db.selectFrom('council_seats as s').innerJoin('council_terms as t', 't.id', 's.term_id')
      .select(['s.id', 't.starts_on', 't.ends_on', 't.name']).where('s.id', '=', seatId).where('t.council_id', '=', councilId).executeTakeFirst();
    if (!seat) throw new Problem(404, 'councils.seatNotFound');
    if (!periodCovers({ from: seat.starts_on, to: seat.ends_on }, endsOn)) throw new Problem(422, 'councils.seatOutsideTerm', { term: seat.name });
    return this.db.updateTable('council_seats').set({ ends_on: endsOn }).where('id', '=', seatId).returningAll().executeTakeFirstOrThrow();
  }

  /** A council with its terms, seats and members, as the caller may see it. */
  async detail(principal: Principal, id: string) {
    const council = await this.readable(principal, id);
    const manage = canManageCouncil(principal, council.scope_path);
    const [terms, members, seats, effective] = await Promise.all([
      this.db.selectFrom('council_terms').selectAll().where('council_id', '=', id).orderBy('starts_on').execute(),
      this.db.selectFrom('council_members').selectAll().where('council_id', '=', id).orderBy('created_at').execute(),
      this.db.selectFrom('council_seats as s').innerJoin('council_terms as t', 't.id', 's.term_id').selectAll('s').where('t.council_id', '=', id).execute(),
      this.effective(council),
    ]);
    return {
      ...present(council), ...effective, canManage: manage,
      terms: terms.map((t) => ({
        id: t.id, name: t.name, startsOn: t.starts_on, endsOn: t.ends_on,
        seats: seats.filter((s) => s.term_id === t.id).map((s) => ({ id: s.id, memberId: s.member_id, standing: s.standing, constituency: s.constituency, title: s.title, startsOn: s.starts_on, endsOn: s.ends_on })),
      })),
      members: members.map((m) => ({ id: m.id, name: manage ? m.name : maskName(m.name), fromRoster: m.resident_id !== null, residency: m.residency, note: manage ? m.note : '' })),
    };
  }
}

export function present(c: CouncilRow) {
  return { id: c.id, kind: c.kind, name: c.name, scope: { code: c.scope_code, name: c.scope_name, path: c.scope_path }, monthlyTime: c.monthly_time, createdAt: c.created_at };
}

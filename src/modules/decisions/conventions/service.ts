import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import type { Principal } from '../../access/index.ts';
import type { ElectorateSource, MotionOutcome, MotionsApi } from '../contracts.ts';
import { assertManage, assertParticipate } from '../projects/access.ts';
import { asAny, checkWindow, communityPlace, type PlaceLookup } from '../projects/places.ts';
import { applyChanges, checkChanges, ClauseError, initialClauses, rebase, type Change, type Clause } from './clauses.ts';
import type { ConventionsTables } from './tables.ts';

export type ConventionRow = Selectable<ConventionsTables['conventions']>;
export type AmendmentRow = Selectable<ConventionsTables['convention_amendments']>;
type Db = Kysely<ConventionsTables> | Transaction<ConventionsTables>;
type Tx = Transaction<ConventionsTables>;

export interface NewConvention {
  communityCode: string;
  estate?: string;
  title: string;
  clauses: string[];
}

export interface AmendmentVote {
  /** The representative council, or every household of the community (one vote each). */
  electorate: { councilId: string } | 'households';
  opensAt: string;
  closesAt: string;
}

function clauseProblem<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ClauseError) throw new Problem(422, `residentConventions.${error.problem.code}`, error.problem.params);
    throw error;
  }
}

/** 居民公约 / 小区公约: versions, amendments and their ratification by a motion (docs/resident-conventions.md). */
export class ConventionsService {
  constructor(
    readonly db: Kysely<ConventionsTables>,
    private readonly deps: { motions: MotionsApi; places: PlaceLookup },
  ) {}

  async convention(id: string, db: Db = this.db): Promise<ConventionRow> {
    const row = await db.selectFrom('conventions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new Problem(404, 'residentConventions.notFound');
    return row;
  }

  async amendment(id: string, db: Db = this.db): Promise<AmendmentRow> {
    const row = await db.selectFrom('convention_amendments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new Problem(404, 'residentConventions.amendmentNotFound');
    return row;
  }

  async version(conventionId: string, version: number, db: Db = this.db): Promise<{ version: number; clauses: Clause[]; publishedAt: Date; amendmentId: string | null }> {
    const row = await db.selectFrom('convention_versions').selectAll().where('convention_id', '=', conventionId).where('version', '=', version).executeTakeFirst();
    if (!row) throw new Problem(404, 'residentConventions.versionNotFound', { version });
    return { version: row.version, clauses: row.clauses, publishedAt: row.published_at, amendmentId: row.amendment_id };
  }

  versions(conventionId: string) {
    return this.db.selectFrom('convention_versions').select(['version', 'amendment_id', 'published_at']).where('convention_id', '=', conventionId).orderBy('version').execute();
  }

  amendments(conventionId: string) {
    return this.db.selectFrom('convention_amendments').selectAll().where('convention_id', '=', conventionId).orderBy('created_at', 'desc').execute();
  }

  list(prefixes: string[], communityCode?: string) {
    if (prefixes.length === 0) return Promise.resolve([]);
    let q = this.db.selectFrom('conventions').selectAll().where((eb) => eb.or(prefixes.map((p) => eb('scope_path', 'like', `${p}%`))));
    if (communityCode) q = q.where('scope_code', '=', communityCode);
    return q.orderBy('scope_code').orderBy('created_at').limit(200).execute();
  }

  /** The text in force is recorded as version 1 (a convention adopted before the platform, or a new one). */
  async create(principal: Principal, input: NewConvention): Promise<ConventionRow> {
    const place = await communityPlace(this.deps.places, input.communityCode);
    assertManage(principal, place.path);
    const clauses = clauseProblem(() => initialClauses(input.clauses));
    return this.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      await trx.insertInto('conventions').values({
        id, scope_code: place.code, scope_path: place.path, kind: input.estate ? 'estate' : 'resident', estate: input.estate?.trim() || null,
        title: input.title.trim(), current_version: 1, created_by: principal.accountId,
      }).execute();
      await trx.insertInto('convention_versions').values({ convention_id: id, version: 1, clauses: JSON.stringify(clauses), amendment_id: null }).execute();
      return this.convention(id, trx);
    });
  }

  /** Anyone of the community may propose changes to the version in force; managers put them to the vote. */
  async propose(principal: Principal, conventionId: string, input: { title: string; rationale?: string; changes: Change[] }): Promise<AmendmentRow> {
    return this.db.transaction().execute(async (trx) => {
      const convention = await this.convention(conventionId, trx);
      assertParticipate(principal, convention.scope_path);
      const current = await this.version(conventionId, convention.current_version, trx);
      const problem = checkChanges(current.clauses, input.changes);
      if (problem) throw new Problem(422, `residentConventions.${problem.code}`, problem.params);
      const id = randomUUID();
      await trx.insertInto('convention_amendments').values({
        id, convention_id: conventionId, base_version: current.version, title: input.title.trim(), rationale: input.rationale?.trim() ?? '',
        changes: JSON.stringify(input.changes), status: 'proposed', motion_id: null, result: null, version: null, proposed_by: principal.accountId, decided_at: null,
      }).execute();
      return this.amendment(id, trx);
    });
  }

  /** What the amendment would make of the text, shown beside it while residents deliberate and vote. */
  async preview(amendment: AmendmentRow): Promise<Clause[]> {
    const base = await this.version(amendment.convention_id, amendment.base_version);
    return clauseProblem(() => applyChanges(base.clauses, amendment.changes as Change[]));
  }

  async openVote(principal: Principal, amendmentId: string, input: AmendmentVote): Promise<AmendmentRow> {
    checkWindow(input.opensAt, input.closesAt);
    return this.db.transaction().execute(async (trx) => {
      const amendment = await trx.selectFrom('convention_amendments').selectAll().where('id', '=', amendmentId).forUpdate().executeTakeFirst();
      if (!amendment) throw new Problem(404, 'residentConventions.amendmentNotFound');
      const convention = await this.convention(amendment.convention_id, trx);
      assertManage(principal, convention.scope_path);
      if (amendment.status !== 'proposed') throw new Problem(409, 'residentConventions.amendmentNotProposed', { status: amendment.status });
      const electorate: ElectorateSource = input.electorate === 'households'
        ? { kind: 'households', scopeCode: convention.scope_code }
        : { kind: 'body', bodyId: input.electorate.councilId };
      const { id: motionId } = await this.deps.motions.createMotion({
        title: `${convention.title}：${amendment.title}`, text: amendment.rationale,
        rule: { method: 'simpleMajority', quorum: { atLeast: '1/2' }, approval: { moreThan: '1/2' }, majorityBase: 'votesCast' },
        electorate, scopeCode: convention.scope_code, subject: { kind: 'conventionAmendment', id: amendment.id },
        opensAt: input.opensAt, closesAt: input.closesAt,
      }, principal.accountId, asAny(trx));
      await this.deps.motions.announce(motionId, principal.accountId, asAny(trx));
      await trx.updateTable('convention_amendments').set({ status: 'voting', motion_id: motionId }).where('id', '=', amendmentId).execute();
      return this.amendment(amendmentId, trx);
    });
  }

  async closeVote(principal: Principal, amendmentId: string): Promise<AmendmentRow> {
    return this.db.transaction().execute(async (trx) => {
      const amendment = await this.amendment(amendmentId, trx);
      const convention = await this.convention(amendment.convention_id, trx);
      assertManage(principal, convention.scope_path);
      if (amendment.status !== 'voting' || !amendment.motion_id) throw new Problem(409, 'residentConventions.amendmentNotVoting', { status: amendment.status });
      await this.deps.motions.close(amendment.motion_id, principal.accountId, asAny(trx));
      return this.amendment(amendmentId, trx);
    });
  }

  /** Heard in the motion's closing transaction: a passed amendment becomes the next published version. */
  async onOutcome(outcome: MotionOutcome, trx: Tx): Promise<void> {
    if (!outcome.subject) return;
    const amendment = await trx.selectFrom('convention_amendments').selectAll().where('id', '=', outcome.subject.id).forUpdate().executeTakeFirst();
    if (!amendment || amendment.status !== 'voting' || amendment.motion_id !== outcome.motionId) return;
    const decided = { result: JSON.stringify(outcome.result), decided_at: new Date(outcome.closedAt) };
    if (!outcome.passed) {
      await trx.updateTable('convention_amendments').set({ status: 'rejected', ...decided }).where('id', '=', amendment.id).execute();
      return;
    }
    const convention = await trx.selectFrom('conventions').selectAll().where('id', '=', amendment.convention_id).forUpdate().executeTakeFirstOrThrow();
    const all = await trx.selectFrom('convention_versions').select(['version', 'clauses']).where('convention_id', '=', convention.id).execute();
    const base = all.find((v) => v.version === amendment.base_version)!.clauses;
    const current = all.find((v) => v.version === convention.current_version)!.clauses;
    const changes = amendment.changes as Change[];
    // Never throw here: the motion's closing transaction would fail with it. Text that no longer applies is superseded.
    let clauses: Clause[] | null = null;
    if (rebase(base, current, changes)) {
      try {
        clauses = applyChanges(current, changes, all.flatMap((v) => v.clauses.map((c) => c.key)));
      } catch (error) {
        if (!(error instanceof ClauseError)) throw error;
      }
    }
    if (!clauses) {
      await trx.updateTable('convention_amendments').set({ status: 'superseded', ...decided }).where('id', '=', amendment.id).execute();
      return;
    }
    const version = convention.current_version + 1;
    await trx.insertInto('convention_versions').values({ convention_id: convention.id, version, clauses: JSON.stringify(clauses), amendment_id: amendment.id, published_at: new Date(outcome.closedAt) }).execute();
    await trx.updateTable('conventions').set({ current_version: version }).where('id', '=', convention.id).execute();
    await trx.updateTable('convention_amendments').set({ status: 'ratified', version, ...decided }).where('id', '=', amendment.id).execute();
  }
}

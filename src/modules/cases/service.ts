import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { Problem } from '../../core/http/problem.ts';
import { t, type Locale } from '../../core/i18n.ts';
import type { JobQueue } from '../../core/jobs/queue.ts';
import type { Secrets } from '../../core/secrets.ts';
import { within, type Principal } from '../access/index.ts';
import { CalendarError, formatShanghai, type WorkingCalendar } from '../calendar/index.ts';
import type { TreeService } from '../tree/index.ts';
import {
  apply, computeIndicators, factsOf, limitFor, parseTimerId, planDeadline, resolveRoute,
  type Actor, type CaseError, type CaseEvent, type CaseState, type Deadline, type Effect,
} from './domain/index.ts';
import { configOf, loadSnapshot, type CaseConfig } from './config.ts';
import { runEffects, timerJob } from './effects.ts';
import { IntakeWriter, type PreparedCase, type StoredCase } from './intake-writer.ts';
import { categoryName, scrub } from './present.ts';
import type { Notifier } from './notifier.ts';
import { Places, type PlaceInput } from './places.ts';
import { caseScopes, isCaseStaff, sameUnit, unitsOf, type PlacedUnit } from './policy.ts';
import { CasesRepository, eventValues, isUuid, projection, type CaseRow } from './repository.ts';
import { advanceFacts, casesWithoutFacts, factsValues, rebuildFacts } from './facts.ts';
import { sqlIndicators, type SqlGroupBy } from './indicators-sql.ts';
import type { CasesTables } from './tables.ts';
import { maskPhone } from '../../core/identity/mask.ts';

export const channels = ['app', 'hotline', 'visit', 'council', 'device', 'open311'] as const;
export type Channel = (typeof channels)[number];

/** A signer of a joint letter, already identified (by the roster or by their own account). */
export interface KnownSigner {
  signer: string;
  household: string;
  name: string;
  residentId?: string;
  accountId?: string;
}

export interface IntakeInput extends PlaceInput {
  category: string;
  description: string;
  channel: Channel;
  address?: string;
  priority?: 'normal' | 'urgent';
  reporter?: { name?: string; phone?: string };
  signers?: KnownSigner[];
  photos?: string[];
  idempotencyKey?: string;
}

const communityPathOf = (row: Pick<CaseRow, 'place_path' | 'community_code'>) => {
  if (!row.community_code) return undefined;
  const i = row.place_path.indexOf(`/${row.community_code}/`);
  return i < 0 ? undefined : row.place_path.slice(0, i + row.community_code.length + 2);
};

/** Problems from the workflow: 422 when the input is incomplete, 409 when the case's state forbids it. */
const inputErrors = new Set(['reasonRequired', 'outcomeRequired', 'invalidScore', 'deadlineInvalid', 'extensionNotLater', 'duplicateOfSelf', 'transferToSelf']);
export function caseProblem(error: CaseError): Problem {
  return new Problem(inputErrors.has(error.code) ? 422 : 409, `cases.error.${error.code}`, error.params);
}

export class CasesService {
  readonly repo: CasesRepository;
  readonly places: Places;
  private companiesCache: { at: number; list: PlacedUnit[] } | null = null;
  private latestConfig: { at: number; config: CaseConfig } | null = null;
  private readonly versions = new Map<number, CaseConfig>();
  private firstStreetCache: { at: number; code: string } | null = null;
  private factsReady: Promise<number> | null = null;
  readonly intake: IntakeWriter;

  constructor(
    readonly db: Kysely<CasesTables>,
    private readonly deps: { jobs: JobQueue; tree: TreeService; secrets: Secrets; notifier: Notifier; log: Logger; calendar: WorkingCalendar; intake?: { concurrency: number; maxBatch: number } },
  ) {
    this.repo = new CasesRepository(db);
    this.intake = new IntakeWriter(db, deps, deps.intake ?? { concurrency: 1, maxBatch: 64 });
    this.places = new Places(deps.tree, () => this.companies());
  }

  async companies(): Promise<PlacedUnit[]> {
    if (this.companiesCache && Date.now() - this.companiesCache.at < 5000) return this.companiesCache.list;
    const list = (await this.repo.propertyCompanies()).map((c) => ({ kind: 'propertyCompany' as const, code: c.code, path: c.path }));
    this.companiesCache = { at: Date.now(), list };
    return list;
  }

  async unitsOf(principal: Principal): Promise<PlacedUnit[]> {
    const companies = await this.companies();
    return unitsOf(principal, (community) => companies.find((c) => c.path.endsWith(`/${community}/`)));
  }

  /**
   * The latest configuration, read again at most once a second (a change made through this process is
   * seen at once): intake must not pay two queries per case for data that changes a few times a year.
   */
  async config(): Promise<CaseConfig> {
    const cached = this.latestConfig;
    if (cached && Date.now() - cached.at < 1000) return cached.config;
    const { version, snapshot } = await loadSnapshot(this.db);
    const config = this.versions.get(version) ?? configOf(version, snapshot, await this.firstStreet());
    this.versions.set(version, config);
    this.latestConfig = { at: Date.now(), config };
    return config;
  }

  /** The configuration a case was accepted under; versions never change, so each is read once. */
  async configFor(version: number): Promise<CaseConfig> {
    const known = this.versions.get(version);
    if (known) return known;
    const { snapshot } = await loadSnapshot(this.db, version);
    const config = configOf(version, snapshot, await this.firstStreet());
    this.versions.set(version, config);
    return config;
  }

  /** Forgets the cached latest version, after a change made here. */
  configChanged(): void {
    this.latestConfig = null;
  }

  private async firstStreet(): Promise<string> {
    if (this.firstStreetCache && Date.now() - this.firstStreetCache.at < 60_000) return this.firstStreetCache.code;
    const code = (await this.deps.tree.repo.all()).filter((u) => u.kind === 'street').map((u) => u.code).sort()[0] ?? '';
    this.firstStreetCache = { at: Date.now(), code };
    return code;
  }

  /** A deadline on the working calendar; a year without calendar data is an operator's problem, said plainly. */
  plan(config: CaseConfig, category: string, step: string, at: number): Deadline | undefined {
    const limit = limitFor(config.limits, category, step);
    if (!limit) return undefined;
    try {
      return planDeadline(this.deps.calendar, limit, at);
    } catch (error) {
      if (error instanceof CalendarError) throw new Problem(503, `calendar.error.${error.code}`, error.params);
      throw error;
    }
  }

  /** Who may see a case: staff whose subtree holds its place or its responsible unit, and its followers. */
  async canSee(principal: Principal, row: CaseRow): Promise<boolean> {
    const scopes = caseScopes(principal);
    const paths = [row.place_path, row.responsible_path, row.supervisor_path].filter((p): p is string => !!p);
    const pending = (row.state as CaseState).pendingTransfer;
    if (pending && (await this.unitsOf(principal)).some((u) => sameUnit(u, pending.to))) return true;
    if (scopes.some((s) => paths.some((p) => within(p, s)))) return true;
    return !!(await this.repo.isFollower(row.id, principal.accountId));
  }

  async visibleCase(principal: Principal, ref: string): Promise<CaseRow> {
    const row = await this.repo.byNumberOrId(ref);
    if (!row) throw new Problem(404, 'cases.notFound', { ref });
    if (!(await this.canSee(principal, row))) throw new Problem(403, 'common.problem.outsideScope');
    return row;
  }

  /** Staff who see the case, or a resident of its community (to co-sign a joint letter). */
  async visibleCaseOrPublic(principal: Principal, ref: string): Promise<CaseRow> {
    if (isCaseStaff(principal)) return this.visibleCase(principal, ref);
    const row = await this.repo.byNumberOrId(ref);
    if (!row) throw new Problem(404, 'cases.notFound', { ref });
    const home = principal.bindings.find((b) => b.role === 'resident');
    if (!home || !row.community_code || !home.scopePath.includes(`/${row.community_code}/`)) throw new Problem(403, 'common.problem.outsideScope');
    return row;
  }

  /** The public board: matters of one community without personal data, and its figures for the last year. */
  async board(code: string, name: string, locale: Locale) {
    const rows = await this.repo.communityBoard(code, 200);
    const ids = rows.map((r) => r.id);
    const signatures = ids.length ? await this.db.selectFrom('case_signatures').select('name').where('case_id', 'in', ids).execute() : [];
    const names = [...rows.map((r) => r.reporter_name ?? ''), ...signatures.map((s) => s.name)];
    const to = Date.now() + 1;
    const from = to - 365 * 86_400_000;
    const events = ids.length
      ? await this.db.selectFrom('case_events').select('event').where('case_id', 'in', ids).orderBy('case_id').orderBy('seq').execute()
      : [];
    const { total } = computeIndicators(events.map((e) => e.event as CaseEvent), { from, to });
    const { categories } = await this.config();
    const item = (r: CaseRow) => ({
      number: r.number, category: r.category, categoryName: categoryName(categories, r.category, locale), summary: scrub(r.description, names),
      status: r.status, statusName: t(locale, `cases.status.${r.status}`), outcome: r.outcome,
      acceptedAt: new Date(r.created_at).toISOString(), dueAt: new Date(r.due_at).toISOString(), closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    });
    const closed = (r: CaseRow) => r.status === 'closed' || r.status === 'rated';
    return {
      community: { code, name },
      open: rows.filter((r) => !closed(r)).map(item),
      closed: rows.filter(closed).map(item),
      figures: {
        from: new Date(from).toISOString(), to: new Date(to).toISOString(), received: total.received, closed: total.closed,
        closeRate: total.closeRate, onTimeCloseRate: total.onTimeCloseRate, reworkRate: total.reworkRate, satisfactionRate: total.satisfactionRate,
        meanHoursToClose: total.timeToClose.mean === null ? null : Math.round((total.timeToClose.mean / 60) * 10) / 10,
      },
    };
  }

  /** A new case: located, routed, persisted with its first event and timers; a retried key returns the first. */
  async submit(principal: Principal, input: IntakeInput): Promise<StoredCase> {
    return this.intake.write(await this.prepare(principal, input));
  }

  /** Everything a new case writes, computed: located, routed, its first event, facts, followers and effects. */
  async prepare(principal: Principal, input: IntakeInput): Promise<PreparedCase> {
    const config = await this.config();
    const category = config.categories.find((c) => c.code === input.category);
    if (!category) throw new Problem(422, 'cases.unknownCategory', { category: input.category });
    // A retry is found by the intake writer's claim: no extra lookup on the way in.
    const located = await this.places.resolve(input, config.matrix.fallbackStreet);
    const signers = dedupeSigners(input.signers ?? []);
    const households = Math.max(1, new Set(signers.map((s) => s.household)).size);
    const route = resolveRoute(config.matrix, {
      category: input.category, place: located.place, households, ...(input.priority ? { priority: input.priority } : {}),
    });
    const responsible = await this.placeUnit(route.unit, located.units.county?.path ?? located.placePath);
    const at = Date.now();
    const deadline = this.plan(config, input.category, 'case', at);
    if (!deadline) throw new Problem(503, 'cases.noTimeLimit', { category: input.category });
    const step = this.plan(config, input.category, 'accepted', at);
    const id = randomUUID();
    const resident = !isCaseStaff(principal);
    const reporter = resident ? `account:${principal.accountId}` : `contact:${id}`;
    const actorUnit = resident ? undefined : (await this.unitsOf(principal))[0];
    const actor: Actor = { id: `account:${principal.accountId}`, ...(actorUnit ? { unit: { kind: actorUnit.kind, code: actorUnit.code } } : {}) };
    const event: CaseEvent = {
      type: 'accept', caseId: id, at, actor, category: input.category, affair: route.affair, responsible: route.unit,
      reporters: [reporter], signers: signers.map((s) => s.signer), deadline, ...(step ? { step } : {}),
    };
    const result = apply(undefined, event);
    if (!result.ok) throw caseProblem(result.error);
    const priority = route.flags.raised ? (input.priority === 'urgent' ? 'urgent' : 'raised') : 'normal';
    const phone = input.reporter?.phone?.trim();
    const reporterFollower = { case_id: id, follower: reporter, kind: 'reporter' as const, account_id: resident ? principal.accountId : null, resident_id: null, household: null, via_case: null };
    const signerFollowers = signers.map((s) => ({ case_id: id, follower: s.signer, kind: 'signer' as const, account_id: s.accountId ?? null, resident_id: s.residentId ?? null, household: s.household, via_case: null }));
    const followers = [reporterFollower, ...signerFollowers.filter((f) => f.follower !== reporter)];
    return {
      claim: input.idempotencyKey ? { principal: principal.accountId, key: input.idempotencyKey } : null,
      numberPrefix: `GZ-${formatShanghai(at).slice(0, 4)}-`,
      row: {
        id, config_version: config.version, category: input.category, description: input.description, channel: input.channel,
        lng: input.lng ?? null, lat: input.lat ?? null, address: input.address ?? null,
        micro_grid_code: located.units.microGrid?.code ?? null, grid_code: located.units.grid?.code ?? null,
        community_code: located.units.community?.code ?? null, street_code: located.units.street?.code ?? null,
        county_code: located.units.county?.code ?? null, place_path: located.placePath,
        outside_grid: located.outsideGrid, priority, route_level: route.level, route_flags: JSON.stringify(route.flags),
        households, reporter_account: resident ? principal.accountId : null,
        reporter_name: input.reporter?.name ?? (resident ? principal.displayName : null),
        reporter_phone_enc: phone ? this.deps.secrets.encrypt(phone) : null,
        reporter_phone_masked: phone ? maskPhone(phone) : null,
        created_by: principal.accountId,
        ...projection(result.state, responsible, undefined, 1),
      },
      event: eventValues(1, event, principal.accountId, { channel: input.channel, route }),
      facts: factsValues(id, 1, at, null, { placePath: located.placePath, responsiblePath: responsible.path, channel: input.channel }, factsOf(result.state)),
      followers,
      signatures: signers.map((s) => ({ case_id: id, signer: s.signer, household: s.household, resident_id: s.residentId ?? null, account_id: s.accountId ?? null, name: s.name })),
      attachments: (input.photos ?? []).map((url) => ({ case_id: id, phase: 'before' as const, url, added_by: principal.accountId })),
      effects: result.effects,
      context: { caseId: id, state: result.state, responsible, communityPath: located.units.community?.path },
      recipients: followers.map((f) => (f.account_id ? { accountId: f.account_id } : { residentId: f.resident_id ?? '' })),
    };
  }

  /**
   * Cases for open-data interfaces (Open311): newest first, without personal data — reporter fields are
   * left out and phone/ID-like numbers and the reporter's name are scrubbed from the text, as on the board.
   */
  async publicCases(filter: PublicCaseFilter): Promise<PublicCase[]> {
    let q = this.db.selectFrom('cases').selectAll();
    if (filter.refs) q = q.where((eb) => eb.or([eb('number', 'in', filter.refs!.length ? filter.refs! : ['']), eb('id', 'in', filter.refs!.filter(isUuid).concat(['00000000-0000-0000-0000-000000000000']))]));
    if (filter.categories?.length) q = q.where('category', 'in', filter.categories);
    if (filter.countyCodes) q = q.where('county_code', 'in', filter.countyCodes.length ? filter.countyCodes : ['']);
    if (filter.from) q = q.where('created_at', '>=', filter.from);
    if (filter.to) q = q.where('created_at', '<=', filter.to);
    if (filter.closed !== undefined) q = q.where('status', filter.closed ? 'in' : 'not in', publicClosed);
    const rows = await q.orderBy('created_at', 'desc').orderBy('number', 'desc').limit(filter.limit).execute();
    const signed = rows.length ? await this.db.selectFrom('case_signatures').select(['case_id', 'name']).where('case_id', 'in', rows.map((r) => r.id)).execute() : [];
    const namesOf = (r: CaseRow) => [r.reporter_name ?? '', ...signed.filter((s) => s.case_id === r.id).map((s) => s.name)];
    return rows.map((r) => ({
      id: r.id, number: r.number, category: r.category, description: scrub(r.description, namesOf(r), 4000),
      status: r.status, closed: publicClosed.includes(r.status), outcome: r.outcome, lat: r.lat, lng: r.lng, address: r.address,
      unitCode: r.micro_grid_code ?? r.grid_code ?? r.community_code, countyCode: r.county_code,
      responsibleCode: r.responsible_code, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at), dueAt: new Date(r.due_at),
    }));
  }

  /** Each step of a case in [from, to), oldest first, with the public status it left the case in. */
  async publicUpdates(from: Date, to: Date, limit: number): Promise<PublicCaseUpdate[]> {
    const steps = await this.db.selectFrom('case_events as e').innerJoin('cases as c', 'c.id', 'e.case_id')
      .select(['e.case_id', 'e.seq', 'e.type', 'e.at', 'c.number']).where('e.at', '>=', from).where('e.at', '<', to).where('e.type', '!=', 'timerFired')
      .orderBy('e.at').orderBy('e.case_id').orderBy('e.seq').limit(limit).execute();
    const ids = [...new Set(steps.map((s) => s.case_id))];
    const history = ids.length ? await this.db.selectFrom('case_events').select(['case_id', 'seq', 'event']).where('case_id', 'in', ids).orderBy('case_id').orderBy('seq').execute() : [];
    const statusAt = new Map<string, string>();
    let state: CaseState | undefined;
    let current = '';
    for (const h of history) {
      if (h.case_id !== current) [current, state] = [h.case_id, undefined];
      const result = apply(state, h.event as CaseEvent);
      if (result.ok) state = result.state;
      if (state) statusAt.set(`${h.case_id}:${h.seq}`, state.status);
    }
    return steps.map((s) => {
      const status = statusAt.get(`${s.case_id}:${s.seq}`) ?? 'accepted';
      return { caseId: s.case_id, number: s.number, seq: s.seq, type: s.type, at: new Date(s.at), status, closed: publicClosed.includes(status) };
    });
  }

  /**
   * Facts for cases written before `case_facts` existed, once per process before the first SQL figures;
   * every later case gets them with its events.
   */
  /**
   * Builds the pre-aggregated months (0138) that county and street dashboards read, for the last twelve
   * months by unit (the console's default) and by category, so that the first request after a start is
   * not the one that pays for them. Returns how many scope × grouping pairs are ready.
   */
  async warmIndicators(groupings: SqlGroupBy[] = ['unit', 'category'], now = Date.now()): Promise<number> {
    await this.ensureFacts();
    const units = (await this.deps.tree.repo.all()).filter((u) => u.kind === 'county' || u.kind === 'street');
    const today = new Date(now);
    const from = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 12, 1);
    for (const u of units) {
      for (const groupBy of groupings) await sqlIndicators(this.db, { from, to: now, groupBy, scopes: [u.path], now, refresh: 'wait' });
    }
    return units.length * groupings.length;
  }

  ensureFacts(): Promise<number> {
    this.factsReady ??= this.rebuildFacts(true).catch((error: unknown) => {
      this.factsReady = null;
      throw error;
    });
    return this.factsReady;
  }

  /** Rewrites the facts from the histories: all cases, or only those without facts. Returns the cases done. */
  async rebuildFacts(missingOnly: boolean, batch = 500): Promise<number> {
    let done = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const ids = missingOnly
        ? await casesWithoutFacts(this.db, batch, after)
        : (await this.db.selectFrom('cases').select('id').where('id', '>', after).orderBy('id').limit(batch).execute()).map((r) => r.id);
      if (!ids.length) return done;
      await rebuildFacts(this.db, ids, async (unit, fallback) => (await this.places.unit(unit.code))?.path ?? fallback);
      done += ids.length;
      after = ids[ids.length - 1]!;
      if (ids.length < batch) return done;
    }
  }

  /** The tree path of a unit chosen by routing (a fixed county department sits at the county). */
  async placeUnit(unit: CaseState['responsible'], countyPath: string): Promise<PlacedUnit> {
    const found = await this.places.unit(unit.code);
    return found && found.kind === unit.kind ? found : { ...unit, path: countyPath };
  }

  /**
   * Appends one domain event and re-projects the case, in one transaction with the case row locked.
   * `build` makes the event from the locked state, so two concurrent steps are applied in turn.
   */
  async record(
    caseId: string,
    accountId: string | null,
    build: (state: CaseState, row: CaseRow) => CaseEvent | null,
    known: PlacedUnit[],
    extra: Record<string, unknown> = {},
    numbers?: Record<string, string>,
    trxIn?: Transaction<CasesTables>,
  ): Promise<{ row: CaseRow; effects: Effect[] } | null> {
    const work = async (trx: Transaction<CasesTables>) => {
      const row = await this.repo.lockForUpdate(trx, caseId);
      if (!row) throw new Problem(404, 'cases.notFound', { ref: caseId });
      const state = row.state as CaseState;
      const event = build(state, row);
      if (!event) return null;
      const result = apply(state, event);
      if (!result.ok) throw caseProblem(result.error);
      if (event.type === 'timerFired' && result.effects.length === 0) return null;
      const units: PlacedUnit[] = [
        ...known,
        { kind: row.responsible_kind as PlacedUnit['kind'], code: row.responsible_code, path: row.responsible_path },
        ...(row.supervisor_kind && row.supervisor_code && row.supervisor_path ? [{ kind: row.supervisor_kind as PlacedUnit['kind'], code: row.supervisor_code, path: row.supervisor_path }] : []),
      ];
      const pathOf = (u: CaseState['responsible']): PlacedUnit => units.find((k) => sameUnit(k, u)) ?? { ...u, path: row.responsible_path };
      const responsible = pathOf(result.state.responsible);
      const supervisor = result.state.supervisor ? pathOf(result.state.supervisor) : undefined;
      const seq = row.event_count + 1;
      await this.repo.appendEvent(trx, seq, event, accountId, extra);
      await trx.updateTable('cases').set({ ...projection(result.state, responsible, supervisor, seq), updated_at: new Date() }).where('id', '=', caseId).execute();
      await advanceFacts(trx, caseId, event.at, { placePath: row.place_path, responsiblePath: responsible.path, channel: row.channel }, state, result.state, row.responsible_path);
      await runEffects(this.deps, trx, { caseId, number: row.number, state: result.state, responsible, communityPath: communityPathOf(row), ...(numbers ? { numbers } : {}) }, result.effects);
      return { row: (await this.repo.byId(caseId, trx))!, effects: result.effects };
    };
    return trxIn ? work(trxIn) : this.db.transaction().execute(work);
  }

  /** The job handler of a case timer (催办/督办): a no-op when the timer no longer matches the case. */
  async onTimer(payload: unknown, trx: Transaction<CasesTables>): Promise<void> {
    const { caseId, timerId } = payload as { caseId: string; timerId: string };
    if (!parseTimerId(timerId)) return;
    await this.record(caseId, null, (state) => ({ type: 'timerFired', caseId, at: Math.max(Date.now(), state.lastAt), actor: { id: 'system' }, timerId }), [], {}, undefined, trx);
  }

  /** Adds joint-letter signatures; crossing the household threshold raises the case's priority. */
  async sign(row: CaseRow, signers: KnownSigner[]): Promise<{ added: number; households: number; raised: boolean }> {
    const config = await this.configFor(row.config_version);
    const threshold = config.matrix.jointLetterThreshold;
    return this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('cases').select('id').where('id', '=', row.id).forUpdate().execute();
      const fresh = dedupeSigners(signers);
      let added = 0;
      if (fresh.length) {
        const inserted = await trx.insertInto('case_signatures').values(fresh.map((s) => ({
          case_id: row.id, signer: s.signer, household: s.household, resident_id: s.residentId ?? null, account_id: s.accountId ?? null, name: s.name,
        }))).onConflict((oc) => oc.columns(['case_id', 'signer']).doNothing()).returning('signer').execute();
        added = inserted.length;
        await trx.insertInto('case_followers').values(fresh.map((s) => ({
          case_id: row.id, follower: s.signer, kind: 'signer' as const, account_id: s.accountId ?? null, resident_id: s.residentId ?? null, household: s.household, via_case: null,
        }))).onConflict((oc) => oc.columns(['case_id', 'follower']).doNothing()).execute();
      }
      const { n } = await trx.selectFrom('case_signatures').select((eb) => eb.fn.count<number>('household').distinct().as('n')).where('case_id', '=', row.id).executeTakeFirstOrThrow();
      const households = Math.max(1, Number(n));
      const raised = threshold > 0 && households >= threshold;
      const priority = row.priority === 'urgent' ? 'urgent' : raised ? 'raised' : row.priority;
      await trx.updateTable('cases').set({ households, priority }).where('id', '=', row.id).execute();
      if (raised && row.priority === 'normal') {
        const community = row.community_code ? [{ unit: { kind: 'community' as const, code: row.community_code } }] : [];
        await this.deps.notifier.send(community.map((recipient) => ({ recipient, caseId: row.id, message: { key: 'cases.notice.jointLetterRaised', params: { caseId: row.number, households } } })), trx);
      }
      return { added, households, raised };
    });
  }
}

const publicClosed = ['closed', 'rated'];

export interface PublicCaseFilter {
  /** Case numbers or ids. */
  refs?: string[];
  categories?: string[];
  countyCodes?: string[];
  from?: Date;
  to?: Date;
  closed?: boolean;
  limit: number;
}

export interface PublicCase {
  id: string;
  number: string;
  category: string;
  description: string;
  status: string;
  closed: boolean;
  outcome: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  unitCode: string | null;
  countyCode: string | null;
  responsibleCode: string;
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date;
}

export interface PublicCaseUpdate {
  caseId: string;
  number: string;
  seq: number;
  type: string;
  at: Date;
  status: string;
  closed: boolean;
}

function dedupeSigners(list: KnownSigner[]): KnownSigner[] {
  const seen = new Map<string, KnownSigner>();
  for (const s of list) if (!seen.has(s.signer)) seen.set(s.signer, s);
  return [...seen.values()];
}

export { timerJob };

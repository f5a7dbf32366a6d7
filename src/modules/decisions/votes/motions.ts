import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { AnyDB } from '../../../core/db/database.ts';
import { Problem } from '../../../core/http/problem.ts';
import type { JobQueue } from '../../../core/jobs/queue.ts';
import type { TreeService } from '../../tree/index.ts';
import type { ElectorateSource, MotionOutcome, MotionsApi, NewMotion, OutcomeListener, RollEntry, RollResolver } from '../contracts.ts';
import { countTally, parseTallyFile, type TallyResult } from '../tally/index.ts';
import { ruleProblems } from './rule.ts';
import type { VotesTables } from './tables.ts';
import { fileFor } from './box.ts';

export const closeJob = 'decisions.motionClose';
const jobKey = (motionId: string) => `motion-close:${motionId}`;
type Tx = Transaction<VotesTables>;
const asVotes = (tx: Transaction<AnyDB>) => tx as unknown as Tx;

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The motion row locked for the caller's transaction: FOR UPDATE to change its state, FOR SHARE to add a ballot. */
export async function lockMotion(tx: Tx, motionId: string, mode: 'update' | 'share') {
  if (!uuidRe.test(motionId)) throw new Problem(404, 'votes.problem.notFound');
  const q = tx.selectFrom('motions').selectAll().where('id', '=', motionId);
  const row = await (mode === 'update' ? q.forUpdate() : q.forShare()).executeTakeFirst();
  if (!row) throw new Problem(404, 'votes.problem.notFound');
  return row;
}

function passedOf(result: TallyResult): { passed: boolean; selected: string[] } {
  switch (result.method) {
    case 'civilCode278':
    case 'simpleMajority':
      return { passed: result.outcome === 'PASSED', selected: [] };
    case 'approvalSelect':
      return { passed: result.outcome === 'ELECTED', selected: result.selected };
    case 'rankedChoice':
      return { passed: result.outcome === 'ELECTED', selected: result.winner ? [result.winner] : [] };
    case 'score':
      return { passed: result.outcome === 'ELECTED', selected: result.winners };
  }
}

/** Motions from draft to closed: the contract other parts of the decisions module code against. */
export class Motions implements MotionsApi {
  private readonly resolvers = new Map<ElectorateSource['kind'], RollResolver>();
  private readonly listeners = new Map<string, OutcomeListener[]>();

  constructor(readonly db: Kysely<VotesTables>, private readonly jobs: JobQueue, private readonly tree: TreeService) {}

  registerRoll(kind: ElectorateSource['kind'], resolver: RollResolver): void {
    this.resolvers.set(kind, resolver);
  }

  onOutcome(subjectKind: string, listener: OutcomeListener): void {
    this.listeners.set(subjectKind, [...(this.listeners.get(subjectKind) ?? []), listener]);
  }

  async scopePath(code: string): Promise<string | null> {
    return (await this.tree.repo.byCode(code))?.path ?? null;
  }

  hasRoll(kind: ElectorateSource['kind']): boolean {
    return this.resolvers.has(kind);
  }

  async createMotion(input: NewMotion, createdBy: string, tx: Transaction<AnyDB>): Promise<{ id: string }> {
    const errors = ruleProblems(input.rule, input.electorate, input.secret ?? false);
    const opens = Date.parse(input.opensAt);
    const closes = Date.parse(input.closesAt);
    if (Number.isNaN(opens)) errors.push({ path: '/opensAt', code: 'votes.error.badTime', params: {} });
    if (Number.isNaN(closes) || !(closes > opens)) errors.push({ path: '/closesAt', code: 'votes.error.closesBeforeOpens', params: {} });
    if (!this.resolvers.has(input.electorate.kind)) errors.push({ path: '/electorate/kind', code: 'votes.error.noResolver', params: { kind: input.electorate.kind } });
    if (errors.length) {
      throw new Problem(422, 'votes.problem.invalidMotion', { count: errors.length }, {
        errors: errors.map((e) => ({ pointer: `/body${e.path}`, code: e.code, params: e.params })),
      });
    }
    const unit = await this.tree.repo.byCode(input.scopeCode, tx as never);
    if (!unit) throw new Problem(422, 'votes.problem.unknownScope', { code: input.scopeCode });
    const row = await asVotes(tx)
      .insertInto('motions')
      .values({
        scope_code: unit.code, scope_path: unit.path, title: input.title, text: input.text ?? '',
        method: input.rule.method, rule: JSON.stringify(input.rule), electorate: JSON.stringify(input.electorate),
        subject_kind: input.subject?.kind ?? null, subject_id: input.subject?.id ?? null,
        secret: input.secret ?? false, opens_at: new Date(opens), closes_at: new Date(closes), created_by: createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id };
  }

  /** Freezes the roll through the electorate's resolver, publishes it, and sets the closing timer. */
  async announce(motionId: string, by: string, tx: Transaction<AnyDB>): Promise<void> {
    const trx = asVotes(tx);
    const motion = await lockMotion(trx, motionId, 'update');
    if (motion.state !== 'draft') throw new Problem(409, 'votes.problem.notDraft', { state: motion.state });
    const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(trx);
    const now = rows[0]!.now;
    if (motion.closes_at <= now) throw new Problem(409, 'votes.problem.closesInPast');
    const electorate = motion.electorate as ElectorateSource;
    const resolver = this.resolvers.get(electorate.kind);
    if (!resolver) throw new Problem(422, 'votes.problem.noResolver', { kind: electorate.kind });
    const roll = await resolver(electorate, now, tx);
    const seen = new Set<string>();
    for (const r of roll) {
      if (seen.has(r.voterId)) throw new Error(`roll resolver ${electorate.kind} returned ${r.voterId} twice`);
      seen.add(r.voterId);
    }
    for (let i = 0; i < roll.length; i += 1000) {
      await trx.insertInto('motion_roll').values(roll.slice(i, i + 1000).map((r, j) => ({
        motion_id: motionId, voter_id: r.voterId, position: i + j, label: r.label, constituency: r.constituency ?? null,
        household_path: r.householdPath ?? null, account_id: r.accountId ?? null, unit: r.unit ? JSON.stringify(r.unit) : null,
      }))).execute();
    }
    await trx.updateTable('motions').set({ state: 'announced', announced_by: by, announced_at: now, roll_size: roll.length }).where('id', '=', motionId).execute();
    await this.jobs.schedule(closeJob, { motionId }, { runAt: motion.closes_at, uniqueKey: jobKey(motionId) }, tx);
  }

  /** Counts the effective ballots against the frozen roll with the CLI's function, stores it, tells the subject. */
  async close(motionId: string, by: string, tx: Transaction<AnyDB>): Promise<MotionOutcome> {
    const trx = asVotes(tx);
    const motion = await lockMotion(trx, motionId, 'update');
    if (motion.state !== 'announced') throw new Problem(409, 'votes.problem.notAnnounced', { state: motion.state });
    const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(trx);
    const now = rows[0]!.now;
    const deadline = now < motion.closes_at ? now : motion.closes_at;
    const roll = await this.roll(trx, motionId);
    const file = await fileFor(trx, motion, roll, deadline.toISOString());
    const parsed = parseTallyFile(file);
    if (!parsed.ok) throw new Error(`motion ${motionId}: tally file invalid: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
    const result = countTally(parsed.request);
    const { passed, selected } = passedOf(result);
    await trx.updateTable('motions').set({
      state: 'closed', closed_by: by, closed_at: now, outcome: result.outcome, passed,
      selected: JSON.stringify(selected), result: JSON.stringify(result), tally_file: JSON.stringify(file),
    }).where('id', '=', motionId).execute();
    await this.jobs.cancel(jobKey(motionId), tx);
    const subject = motion.subject_kind && motion.subject_id ? { kind: motion.subject_kind, id: motion.subject_id } : null;
    const outcome: MotionOutcome = { motionId, subject, passed, selected, result, closedAt: now.toISOString() };
    if (subject) for (const listener of this.listeners.get(subject.kind) ?? []) await listener(outcome, tx);
    return outcome;
  }

  async cancel(motionId: string, by: string, tx: Transaction<AnyDB>): Promise<void> {
    const trx = asVotes(tx);
    const motion = await lockMotion(trx, motionId, 'update');
    if (motion.state !== 'draft' && motion.state !== 'announced') throw new Problem(409, 'votes.problem.notCancellable', { state: motion.state });
    await trx.updateTable('motions').set({ state: 'cancelled', cancelled_by: by, cancelled_at: sql<Date>`now()` }).where('id', '=', motionId).execute();
    await this.jobs.cancel(jobKey(motionId), tx);
  }

  /** The closing timer: a motion closed by hand (or cancelled) meanwhile is left alone. */
  async onCloseJob(payload: unknown, tx: Transaction<AnyDB>): Promise<void> {
    const motionId = (payload as { motionId?: string }).motionId ?? '';
    const row = await asVotes(tx).selectFrom('motions').select('state').where('id', '=', motionId).executeTakeFirst();
    if (row?.state === 'announced') await this.close(motionId, 'system', tx);
  }

  async roll(db: Kysely<VotesTables> | Tx, motionId: string): Promise<RollEntry[]> {
    const rows = await db.selectFrom('motion_roll').selectAll().where('motion_id', '=', motionId).orderBy('position').execute();
    return rows.map((r) => ({
      voterId: r.voter_id, label: r.label, constituency: r.constituency, householdPath: r.household_path, accountId: r.account_id,
      unit: (r.unit as RollEntry['unit']) ?? null,
    }));
  }
}


import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import { BatchRunner, type BatchOptions } from '../../core/batching.ts';
import { isUniqueViolation } from '../../core/db/errors.ts';
import type { JobQueue } from '../../core/jobs/queue.ts';
import type { Effect } from './domain/index.ts';
import { applyPlans, planEffects, type EffectContext, type EffectPlan } from './effects.ts';
import type { Notifier, Recipient } from './notifier.ts';
import type { CaseRow } from './repository.ts';
import type { CasesTables } from './tables.ts';

type Row<T extends keyof CasesTables> = Insertable<CasesTables[T]>;

/** A new case with every row computed and nothing written yet. */
export interface PreparedCase {
  claim: { principal: string; key: string } | null;
  /** The case row without its number, drawn from the database's sequence when written, after `numberPrefix` (GZ-2026-). */
  row: Omit<Row<'cases'>, 'number'>;
  numberPrefix: string;
  event: Row<'case_events'>;
  facts: Row<'case_facts'>;
  followers: Row<'case_followers'>[];
  signatures: Row<'case_signatures'>[];
  attachments: Row<'case_attachments'>[];
  effects: Effect[];
  context: Omit<EffectContext, 'number'>;
  /** The followers just written, for effects addressed to them. */
  recipients: Recipient[];
}

export interface StoredCase {
  row: CaseRow;
  created: boolean;
}

/**
 * Writes new cases in batches (docs/decisions/0140-intake-batches.md): the cases that arrive while a
 * batch is being written go together in the next one — one transaction and a handful of statements for
 * all of them instead of one transaction and seven round trips each. A case arriving at an idle writer is
 * written at once, alone. A batch that fails is written again case by case, so one bad case fails only
 * its own request.
 */
export class IntakeWriter {
  private readonly runner: BatchRunner<PreparedCase, StoredCase>;

  constructor(
    private readonly db: Kysely<CasesTables>,
    private readonly deps: { jobs: JobQueue; notifier: Notifier; log: Logger },
    options: BatchOptions,
  ) {
    this.runner = new BatchRunner(async (cases) => {
      const stored = await this.store(cases);
      return cases.map((c) => stored.get(c)!);
    }, options, (err, size) => deps.log.warn({ err, cases: size }, 'intake batch failed; writing its cases one by one'));
  }

  /** Committed batches and the cases in them (a retried key counts as a case answered). */
  get stats() {
    return this.runner.stats;
  }

  write(prepared: PreparedCase): Promise<StoredCase> {
    return this.runner.run(prepared);
  }

  private async store(cases: PreparedCase[]): Promise<Map<PreparedCase, StoredCase>> {
    return (await this.storeAtOnce(cases)) ?? this.storeCarefully(cases);
  }

  /**
   * The usual batch — keys never seen before — in one statement and no transaction: the numbers are drawn
   * first, then the claims, cases, events, facts, followers, timers and notices go in together. Null when
   * a key was already claimed (the statement then wrote nothing) or a channel cannot be embedded.
   */
  private async storeAtOnce(cases: PreparedCase[]): Promise<Map<PreparedCase, StoredCase> | null> {
    if (!this.deps.notifier.queries([], this.db)) return null;
    const numbers = await drawNumbers(this.db, cases);
    const plans = await this.plan(cases, numbers);
    const ops = plans.flatMap((p) => p.jobs);
    const notices = this.deps.notifier.queries(plans.flatMap((p) => p.outgoing), this.db);
    if (!notices || ops.some((op) => op.op !== 'schedule')) return null;
    const jobs = this.deps.jobs.insertQuery(ops.flatMap((op) => (op.op === 'schedule' ? [op.job] : [])));
    const keyed = cases.filter((c) => c.claim);
    const parts = [
      ...(keyed.length ? [sql`claim AS (${this.db.insertInto('case_idempotency').values(keyed.map((c) => ({ principal: c.claim!.principal, key: c.claim!.key, case_id: c.row.id! })))})`] : []),
      ...this.rowParts(this.db, cases, numbers),
      ...(jobs ? [sql`timers AS (${jobs})`] : []),
      ...notices.map((q, i) => sql`notices${sql.raw(String(i))} AS (${q})`),
    ];
    let rows: CaseRow[];
    try {
      rows = (await sql<CaseRow>`WITH ${sql.join(parts)} SELECT * FROM ins`.execute(this.db)).rows;
    } catch (error) {
      if (keyed.length && isUniqueViolation(error, 'case_idempotency')) return null;
      throw error;
    }
    this.deps.jobs.wake();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return new Map(cases.map((c) => [c, { row: byId.get(c.row.id!)!, created: true }]));
  }

  /** A batch with a retried key: claims first, in a transaction, then only the claimed cases are written. */
  private async storeCarefully(cases: PreparedCase[]): Promise<Map<PreparedCase, StoredCase>> {
    const out = new Map<PreparedCase, StoredCase>();
    const retried: PreparedCase[] = [];
    await this.db.transaction().execute(async (trx) => {
      const fresh = await this.claim(trx, cases, retried);
      if (fresh.length === 0) return;
      const numbers = await drawNumbers(trx, fresh);
      const { rows } = await sql<CaseRow>`WITH ${sql.join(this.rowParts(trx, fresh, numbers))} SELECT * FROM ins`.execute(trx);
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const c of fresh) out.set(c, { row: byId.get(c.row.id!)!, created: true });
      await applyPlans(this.deps, trx, await this.plan(fresh, numbers));
    });
    // A retried key (or the same key twice in this batch) answers with the case that claimed it first.
    if (retried.length) {
      const firsts = await this.db.selectFrom('case_idempotency as i').innerJoin('cases as c', 'c.id', 'i.case_id').selectAll('c').select(['i.principal', 'i.key'])
        .where((eb) => eb.or(retried.map((c) => eb.and([eb('i.principal', '=', c.claim!.principal), eb('i.key', '=', c.claim!.key)])))).execute();
      for (const c of retried) {
        const first = firsts.find((f) => f.principal === c.claim!.principal && f.key === c.claim!.key);
        if (!first) throw new Error(`idempotency key ${c.claim!.key} claimed by no stored case`);
        const { principal: _p, key: _k, ...row } = first;
        out.set(c, { row, created: false });
      }
    }
    return out;
  }

  /** The cases whose key is new (or that have none); the others are set aside in `retried`. */
  private async claim(trx: Transaction<CasesTables>, cases: PreparedCase[], retried: PreparedCase[]): Promise<PreparedCase[]> {
    const keyed = cases.filter((c) => c.claim);
    if (keyed.length === 0) return cases;
    // A key held by a transaction still running makes this wait for it, then skip the row if it committed.
    const claimed = await trx.insertInto('case_idempotency')
      .values(keyed.map((c) => ({ principal: c.claim!.principal, key: c.claim!.key, case_id: c.row.id! })))
      .onConflict((oc) => oc.columns(['principal', 'key']).doNothing())
      .returning('case_id').execute();
    const won = new Set(claimed.map((r) => r.case_id));
    const fresh = cases.filter((c) => !c.claim || won.has(c.row.id!));
    retried.push(...keyed.filter((c) => !won.has(c.row.id!)));
    return fresh;
  }

  /** Effects of the new cases; their followers are the rows being written, known without reading them back. */
  private async plan(cases: PreparedCase[], numbers: string[]): Promise<EffectPlan[]> {
    const plans: EffectPlan[] = [];
    for (const [i, c] of cases.entries()) {
      plans.push(await planEffects(this.deps, { ...c.context, number: numbers[i]! }, c.effects, {
        followers: async () => c.recipients,
        merge: async () => {
          throw new Error('a new case merges no followers');
        },
      }));
    }
    return plans;
  }

  /** The cases (as `ins`, returning their rows), first events, facts, followers, signatures and photos, as CTEs. */
  private rowParts(db: Kysely<CasesTables>, cases: PreparedCase[], numbers: string[]) {
    const signatures = cases.flatMap((c) => c.signatures);
    const attachments = cases.flatMap((c) => c.attachments);
    return [
      sql`ins AS (${db.insertInto('cases').values(cases.map((c, i) => ({ ...c.row, number: numbers[i]! }))).returningAll()})`,
      sql`event AS (${db.insertInto('case_events').values(cases.map((c) => c.event))})`,
      sql`facts AS (${db.insertInto('case_facts').values(cases.map((c) => c.facts))})`,
      sql`followers AS (${db.insertInto('case_followers').values(cases.flatMap((c) => c.followers)).onConflict((oc) => oc.columns(['case_id', 'follower']).doNothing())})`,
      ...(signatures.length ? [sql`signatures AS (${db.insertInto('case_signatures').values(signatures)})`] : []),
      ...(attachments.length ? [sql`attachments AS (${db.insertInto('case_attachments').values(attachments)})`] : []),
    ];
  }
}

/** Case numbers (GZ-2026-000123) from the shared sequence, one per case, in the order given. */
async function drawNumbers(db: Kysely<CasesTables>, cases: PreparedCase[]): Promise<string[]> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('case_number_seq')::text AS n FROM generate_series(1, ${cases.length}::int)`.execute(db);
  const drawn = rows.map((r) => BigInt(r.n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
  // Six digits at least; a county past a million cases in a year gets seven, never a truncated repeat.
  return cases.map((c, i) => `${c.numberPrefix}${drawn[i]!.padStart(6, '0')}`);
}

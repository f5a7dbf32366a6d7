import { sql, type Kysely, type Transaction } from 'kysely';
import { sliceSql, type SqlGroupBy } from './indicators-slices.ts';
import type { SliceRow } from './indicators-merge.ts';
import type { CasesTables } from './tables.ts';

type Db = Kysely<CasesTables> | Transaction<CasesTables>;

/**
 * How far before the build a generation's `as_of` is put: a change written later by a transaction that
 * took its instant earlier (a slow request, another server's clock) must still start at or after `as_of`,
 * or the reader's difference would miss it.
 */
export const asOfMargin = 5 * 60_000;
/** A generation older than this is rebuilt in the background, so the difference the reader adds stays small. */
export const staleAfter = 10 * 60_000;

export const monthStart = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
export const nextMonth = (m: number) => {
  const d = new Date(m);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

export interface Generation {
  asOf: number;
  firstMonth: number;
  endMonth: number;
  /** False once `case_facts` was rewritten in place after the build (the epoch moved on). */
  current: boolean;
}

export async function generation(db: Db, scope: string, groupBy: SqlGroupBy): Promise<Generation | null> {
  const { rows } = await sql<{ as_of: number; first_month: number; end_month: number; current: boolean }>`
    SELECT g.as_of, g.first_month, g.end_month, g.epoch = e.epoch AS current
    FROM case_indicator_generations g CROSS JOIN case_indicator_epoch e
    WHERE g.scope = ${scope} AND g.grouping = ${groupBy}`.execute(db);
  const r = rows[0];
  return r ? { asOf: Number(r.as_of), firstMonth: Number(r.first_month), endMonth: Number(r.end_month), current: r.current } : null;
}

/** The cached rows of the months [from, to), with their generation read in the same statement. */
export async function cachedMonths(db: Db, scope: string, groupBy: SqlGroupBy, from: number, to: number): Promise<{ generation: Generation | null; rows: SliceRow[] }> {
  const { rows } = await sql<SliceRow & { as_of: number; first_month: number; end_month: number; current: boolean; month: number | null }>`
    SELECT g.as_of, g.first_month, g.end_month, g.epoch = e.epoch AS current, m.month, m.key, m.received, m.closed, m.due_open,
      m.closed_on_time, m.reworked, m.ratings, m.satisfied, m.dispatch_sum, m.close_sum, m.dispatch_ms, m.close_ms
    FROM case_indicator_generations g CROSS JOIN case_indicator_epoch e
      LEFT JOIN case_indicator_months m ON m.scope = g.scope AND m.grouping = g.grouping AND m.month >= ${from} AND m.month < ${to}
    WHERE g.scope = ${scope} AND g.grouping = ${groupBy}`.execute(db);
  const r = rows[0];
  if (!r) return { generation: null, rows: [] };
  return {
    generation: { asOf: Number(r.as_of), firstMonth: Number(r.first_month), endMonth: Number(r.end_month), current: r.current },
    rows: rows.filter((x) => x.month !== null),
  };
}

/**
 * The latest instant every change written from now on is sure to start at or after: the margin before the
 * earlier of now and the oldest transaction still open on the database.
 */
async function safeAsOf(db: Db, now: number): Promise<number> {
  const { rows } = await sql<{ oldest: number | null }>`
    SELECT (extract(epoch FROM min(xact_start)) * 1000)::bigint AS oldest FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`.execute(db);
  const oldest = rows[0]?.oldest;
  return Math.min(now, oldest === null || oldest === undefined ? now : Number(oldest)) - asOfMargin;
}

/**
 * Rebuilds the generation of a scope and grouping: every month from `firstMonth` to the last one that
 * ended before `as_of`, each the slice of its month as of `as_of`. Builders of the same generation take
 * turns (advisory lock); the epoch is read first, so facts rewritten during the build leave it stale.
 */
export async function buildGeneration(db: Kysely<CasesTables>, opts: { scope: string; scopes: readonly string[]; groupBy: SqlGroupBy; firstMonth: number; now: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`case_indicator_months ${opts.groupBy} ${opts.scope}`}))`.execute(trx);
    const { rows: [epoch] } = await sql<{ epoch: number }>`SELECT epoch FROM case_indicator_epoch`.execute(trx);
    const asOf = await safeAsOf(trx, opts.now);
    const endMonth = monthStart(asOf);
    // Another request may have built it while this one waited for the lock.
    const built = await generation(trx, opts.scope, opts.groupBy);
    if (built?.current && built.firstMonth <= opts.firstMonth && built.endMonth >= endMonth && opts.now - built.asOf <= staleAfter) return;
    await sql`DELETE FROM case_indicator_months WHERE scope = ${opts.scope} AND grouping = ${opts.groupBy}`.execute(trx);
    for (let m = opts.firstMonth; m < endMonth; m = nextMonth(m)) {
      await sql`
        INSERT INTO case_indicator_months (scope, grouping, month, key, received, closed, due_open, closed_on_time, reworked, ratings, satisfied,
          dispatch_sum, close_sum, dispatch_ms, close_ms)
        SELECT ${opts.scope}, ${opts.groupBy}, ${m}::bigint, s.key, s.received, s.closed, s.due_open, s.closed_on_time, s.reworked, s.ratings, s.satisfied,
          s.dispatch_sum, s.close_sum, s.dispatch_ms, s.close_ms
        FROM (${sliceSql({ a: m, b: nextMonth(m), asOf, groupBy: opts.groupBy, scopes: opts.scopes }, true)}) s`.execute(trx);
    }
    await sql`
      INSERT INTO case_indicator_generations (scope, grouping, epoch, as_of, first_month, end_month)
      VALUES (${opts.scope}, ${opts.groupBy}, ${Number(epoch!.epoch)}, ${asOf}, ${opts.firstMonth}, ${Math.max(opts.firstMonth, endMonth)})
      ON CONFLICT (scope, grouping) DO UPDATE SET epoch = EXCLUDED.epoch, as_of = EXCLUDED.as_of, first_month = EXCLUDED.first_month, end_month = EXCLUDED.end_month`.execute(trx);
  });
}

const refreshing = new WeakMap<object, Map<string, Promise<void>>>();

/** Starts a rebuild unless one of the same generation is under way in this process; failures only leave the cache older. */
export function refreshInBackground(db: Kysely<CasesTables>, opts: Parameters<typeof buildGeneration>[1]): void {
  let running = refreshing.get(db);
  if (!running) refreshing.set(db, (running = new Map()));
  const key = `${opts.groupBy} ${opts.scope}`;
  if (running.has(key)) return;
  const done = buildGeneration(db, opts).catch(() => undefined).finally(() => running.delete(key));
  running.set(key, done);
}

/** Waits for the rebuilds started in the background on this database (tests, shutdown). */
export async function settleRefreshes(db: Kysely<CasesTables>): Promise<void> {
  await Promise.all([...(refreshing.get(db)?.values() ?? [])]);
}

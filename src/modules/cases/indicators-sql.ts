import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { IndicatorReport, Indicators } from './domain/index.ts';
import type { CasesTables } from './tables.ts';

export type SqlGroupBy = 'all' | 'unit' | 'level' | 'worker' | 'category' | 'affair';

const keyOf: Record<Exclude<SqlGroupBy, 'all'>, RawBuilder<string>> = {
  unit: sql<string>`f.unit_kind || ':' || f.unit_code`,
  level: sql<string>`f.unit_kind`,
  worker: sql<string>`f.worker`,
  category: sql<string>`f.category`,
  affair: sql<string>`f.affair`,
};

interface Row {
  key: string | null;
  grouped: number;
  n: number;
  received: number;
  closed: number;
  due_open: number;
  closed_on_time: number;
  reworked: number;
  ratings: number | null;
  satisfied: number | null;
  dispatch_n: number;
  dispatch_mean: number | null;
  dispatch_p90: number | null;
  close_n: number;
  close_mean: number | null;
  close_p90: number | null;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);
const minutes = (ms: number | null) => (ms === null ? null : Number(ms) / 60_000);

function indicatorsOf(r: Row): Indicators {
  const closed = Number(r.closed);
  const dueToClose = closed + Number(r.due_open);
  const closedOnTime = Number(r.closed_on_time);
  const reworked = Number(r.reworked);
  const ratings = Number(r.ratings ?? 0);
  const satisfied = Number(r.satisfied ?? 0);
  return {
    received: Number(r.received), closed, dueToClose, closedOnTime,
    closeRate: ratio(closed, dueToClose), onTimeCloseRate: ratio(closedOnTime, dueToClose),
    reworked, reworkRate: ratio(reworked, closed),
    ratings, satisfied, satisfactionRate: ratio(satisfied, ratings),
    timeToDispatch: { count: Number(r.dispatch_n), mean: minutes(r.dispatch_mean), p90: minutes(r.dispatch_p90) },
    timeToClose: { count: Number(r.close_n), mean: minutes(r.close_mean), p90: minutes(r.close_p90) },
  };
}

const empty = (): Indicators => indicatorsOf({
  key: null, grouped: 1, n: 0, received: 0, closed: 0, due_open: 0, closed_on_time: 0, reworked: 0, ratings: 0, satisfied: 0,
  dispatch_n: 0, dispatch_mean: null, dispatch_p90: null, close_n: 0, close_mean: null, close_p90: null,
});

/**
 * The indicators of `computeIndicators` in one SQL statement over `case_facts` (0135): each case's facts
 * as of `to` — its current version if it last changed before `to`, else the version that was valid at
 * `to` — restricted to the cases with something in [from, to), then counted per group and in total
 * (GROUPING SETS). p90 is `percentile_disc(0.9)`, the nearest rank, as in the pure version.
 * Scopes: cases whose place or responsible unit (as of `to`) lies in one of the subtrees.
 */
export async function sqlIndicators(db: Kysely<CasesTables>, opts: { from: number; to: number; groupBy: SqlGroupBy; scopes: string[] }): Promise<IndicatorReport> {
  const { from, to } = opts;
  if (!opts.scopes.length) return { groups: {}, total: empty(), rejected: [] };
  const like = (s: string) => `${s.replace(/[%_\\]/g, '\\$&')}%`;
  const scope = sql.join(opts.scopes.map((s) => sql`(f.place_path LIKE ${like(s)} OR f.responsible_path LIKE ${like(s)})`), sql` OR `);
  // Something of the case falls in the period (the test for versions that changed in it or were superseded after it).
  const relevant = sql`(f.received_at >= ${from}
      OR (f.dispatched_at >= ${from} AND f.dispatched_at < ${to})
      OR (f.closed_at >= ${from} AND f.closed_at < ${to})
      OR (f.closed_at IS NULL AND f.due_at >= ${from} AND f.due_at < ${to})
      OR f.last_rated_at >= ${from})`;
  const key = opts.groupBy === 'all' ? null : sql`f.k`;
  const counted = sql`NOT f.duplicate AND f.closed_at >= ${from}`;
  const dispatched = sql`f.dispatched_at >= ${from} AND f.dispatched_at < ${to}`;
  // Ratings in the period: all of a case's ratings when its first is in it, else counted one by one.
  const ratingsIn = sql`CASE WHEN f.last_rated_at IS NULL OR f.last_rated_at < ${from} THEN 0 WHEN f.first_rated_at >= ${from} THEN f.ratings
    ELSE (SELECT count(*) FROM unnest(f.rating_at) a WHERE a >= ${from}) END`;
  const satisfiedIn = sql`CASE WHEN f.last_rated_at IS NULL OR f.last_rated_at < ${from} THEN 0 WHEN f.first_rated_at >= ${from} THEN f.satisfied
    ELSE (SELECT count(*) FROM unnest(f.rating_at, f.rating_ok) x(a, ok) WHERE x.a >= ${from} AND x.ok) END`;
  // Only what the aggregates read, so the rows sorted into groups stay narrow.
  const columns = sql`(${opts.groupBy === 'all' ? sql`''` : keyOf[opts.groupBy]}) COLLATE "C" AS k, f.received_at, f.dispatched_at, f.closed_at, f.due_at,
    f.suspended, f.duplicate, f.reworked, ${ratingsIn} AS ratings_in, ${satisfiedIn} AS satisfied_in`;
  // A version that last changed before `from` can only count as an open case falling due in the period.
  const dueOpen = sql`f.closed_at IS NULL AND f.due_at >= ${from} AND f.due_at < ${to}`;
  return db.transaction().execute(async (trx) => {
    // Compiling this one statement costs more than running it; sorting the groups needs more than the default 4 MB.
    await sql`SET LOCAL jit = off`.execute(trx);
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    const result = await sql<Row>`
    WITH f AS (
      SELECT ${columns} FROM case_facts f
      WHERE f.valid_to IS NULL AND f.valid_from >= ${from} AND f.valid_from < ${to} AND ${relevant} AND (${scope})
      UNION ALL
      SELECT ${columns} FROM case_facts f
      WHERE f.valid_to IS NULL AND f.valid_from < ${from} AND ${dueOpen} AND (${scope})
      UNION ALL
      SELECT ${columns} FROM case_facts f
      WHERE f.valid_to IS NOT NULL AND f.valid_to >= ${to} AND f.valid_from < ${to} AND ${relevant} AND (${scope})
    )
    SELECT ${key ? sql`${key} AS key, GROUPING(${key}) AS grouped` : sql`'all' AS key, 1 AS grouped`},
      count(*) AS n,
      count(*) FILTER (WHERE f.received_at >= ${from}) AS received,
      count(*) FILTER (WHERE ${counted}) AS closed,
      count(*) FILTER (WHERE NOT f.duplicate AND f.closed_at IS NULL AND NOT f.suspended AND f.due_at >= ${from} AND f.due_at < ${to}) AS due_open,
      count(*) FILTER (WHERE ${counted} AND f.closed_at <= f.due_at) AS closed_on_time,
      count(*) FILTER (WHERE ${counted} AND f.reworked) AS reworked,
      sum(f.ratings_in) AS ratings,
      sum(f.satisfied_in) AS satisfied,
      count(*) FILTER (WHERE ${dispatched}) AS dispatch_n,
      avg(f.dispatched_at - f.received_at) FILTER (WHERE ${dispatched})::float8 AS dispatch_mean,
      percentile_disc(0.9) WITHIN GROUP (ORDER BY f.dispatched_at - f.received_at) FILTER (WHERE ${dispatched}) AS dispatch_p90,
      count(*) FILTER (WHERE ${counted}) AS close_n,
      avg(f.closed_at - f.received_at) FILTER (WHERE ${counted})::float8 AS close_mean,
      percentile_disc(0.9) WITHIN GROUP (ORDER BY f.closed_at - f.received_at) FILTER (WHERE ${counted}) AS close_p90
    FROM f
    ${key ? sql`GROUP BY GROUPING SETS ((${key}), ())` : sql``}`.execute(trx);
    return report(result.rows, key !== null);
  });
}

function report(rows: Row[], grouped: boolean): IndicatorReport {
  const groups: Record<string, Indicators> = {};
  let total = empty();
  const keyed = rows.filter((r) => Number(r.grouped) === 0).sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
  for (const r of keyed) groups[r.key ?? ''] = indicatorsOf(r);
  const totalRow = rows.find((r) => Number(r.grouped) === 1);
  if (totalRow) total = indicatorsOf(totalRow);
  if (!grouped && totalRow && Number(totalRow.n) > 0) groups.all = total;
  return { groups, total, rejected: [] };
}

import { sql, type Transaction } from 'kysely';
import type { Indicators } from './domain/index.ts';
import { countColumns, versions, within, type Slice } from './indicators-slices.ts';
import type { CasesTables } from './tables.ts';

interface Row {
  key: string | null;
  grouped: number;
  received: number;
  closed: number;
  due_open: number;
  closed_on_time: number;
  reworked: number;
  ratings: number | string;
  satisfied: number | string;
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
  const ratings = Number(r.ratings);
  const satisfied = Number(r.satisfied);
  return {
    received: Number(r.received), closed, dueToClose, closedOnTime,
    closeRate: ratio(closed, dueToClose), onTimeCloseRate: ratio(closedOnTime, dueToClose),
    reworked, reworkRate: ratio(reworked, closed),
    ratings, satisfied, satisfactionRate: ratio(satisfied, ratings),
    timeToDispatch: { count: Number(r.dispatch_n), mean: minutes(r.dispatch_mean), p90: minutes(r.dispatch_p90) },
    timeToClose: { count: Number(r.close_n), mean: minutes(r.close_mean), p90: minutes(r.close_p90) },
  };
}

/**
 * A whole period that is one slice (nothing pre-aggregated in it): its indicators per group and in total
 * in one statement (GROUPING SETS), p90 as `percentile_disc(0.9)` — the nearest rank ⌈0.9·n⌉ of 0031 —
 * and means as `avg` of milliseconds. Cheaper than sending the durations out when nothing is to be merged.
 */
export async function finalSlice(trx: Transaction<CasesTables>, s: Slice): Promise<{ groups: Record<string, Indicators>; total: Indicators | null }> {
  const grouped = s.groupBy !== 'all';
  const inWindow = within(s);
  const closed = sql`NOT f.duplicate AND ${inWindow(sql`f.closed_at`)}`;
  const dispatched = inWindow(sql`f.dispatched_at`);
  const { rows } = await sql<Row>`
    WITH f AS (${versions(s)})
    SELECT ${grouped ? sql`f.k AS key, GROUPING(f.k) AS grouped` : sql`NULL AS key, 1 AS grouped`},
      ${countColumns(s)},
      count(*) FILTER (WHERE ${dispatched}) AS dispatch_n,
      avg(f.dispatched_at - f.received_at) FILTER (WHERE ${dispatched})::float8 AS dispatch_mean,
      percentile_disc(0.9) WITHIN GROUP (ORDER BY f.dispatched_at - f.received_at) FILTER (WHERE ${dispatched}) AS dispatch_p90,
      count(*) FILTER (WHERE ${closed}) AS close_n,
      avg(f.closed_at - f.received_at) FILTER (WHERE ${closed})::float8 AS close_mean,
      percentile_disc(0.9) WITHIN GROUP (ORDER BY f.closed_at - f.received_at) FILTER (WHERE ${closed}) AS close_p90
    FROM f
    ${grouped ? sql`GROUP BY GROUPING SETS ((f.k), ())` : sql``}`.execute(trx);
  const groups: Record<string, Indicators> = {};
  const keyed = rows.filter((r) => Number(r.grouped) === 0).sort((x, y) => (x.key ?? '').localeCompare(y.key ?? ''));
  for (const r of keyed) groups[r.key ?? ''] = indicatorsOf(r);
  const totalRow = rows.find((r) => Number(r.grouped) === 1);
  return { groups, total: totalRow ? indicatorsOf(totalRow) : null };
}

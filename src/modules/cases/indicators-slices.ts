import { sql, type RawBuilder } from 'kysely';

export type SqlGroupBy = 'all' | 'unit' | 'level' | 'worker' | 'category' | 'affair';

const keyOf: Record<SqlGroupBy, RawBuilder<string>> = {
  all: sql<string>`''`,
  unit: sql<string>`f.unit_kind || ':' || f.unit_code`,
  level: sql<string>`f.unit_kind`,
  worker: sql<string>`f.worker`,
  category: sql<string>`f.category`,
  affair: sql<string>`f.affair`,
};

const like = (s: string) => `${s.replace(/[%_\\]/g, '\\$&')}%`;

/** Cases whose place or responsible unit (as of the version read) lies in one of the subtrees. */
export const scopeFilter = (scopes: readonly string[]) =>
  sql`(${sql.join(scopes.map((s) => sql`(f.place_path LIKE ${like(s)} OR f.responsible_path LIKE ${like(s)})`), sql` OR `)})`;

/**
 * One slice of the indicators: what the facts as of `asOf` put in the window [a, b) of instants (a ≤ b ≤
 * asOf), per group key. Every indicator is a count of instants (received, first dispatch, close, a
 * deadline falling due while open, each rating), so disjoint windows add up; the durations come back
 * as bytes, for the exact p90 of their union (indicators-merge.ts).
 */
export interface Slice {
  a: number;
  b: number;
  asOf: number;
  groupBy: SqlGroupBy;
  scopes: readonly string[];
  /** Only these cases (a subquery of case ids); their version as of `asOf` is found by case id. */
  cases?: RawBuilder<unknown>;
}

/** Whether the window ends before `asOf`: if not, no instant but a deadline can be at or after its end. */
const endsBefore = (s: Slice) => s.b < s.asOf;

/** `col` in the window; the end is tested only when an instant of the versions read could reach it. */
export const within = (s: Slice) => (col: RawBuilder<unknown>) =>
  (endsBefore(s) ? sql`(${col} >= ${s.a} AND ${col} < ${s.b})` : sql`${col} >= ${s.a}`);

/**
 * The versions valid at `asOf` with something in the window. Without `cases`, four index ranges:
 * current versions that changed since `a` and were received before `b` (all a case's instants but its
 * deadline come after its reception, so nothing else of the later ones can be in the window); current
 * open ones falling due in the window that changed before `a`, or since but were received after `b`;
 * superseded versions that were still valid at `asOf` (none when it is now).
 */
export function versions(s: Slice): RawBuilder<unknown> {
  const { a, b, asOf } = s;
  const inWindow = within(s);
  const relevant = sql`(${inWindow(sql`f.received_at`)} OR ${inWindow(sql`f.dispatched_at`)} OR ${inWindow(sql`f.closed_at`)}
      OR (f.closed_at IS NULL AND f.due_at >= ${a} AND f.due_at < ${b})
      OR (f.last_rated_at >= ${a}${endsBefore(s) ? sql` AND f.first_rated_at < ${b}` : sql``}))`;
  const scope = scopeFilter(s.scopes);
  // Ratings in the window: all of a case's when they all are, else counted one by one.
  const someAfter = endsBefore(s) ? sql` OR f.first_rated_at >= ${b}` : sql``;
  const allBefore = endsBefore(s) ? sql` AND f.last_rated_at < ${b}` : sql``;
  const ratingsIn = sql`CASE WHEN f.last_rated_at IS NULL OR f.last_rated_at < ${a}${someAfter} THEN 0
    WHEN f.first_rated_at >= ${a}${allBefore} THEN f.ratings
    ELSE (SELECT count(*) FROM unnest(f.rating_at) x WHERE ${inWindow(sql`x`)}) END`;
  const satisfiedIn = sql`CASE WHEN f.last_rated_at IS NULL OR f.last_rated_at < ${a}${someAfter} THEN 0
    WHEN f.first_rated_at >= ${a}${allBefore} THEN f.satisfied
    ELSE (SELECT count(*) FROM unnest(f.rating_at, f.rating_ok) x(at, ok) WHERE ${inWindow(sql`x.at`)} AND x.ok) END`;
  // Only what the aggregates read, so the rows sorted into groups stay narrow.
  const columns = sql`(${keyOf[s.groupBy]}) COLLATE "C" AS k, f.received_at, f.dispatched_at, f.closed_at, f.due_at,
    f.suspended, f.duplicate, f.reworked, ${ratingsIn} AS ratings_in, ${satisfiedIn} AS satisfied_in`;
  if (s.cases) {
    return sql`SELECT ${columns} FROM case_facts f
      WHERE f.case_id IN (${s.cases}) AND f.valid_from < ${asOf} AND (f.valid_to IS NULL OR f.valid_to >= ${asOf}) AND ${relevant} AND ${scope}`;
  }
  return sql`
      SELECT ${columns} FROM case_facts f
      WHERE f.valid_to IS NULL AND f.valid_from >= ${a} AND f.valid_from < ${asOf} AND f.received_at < ${b} AND ${relevant} AND ${scope}
      UNION ALL
      SELECT ${columns} FROM case_facts f
      WHERE f.valid_to IS NULL AND f.closed_at IS NULL AND f.due_at >= ${a} AND f.due_at < ${b} AND f.valid_from < ${a} AND ${scope}
      UNION ALL${endsBefore(s) ? sql`
      SELECT ${columns} FROM case_facts f
      WHERE f.valid_to IS NULL AND f.closed_at IS NULL AND f.due_at >= ${a} AND f.due_at < ${b} AND f.valid_from >= ${a} AND f.valid_from < ${asOf}
        AND f.received_at >= ${b} AND ${scope}
      UNION ALL` : sql``}
      SELECT ${columns} FROM case_facts f
      WHERE f.valid_to IS NOT NULL AND f.valid_to >= ${asOf} AND f.valid_from < ${asOf} AND ${relevant} AND ${scope}`;
}

/** The counted indicators of a slice over `f` (the versions), shared by the cached and the one-statement paths. */
export function countColumns(s: Slice): RawBuilder<unknown> {
  const inWindow = within(s);
  const closed = sql`NOT f.duplicate AND ${inWindow(sql`f.closed_at`)}`;
  return sql`count(*) FILTER (WHERE ${inWindow(sql`f.received_at`)}) AS received,
      count(*) FILTER (WHERE ${closed}) AS closed,
      count(*) FILTER (WHERE NOT f.duplicate AND f.closed_at IS NULL AND NOT f.suspended AND f.due_at >= ${s.a} AND f.due_at < ${s.b}) AS due_open,
      count(*) FILTER (WHERE ${closed} AND f.closed_at <= f.due_at) AS closed_on_time,
      count(*) FILTER (WHERE ${closed} AND f.reworked) AS reworked,
      coalesce(sum(f.ratings_in), 0) AS ratings,
      coalesce(sum(f.satisfied_in), 0) AS satisfied`;
}

/**
 * The aggregate of a slice per group key: the columns of `SliceRow`. The durations come ascending only when
 * `sorted` (for the months kept): an ordered aggregate sorts every group's rows, which costs more in the
 * database than sorting the numbers in JavaScript.
 */
export function sliceSql(s: Slice, sorted: boolean): RawBuilder<unknown> {
  const inWindow = within(s);
  const closed = sql`NOT f.duplicate AND ${inWindow(sql`f.closed_at`)}`;
  const dispatched = inWindow(sql`f.dispatched_at`);
  const ascending = (ms: RawBuilder<unknown>, when: RawBuilder<unknown>) =>
    sql`coalesce(string_agg(float8send((${ms})::float8), ''::bytea${sorted ? sql` ORDER BY ${ms}` : sql``}) FILTER (WHERE ${when}), ''::bytea)`;
  return sql`
    WITH f AS (${versions(s)})
    SELECT f.k AS key,
      ${countColumns(s)},
      coalesce(sum(f.dispatched_at - f.received_at) FILTER (WHERE ${dispatched}), 0) AS dispatch_sum,
      coalesce(sum(f.closed_at - f.received_at) FILTER (WHERE ${closed}), 0) AS close_sum,
      ${ascending(sql`f.dispatched_at - f.received_at`, dispatched)} AS dispatch_ms,
      ${ascending(sql`f.closed_at - f.received_at`, closed)} AS close_ms
    FROM f
    GROUP BY f.k`;
}

/** Cases with a version that starts in [from, to): those whose facts as of `from` and as of `to` may differ. */
export function changedCases(from: number, to: number): RawBuilder<unknown> {
  // A version starting in the range is current, or superseded at or after its start (so at or after `from`).
  return sql`SELECT case_id FROM case_facts WHERE valid_to IS NULL AND valid_from >= ${from} AND valid_from < ${to}
    UNION SELECT case_id FROM case_facts WHERE valid_to IS NOT NULL AND valid_to >= ${from} AND valid_from >= ${from} AND valid_from < ${to}`;
}

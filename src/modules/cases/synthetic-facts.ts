import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { TreeService } from '../tree/index.ts';
import { codesOfPath } from '../tree/index.ts';

/**
 * Indicator facts for `count` made-up cases of the loaded county, written straight into `case_facts` with
 * `generate_series` for the 1,000,000-case dashboard benchmark (there are no events behind them). Three
 * years of cases on the county's grids, stored in the order they last changed (as the live path appends
 * them); all but 0.5% of those older than a month closed within ten days, a tenth with a superseded
 * version, most closed cases rated. Indexes are dropped during the load, built again, and the table analysed;
 * pre-aggregated months made before are retired.
 */
export async function generateFacts(db: Database, tree: TreeService, count: number, now: number): Promise<void> {
  const grids = (await tree.repo.all()).filter((u) => u.kind === 'grid');
  if (!grids.length) throw new Error('no grids: load the demo county first');
  const up = (path: string, levels: number) => `/${codesOfPath(path).slice(0, codesOfPath(path).length - levels).join('/')}/`;
  const last = (path: string) => codesOfPath(path).at(-1)!;
  const gridPaths = grids.map((g) => g.path);
  const communities = gridPaths.map((p) => up(p, 1));
  const streets = gridPaths.map((p) => up(p, 2));
  const counties = gridPaths.map((p) => up(p, 3));
  const k = db.kysely;
  const { rows: indexes } = await sql<{ name: string; def: string }>`
    SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'case_facts' AND indexname <> 'case_facts_pkey'`.execute(k);
  for (const i of indexes) await sql.raw(`DROP INDEX ${i.name}`).execute(k);
  const day = 86_400_000;
  const span = 3 * 365 * day;
  await sql`
    WITH base AS (
      SELECT i, 1 + (i % ${grids.length}) AS g, ${now}::bigint - floor(random() * ${span})::bigint AS received,
        random() AS r1, random() AS r2, random() AS r3, random() AS r4
      FROM generate_series(1, ${count}::int) i
    ), shaped AS (
      SELECT *,
        CASE WHEN r1 < 0.6 THEN 0 WHEN r1 < 0.85 THEN 1 WHEN r1 < 0.95 THEN 2 ELSE 3 END AS lvl,
        CASE WHEN i % 20 <> 7 THEN received + floor(r2 * 8 * 3600000)::bigint END AS dispatched,
        received + floor(r3 * 10 * ${day})::bigint AS closing,
        received + 5 * ${day}::bigint AS due
      FROM base
    ), facts AS (
      SELECT *,
        CASE WHEN (r4 < 0.85 OR (r4 < 0.995 AND received < ${now - 30 * day}::bigint)) AND closing < ${now}::bigint AND dispatched IS NOT NULL THEN closing END AS closed,
        CASE WHEN dispatched < ${now}::bigint THEN dispatched END AS dispatched_at
      FROM shaped
    ), rated AS (
      SELECT *, CASE WHEN closed IS NOT NULL AND r2 < 0.7 AND closed + 3600000 < ${now}::bigint THEN closed + 3600000 END AS rated_at FROM facts
    ), rows AS (
      SELECT *, GREATEST(received, COALESCE(dispatched_at, received), COALESCE(closed, received), COALESCE(rated_at, received)) AS valid_from FROM rated
    )
    INSERT INTO case_facts (case_id, version, valid_from, valid_to, place_path, responsible_path, channel, category, affair, unit_kind, unit_code, worker,
      received_at, dispatched_at, closed_at, due_at, suspended, duplicate, reworked, ratings, satisfied, first_rated_at, last_rated_at, rating_at, rating_ok)
    SELECT md5('bench' || i)::uuid, CASE WHEN i % 10 = 0 THEN 2 ELSE 1 END, valid_from, NULL,
      (${gridPaths}::text[])[g],
      CASE lvl WHEN 0 THEN (${gridPaths}::text[])[g] WHEN 1 THEN (${communities}::text[])[g] WHEN 2 THEN (${streets}::text[])[g] ELSE (${counties}::text[])[g] END,
      (ARRAY['hotline', 'app', 'visit', 'council'])[1 + i % 4],
      (ARRAY['sanitation', 'streetLight', 'streetVending', 'neighbourDispute', 'facilityRepair', 'elderlyCare', 'safetyHazard', 'other'])[1 + i % 8],
      CASE WHEN i % 8 IN (1, 2, 6) THEN 'government' ELSE 'resident' END,
      (ARRAY['grid', 'community', 'street', 'countyDepartment'])[1 + lvl],
      CASE lvl WHEN 0 THEN (${gridPaths.map(last)}::text[])[g] WHEN 1 THEN (${communities.map(last)}::text[])[g] WHEN 2 THEN (${streets.map(last)}::text[])[g] ELSE (${counties.map(last)}::text[])[g] END,
      CASE WHEN dispatched_at IS NULL THEN '' ELSE 'account:w-' || g || '-' || (i % 3) END,
      received, dispatched_at, closed, due,
      closed IS NULL AND i % 100 = 0, closed IS NOT NULL AND i % 50 = 1, closed IS NOT NULL AND i % 20 = 3,
      CASE WHEN rated_at IS NULL THEN 0 ELSE 1 END, CASE WHEN rated_at IS NOT NULL AND i % 20 <> 5 THEN 1 ELSE 0 END,
      rated_at, rated_at,
      CASE WHEN rated_at IS NULL THEN '{}'::bigint[] ELSE ARRAY[rated_at] END,
      CASE WHEN rated_at IS NULL THEN '{}'::boolean[] ELSE ARRAY[i % 20 <> 5] END
    FROM rows ORDER BY valid_from`.execute(k);
  // A tenth of the cases were open (not yet closed) before their current version.
  await sql`
    INSERT INTO case_facts (case_id, version, valid_from, valid_to, place_path, responsible_path, channel, category, affair, unit_kind, unit_code, worker,
      received_at, dispatched_at, closed_at, due_at, suspended, duplicate, reworked, ratings, satisfied, first_rated_at, last_rated_at, rating_at, rating_ok)
    SELECT case_id, 1, received_at, valid_from, place_path, responsible_path, channel, category, affair, unit_kind, unit_code, worker,
      received_at, NULL, NULL, due_at, false, false, false, 0, 0, NULL, NULL, '{}', '{}'
    FROM case_facts WHERE version = 2 AND valid_to IS NULL`.execute(k);
  for (const i of indexes) await sql.raw(i.def).execute(k);
  await sql`VACUUM ANALYZE case_facts`.execute(k);
  // Rows written straight in, with instants in the past: months pre-aggregated before are out of date (0138).
  await sql`UPDATE case_indicator_epoch SET epoch = epoch + 1`.execute(k);
}

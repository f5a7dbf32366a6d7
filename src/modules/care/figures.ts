import { sql, type Kysely } from 'kysely';
import type { CareTables } from './tables.ts';

export interface MonthFigures {
  communityPath: string;
  month: string;
  alarms: number;
  accepted: number;
  neverAccepted: number;
  acceptSeconds: { p50: number | null; p90: number | null; p99: number | null };
  arriveSeconds: { p50: number | null; p90: number | null; p99: number | null };
  /** 1-3-10: share of alarms (cancelled ones left out) accepted within 3 minutes and reached within 10. */
  within3Min: number | null;
  within10Min: number | null;
}

/** Per community and month (China time), from the pressed/accepted/arrived timestamps. */
export async function careFigures(db: Kysely<CareTables>, scopes: string[], opts: { month?: string; communityPath?: string } = {}): Promise<MonthFigures[]> {
  if (scopes.length === 0) return [];
  const { rows } = await sql<{
    community_path: string; month: string; alarms: number; accepted: number; never: number;
    a50: number | null; a90: number | null; a99: number | null; r50: number | null; r90: number | null; r99: number | null; w3: number; w10: number;
  }>`
    WITH a AS (
      SELECT community_path, to_char(pressed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, status,
        EXTRACT(EPOCH FROM accepted_at - pressed_at)::float8 AS acc, EXTRACT(EPOCH FROM arrived_at - pressed_at)::float8 AS arr
      FROM care_alarms
      WHERE community_path IS NOT NULL AND status <> 'cancelled'
        AND EXISTS (SELECT 1 FROM unnest(${scopes}::text[]) s WHERE community_path LIKE s || '%' OR s LIKE community_path || '%')
        AND (${opts.communityPath ?? null}::text IS NULL OR community_path = ${opts.communityPath ?? null})
    )
    SELECT community_path, month, count(*)::int AS alarms, count(acc)::int AS accepted, count(*) FILTER (WHERE acc IS NULL)::int AS never,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY acc) AS a50, percentile_cont(0.9) WITHIN GROUP (ORDER BY acc) AS a90,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY acc) AS a99, percentile_cont(0.5) WITHIN GROUP (ORDER BY arr) AS r50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY arr) AS r90, percentile_cont(0.99) WITHIN GROUP (ORDER BY arr) AS r99,
      count(*) FILTER (WHERE acc <= 180)::int AS w3, count(*) FILTER (WHERE arr <= 600)::int AS w10
    FROM a WHERE (${opts.month ?? null}::text IS NULL OR month = ${opts.month ?? null})
    GROUP BY community_path, month ORDER BY community_path, month`.execute(db);
  const r1 = (v: number | null) => (v == null ? null : Math.round(v * 10) / 10);
  return rows.map((r) => ({
    communityPath: r.community_path, month: r.month, alarms: r.alarms, accepted: r.accepted, neverAccepted: r.never,
    acceptSeconds: { p50: r1(r.a50), p90: r1(r.a90), p99: r1(r.a99) },
    arriveSeconds: { p50: r1(r.r50), p90: r1(r.r90), p99: r1(r.r99) },
    within3Min: r.alarms ? r.w3 / r.alarms : null,
    within10Min: r.alarms ? r.w10 / r.alarms : null,
  }));
}

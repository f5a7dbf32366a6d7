import { sql, type Kysely } from 'kysely';
import { overlapsScopes } from '../visits/access.ts';
import type { LoopTables } from '../visits/tables.ts';
import { doorPromiseSeconds } from './rules.ts';

export interface MealMonth {
  /** A kitchen's month, or its community's (all kitchens together). */
  level: 'kitchen' | 'community';
  kitchenId: string | null;
  kitchen: string | null;
  communityPath: string;
  month: string;
  /** Doors reached (handed over or nobody answered). */
  doors: number;
  handedOver: number;
  noAnswer: number;
  within10Min: number;
  /** Share of doors reached within 10 minutes of the kitchen's dispatch. */
  share: number | null;
  p50Seconds: number | null;
  p90Seconds: number | null;
}

/** "10分钟必达" per kitchen, community and month (China time). */
export async function mealFigures(db: Kysely<LoopTables>, scopes: string[], month?: string): Promise<MealMonth[]> {
  if (scopes.length === 0) return [];
  const { rows } = await sql<{ kitchen_id: string | null; kitchen: string | null; community_path: string; month_of: string; doors: number; handed: number; no_answer: number; within: number; p50: number | null; p90: number | null }>`
    WITH d AS (
      SELECT o.kitchen_id, k.name AS kitchen, o.community_path, to_char(o.handed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month_of, o.status, o.door_seconds
      FROM care_meal_orders o JOIN care_kitchens k ON k.id = o.kitchen_id
      WHERE o.handed_at IS NOT NULL
        AND ${overlapsScopes('o.community_path', scopes)}
    )
    SELECT kitchen_id, kitchen, community_path, month_of,
      count(*)::int AS doors, count(*) FILTER (WHERE status = 'handedOver')::int AS handed, count(*) FILTER (WHERE status = 'noAnswer')::int AS no_answer,
      count(*) FILTER (WHERE door_seconds <= ${doorPromiseSeconds})::int AS within,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY door_seconds) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY door_seconds) AS p90
    FROM d WHERE (${month ?? null}::text IS NULL OR month_of = ${month ?? null})
    GROUP BY GROUPING SETS ((community_path, month_of, kitchen_id, kitchen), (community_path, month_of))
    ORDER BY community_path, month_of, kitchen_id NULLS FIRST`.execute(db);
  return rows.map((r) => ({
    level: r.kitchen_id === null ? 'community' : 'kitchen', kitchenId: r.kitchen_id, kitchen: r.kitchen, communityPath: r.community_path, month: r.month_of, doors: r.doors, handedOver: r.handed, noAnswer: r.no_answer,
    within10Min: r.within, share: r.doors ? Math.round((r.within / r.doors) * 1000) / 1000 : null,
    p50Seconds: r.p50 == null ? null : Math.round(r.p50), p90Seconds: r.p90 == null ? null : Math.round(r.p90),
  }));
}

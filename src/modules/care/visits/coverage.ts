import { sql, type Kysely } from 'kysely';
import { codesOfPath, unitKinds } from '../../tree/index.ts';
import { underScopes } from './access.ts';
import { scheduledProfiles, visitOfThisStay } from './profiles.ts';
import { addDays, chinaDate, chinaMidnight, periodCoverage } from './schedule.ts';
import type { LoopTables } from './tables.ts';

export interface CoverageRow {
  level: 'community' | 'grid';
  path: string;
  /** Profiles with a due date in the month (up to today). */
  due: number;
  onTime: number;
  late: number;
  share: number | null;
}

const gridDepth = unitKinds.indexOf('grid') + 1;
const communityDepth = unitKinds.indexOf('community') + 1;
const prefix = (path: string, depth: number) => {
  const codes = codesOfPath(path);
  return codes.length < depth ? null : `/${codes.slice(0, depth).join('/')}/`;
};

/** Visit coverage of a month (周走访 → share visited on time) per community and per grid, in the scopes. */
export async function visitCoverage(db: Kysely<LoopTables>, scopes: string[], month: string, now = new Date()): Promise<CoverageRow[]> {
  if (scopes.length === 0) return [];
  const from = `${month}-01`;
  const to = addDays(`${new Date(Date.parse(`${from}T00:00:00Z`) + 32 * 86_400_000).toISOString().slice(0, 7)}-01`, -1);
  const profiles = await scheduledProfiles(db, underScopes('p.path', scopes), undefined, from);
  if (profiles.length === 0) return [];
  const ids = profiles.map((p) => p.id);
  const start = chinaMidnight(from);
  const end = chinaMidnight(addDays(to, 1));
  const before = await sql<{ profile_id: string; at: Date }>`
    SELECT v.profile_id, max(v.started_at) AS at FROM care_visits v JOIN care_profiles p ON p.id = v.profile_id
    WHERE v.profile_id = ANY(${ids}::uuid[]) AND v.started_at < ${start} AND ${visitOfThisStay}
    GROUP BY v.profile_id`.execute(db);
  const inMonth = await sql<{ profile_id: string; at: Date }>`
    SELECT profile_id, started_at AS at FROM care_visits WHERE profile_id = ANY(${ids}::uuid[]) AND started_at >= ${start} AND started_at < ${end}`.execute(db);
  const lastBefore = new Map(before.rows.map((r) => [r.profile_id, chinaDate(new Date(r.at))]));
  const visits = new Map<string, string[]>();
  for (const r of inMonth.rows) visits.set(r.profile_id, [...(visits.get(r.profile_id) ?? []), chinaDate(new Date(r.at))]);

  const today = chinaDate(now);
  const tally = new Map<string, CoverageRow>();
  for (const p of profiles) {
    // Someone who has left is counted up to the day before they left: no visit is due after.
    const lastDay = p.closedOn ? addDays(p.closedOn, -1) : today;
    const until = lastDay < today ? lastDay : today;
    const result = periodCoverage({ interval: p.visitDays[p.riskTier], before: lastBefore.get(p.id) ?? chinaDate(p.since), visits: visits.get(p.id) ?? [], from, to, today: until });
    if (result === 'notDue') continue;
    for (const [level, path] of [['community', prefix(p.path, communityDepth)], ['grid', prefix(p.path, gridDepth)]] as const) {
      if (!path) continue;
      const row = tally.get(path) ?? { level, path, due: 0, onTime: 0, late: 0, share: null };
      row.due++;
      if (result === 'onTime') row.onTime++;
      else row.late++;
      row.share = Math.round((row.onTime / row.due) * 1000) / 1000;
      tally.set(path, row);
    }
  }
  return [...tally.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { IndicatorReport, Indicators } from './domain/index.ts';
import { finalSlice } from './indicators-final.ts';
import { IndicatorSum, noIndicators, type SliceRow } from './indicators-merge.ts';
import { asOfMargin, buildGeneration, cachedMonths, generation, monthStart, nextMonth, refreshInBackground, staleAfter } from './indicators-months.ts';
import { changedCases, sliceSql, type Slice, type SqlGroupBy } from './indicators-slices.ts';
import type { CasesTables } from './tables.ts';

export type { SqlGroupBy } from './indicators-slices.ts';

export interface IndicatorQuery {
  from: number;
  to: number;
  groupBy: SqlGroupBy;
  scopes: string[];
  /** The clock (tests); the pre-aggregated months are used only for periods ending after `now` less a margin. */
  now?: number;
  /**
   * A stale or too short generation is rebuilt after answering ('background', the default), before
   * ('wait'), or kept ('none'; tests, to read through an old generation). A missing one is always built first.
   */
  refresh?: 'background' | 'wait' | 'none';
}

/** Periods with fewer whole months than this read the facts alone: their pre-aggregated part would be small. */
const minMonths = 2;

const slice = async (trx: Transaction<CasesTables>, s: Slice): Promise<SliceRow[]> =>
  s.a < s.b ? (await sql<SliceRow>`${sliceSql(s, false)}`.execute(trx)).rows : [];

const active = (i: Indicators) => i.received + i.dueToClose + i.ratings + i.timeToDispatch.count + i.closed > 0;

/**
 * The indicators of `computeIndicators` over `case_facts` (0135), as of `to`. A period ending now-ish
 * with whole calendar months in it reads those months pre-aggregated (0138): the cached rows, made as of
 * some instant W, plus the facts of its partial months, plus — for the cases that changed since W — their
 * slice of the cached months as of `to`, less the same as of W. Anything else is one slice of the facts.
 * Every part is exact (counts, sums, sorted durations), so the figures equal the single statement's.
 * Scopes: cases whose place or responsible unit (as of `to`) lies in one of the subtrees.
 */
export async function sqlIndicators(db: Kysely<CasesTables>, q: IndicatorQuery): Promise<IndicatorReport> {
  const { from, to, groupBy } = q;
  if (!q.scopes.length) return { groups: {}, total: noIndicators(), rejected: [] };
  const scopes = [...q.scopes].sort();
  const scope = scopes.join('\n');
  const now = q.now ?? Date.now();
  const m0 = from === monthStart(from) ? from : nextMonth(monthStart(from));
  const mN = monthStart(Math.min(to, now - asOfMargin));
  let months = 0;
  for (let m = m0; m < mN && months < minMonths; m = nextMonth(m)) months++;
  const cacheable = months >= minMonths && to >= now - asOfMargin;

  let refresh: { firstMonth: number } | null = null;
  if (cacheable) {
    const g = await generation(db, scope, groupBy);
    const usable = g !== null && g.current && g.asOf <= to;
    if (!usable) await buildGeneration(db, { scope, scopes, groupBy, firstMonth: m0, now });
    else if (g.firstMonth > m0 || g.endMonth < mN || now - g.asOf > staleAfter) refresh = { firstMonth: Math.min(m0, g.firstMonth) };
    if (q.refresh === 'none') refresh = null;
    if (refresh && q.refresh === 'wait') {
      await buildGeneration(db, { scope, scopes, groupBy, firstMonth: refresh.firstMonth, now });
      refresh = null;
    }
  }

  // One snapshot for all the parts, so a change committed meanwhile is in all of them or in none.
  const result = await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    // Compiling these statements costs more than running them; the groups' sorts need more than the default 4 MB.
    await sql`SET LOCAL jit = off`.execute(trx);
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    const cached = cacheable ? await cachedMonths(trx, scope, groupBy, m0, mN) : { generation: null, rows: [] };
    const g = cached.generation;
    const c0 = g ? Math.max(m0, g.firstMonth) : m0;
    const c1 = g ? Math.min(mN, g.endMonth) : m0;
    if (!g || !g.current || g.asOf > to || c0 >= c1) {
      const one = await finalSlice(trx, { a: from, b: to, asOf: to, groupBy, scopes });
      return { groups: one.groups, total: one.total ?? noIndicators() };
    }
    const sum = new IndicatorSum();
    sum.add(cached.rows, 1, true);
    sum.add(await slice(trx, { a: from, b: c0, asOf: to, groupBy, scopes }), 1, false);
    sum.add(await slice(trx, { a: c1, b: to, asOf: to, groupBy, scopes }), 1, false);
    // The cached months hold the facts as of W; the cases that changed since count as of `to` instead.
    const changed = changedCases(g.asOf, to);
    sum.add(await slice(trx, { a: c0, b: c1, asOf: g.asOf, groupBy, scopes, cases: changed }), -1, false);
    sum.add(await slice(trx, { a: c0, b: c1, asOf: to, groupBy, scopes, cases: changed }), 1, false);
    return sum.report();
  });
  if (refresh) refreshInBackground(db, { scope, scopes, groupBy, firstMonth: refresh.firstMonth, now });

  // Groups in which nothing falls in the period are left out (0135).
  const groups = Object.fromEntries(Object.entries(result.groups).filter(([, i]) => active(i)));
  const total = result.total;
  if (groupBy === 'all') {
    delete groups[''];
    if (active(total)) groups.all = total;
  }
  return { groups, total, rejected: [] };
}

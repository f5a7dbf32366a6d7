import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely, type Transaction } from 'kysely';
import { tablesOf } from '../../core/db/database.ts';
import { freshDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { apply, computeIndicators, type CaseEvent, type CaseState, type IndicatorReport, type Indicators } from './domain/index.ts';
import { workload } from './domain/workload.ts';
import { advanceFacts, insertFirstFacts, rebuildFacts } from './facts.ts';
import { asOfMargin, monthStart, settleRefreshes, staleAfter } from './indicators-months.ts';
import { sqlIndicators, type SqlGroupBy } from './indicators-sql.ts';
import { projection } from './repository.ts';
import type { CasesTables } from './tables.ts';

const day = 86_400_000;
const start = Date.UTC(2025, 0, 1);
const histories = workload(20260, 250, start, 150);
const events = histories.flat();
const pathOf = (code: string) => `/33/${code}/`;
let tdb: TestDatabase;
let db: Kysely<CasesTables>;

/** Writes events through the live path (facts advanced event by event, as `record` does), each case's state carried over. */
class LivePath {
  readonly states = new Map<string, { state: CaseState; path: string }>();

  async write(trx: Transaction<CasesTables>, events: readonly CaseEvent[]): Promise<void> {
    for (const e of events) {
      const prev = this.states.get(e.caseId);
      const r = apply(prev?.state, e);
      assert.ok(r.ok, `workload event refused: ${JSON.stringify(e)}`);
      const place = { placePath: '/33/X/', responsiblePath: pathOf(r.state.responsible.code), channel: 'hotline' };
      if (!prev) await insertFirstFacts(trx, e.caseId, e.at, place, r.state);
      else await advanceFacts(trx, e.caseId, e.at, place, prev.state, r.state, prev.path);
      this.states.set(e.caseId, { state: r.state, path: place.responsiblePath });
    }
  }
}

/**
 * Writes every history through the live path; the case and event rows, which the rebuild reads, go in
 * bulk to keep the test short on PGlite.
 */
before(async () => {
  tdb = await freshDatabase();
  db = tablesOf<CasesTables>(tdb.db);
  const live = new LivePath();
  await db.transaction().execute(async (trx) => {
    for (const history of histories) {
      await live.write(trx, history);
      const { state, path } = live.states.get(history[0]!.caseId)!;
      await trx.insertInto('cases').values({
        id: history[0]!.caseId, number: `T-${history[0]!.caseId.slice(-6)}`, category: state.category, description: 'x', channel: 'hotline', lng: null, lat: null, address: null,
        micro_grid_code: null, grid_code: null, community_code: null, street_code: null, county_code: null, place_path: '/33/X/', outside_grid: false,
        priority: 'normal', route_level: 'grid', route_flags: '{}', households: 1, reporter_account: null, reporter_name: null, reporter_phone_enc: null,
        reporter_phone_masked: null, created_by: null, ...projection(state, { ...state.responsible, path }, undefined, history.length),
      }).execute();
      await trx.insertInto('case_events').values(history.map((e, i) => ({
        case_id: e.caseId, seq: i + 1, type: e.type, at: new Date(e.at), actor: e.actor.id, account_id: null, event: JSON.stringify(e), extra: '{}',
      }))).execute();
    }
  });
});
after(() => tdb.drop());

/** Groups with nothing in the period are left out by the SQL version (it never reads those cases). */
function comparable(report: IndicatorReport): Record<string, Indicators> {
  const active = (x: Indicators) => x.received + x.dueToClose + x.ratings + x.timeToDispatch.count + x.closed > 0;
  return Object.fromEntries([...Object.entries(report.groups).filter(([, v]) => active(v)), ['(total)', report.total]]);
}

function assertSame(actual: Record<string, Indicators>, expected: Record<string, Indicators>, label: string) {
  assert.deepEqual(Object.keys(actual), Object.keys(expected), `${label}: groups`);
  for (const [key, e] of Object.entries(expected)) {
    const a = actual[key]!;
    const round = (x: Indicators) => ({
      ...x,
      timeToDispatch: { ...x.timeToDispatch, mean: x.timeToDispatch.mean === null ? null : Math.round(x.timeToDispatch.mean * 1e6) / 1e6 },
      timeToClose: { ...x.timeToClose, mean: x.timeToClose.mean === null ? null : Math.round(x.timeToClose.mean * 1e6) / 1e6 },
    });
    assert.deepEqual(round(a), round(e), `${label}: group ${key}`);
  }
}

const periods: [number, number][] = [
  [start, start + 31 * day], [start + 31 * day, start + 59 * day], [start + 59 * day, start + 90 * day],
  [start, start + 200 * day], [start + 45 * day + 3_600_000, start + 46 * day], [start + 100 * day, start + 121 * day + 7],
  [start - 30 * day, start + 1], [start + 150 * day, start + 400 * day],
];
const groupings: SqlGroupBy[] = ['all', 'unit', 'level', 'worker', 'category', 'affair'];

test('the workload is varied: reopened, returned, suspended, duplicate, rated and late cases', () => {
  const types = new Set(events.map((e) => e.type));
  for (const t of ['reject', 'return', 'acceptTransfer', 'grantExtension', 'suspend', 'resume', 'markDuplicate', 'rate', 'close', 'timerFired']) assert.ok(types.has(t as CaseEvent['type']), t);
  assert.ok(events.filter((e) => e.type === 'close').length > 40);
  assert.ok(events.filter((e) => e.type === 'reject').length > 10);
});

test('SQL figures over case_facts equal the pure replay of the history, for every period and grouping', async () => {
  for (const [from, to] of periods) {
    for (const groupBy of groupings) {
      const expected = computeIndicators(events, { from, to, groupBy });
      assert.equal(expected.rejected.length, 0);
      const actual = await sqlIndicators(db, { from, to, groupBy, scopes: ['/33/'] });
      assertSame(comparable(actual), comparable(expected), `${new Date(from).toISOString()}..${new Date(to).toISOString()} by ${groupBy}`);
    }
  }
});

test('periods ending in the past read the facts as they were then (superseded versions)', async () => {
  const superseded = await db.selectFrom('case_facts').select((eb) => eb.fn.countAll<number>().as('n')).where('valid_to', 'is not', null).executeTakeFirstOrThrow();
  assert.ok(Number(superseded.n) > 100);
  const to = start + 20 * day;
  const later = events.filter((e) => e.at >= to).length;
  assert.ok(later > 0);
  assertSame(comparable(await sqlIndicators(db, { from: start, to, groupBy: 'unit', scopes: ['/33/'] })), comparable(computeIndicators(events, { from: start, to, groupBy: 'unit' })), 'as of day 20');
});

test('scopes: a subtree sees the cases placed in it or held by a unit in it', async () => {
  const to = start + 400 * day;
  const g1 = await sqlIndicators(db, { from: start, to, groupBy: 'unit', scopes: [pathOf('G1')] });
  const all = await sqlIndicators(db, { from: start, to, groupBy: 'unit', scopes: ['/33/'] });
  assert.deepEqual(Object.keys(g1.groups), ['grid:G1']);
  assert.deepEqual(g1.groups['grid:G1'], all.groups['grid:G1']);
  const none = await sqlIndicators(db, { from: start, to, groupBy: 'all', scopes: ['/44/'] });
  assert.equal(none.total.received, 0);
  assert.deepEqual(none.groups, {});
});

test('the rebuild from the history writes exactly the versions the live path wrote', async () => {
  const read = () => sql<Record<string, unknown>>`SELECT * FROM case_facts ORDER BY case_id, version`.execute(db).then((r) => r.rows);
  const live = await read();
  const ids = histories.map((h) => h[0]!.caseId);
  await rebuildFacts(db, ids.slice(0, 100), async (unit) => pathOf(unit.code));
  await rebuildFacts(db, ids.slice(100), async (unit) => pathOf(unit.code));
  assert.deepEqual(await read(), live);
});

test('pre-aggregated months equal the replay: when made, after later changes, after a refresh, after facts were rewritten', async () => {
  const mdb = await freshDatabase();
  // Denser than the workload above, so that some cases of the last cached month change after it was made.
  const mHistories = workload(20260, 500, start, 100);
  const mEvents = mHistories.flat();
  const k = tablesOf<CasesTables>(mdb.db);
  try {
    const live = new LivePath();
    // Just after a month ends: that month's last cases are still changing.
    const cut = Date.UTC(2025, 3, 1, 2);
    const written = mEvents.filter((e) => e.at < cut);
    await k.transaction().execute((trx) => live.write(trx, written));
    // Periods ending now: from a year back, from a month's first instant, from within months, too short to cache.
    const froms = (now: number) => [now - 365 * day, start, start + 31 * day, start + 17 * day + 3 * 3_600_000, now - 70 * day, now - 40 * day];
    const check = async (now: number, seen: readonly CaseEvent[], refresh: 'wait' | 'none', label: string) => {
      for (const from of froms(now)) {
        for (const groupBy of groupings) {
          for (const to of [now, now + 60_000]) {
            const actual = await sqlIndicators(k, { from, to, groupBy, scopes: ['/33/'], now, refresh });
            assertSame(comparable(actual), comparable(computeIndicators(seen, { from, to, groupBy })), `${label}: ${new Date(from).toISOString()}..${new Date(to).toISOString()} by ${groupBy}`);
          }
        }
      }
    };
    const generations = () => sql<{ grouping: string; as_of: number; first_month: number; end_month: number }>`
      SELECT grouping, as_of, first_month, end_month FROM case_indicator_generations ORDER BY grouping`.execute(k).then((r) => r.rows);

    await check(cut, written, 'wait', 'as made');
    const made = await generations();
    assert.deepEqual(made.map((g) => g.grouping), [...groupings].sort());
    assert.ok(made.every((g) => Number(g.end_month) === Date.UTC(2025, 3, 1) && Number(g.first_month) <= Date.UTC(2025, 1, 1)));

    // Later events: rated, reopened, transferred and closed again cases whose facts fall in the cached months.
    const later = mEvents.filter((e) => e.at >= cut);
    assert.ok(later.some((e) => e.type === 'rate' || e.type === 'reject'));
    const before = new Set(mEvents.filter((e) => e.at < Date.UTC(2025, 3, 1)).map((e) => e.caseId));
    assert.ok(new Set(later.filter((e) => before.has(e.caseId)).map((e) => e.caseId)).size > 20);
    await k.transaction().execute((trx) => live.write(trx, later));
    const now = Math.max(...mEvents.map((e) => e.at)) + day;
    await check(now, mEvents, 'none', 'old generation, later changes');
    assert.deepEqual(await generations(), made);

    await check(now, mEvents, 'wait', 'refreshed');
    const refreshed = await generations();
    assert.ok(refreshed.every((g) => Number(g.as_of) > Number(made[0]!.as_of) && Number(g.end_month) === monthStart(Number(g.as_of))));

    // A rewrite in place (rebuild, backfill) retires the generations: one case's facts gone, the figures follow.
    const gone = mHistories[7]![0]!.caseId;
    await k.deleteFrom('case_facts').where('case_id', '=', gone).execute();
    await check(now, mEvents.filter((e) => e.caseId !== gone), 'none', 'after a rewrite');
  } finally {
    await mdb.drop();
  }
});

test('background refreshes answer from the old generation meanwhile and are waited for', async () => {
  const query = (to: number, refresh?: 'none') => sqlIndicators(db, { from: start, to, groupBy: 'unit', scopes: ['/33/'], now: to, ...(refresh ? { refresh } : {}) });
  const asOf = () => sql<{ as_of: number }>`SELECT as_of FROM case_indicator_generations WHERE grouping = 'unit'`.execute(db).then((r) => Number(r.rows[0]?.as_of));
  const t1 = Math.max(...events.map((e) => e.at)) + 1;
  const t2 = t1 + staleAfter + asOfMargin + 1;
  const first = await query(t1);
  const made = await asOf();
  const stale = await query(t2);
  await settleRefreshes(db);
  assert.ok(await asOf() > made);
  const refreshed = await query(t2, 'none');
  assertSame(comparable(first), comparable(computeIndicators(events, { from: start, to: t1, groupBy: 'unit' })), 'made');
  for (const r of [stale, refreshed]) assertSame(comparable(r), comparable(computeIndicators(events, { from: start, to: t2, groupBy: 'unit' })), 'stale, then refreshed');
});

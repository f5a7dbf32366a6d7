import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { tablesOf } from '../../core/db/database.ts';
import { freshDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { apply, computeIndicators, type CaseEvent, type CaseState, type IndicatorReport, type Indicators } from './domain/index.ts';
import { workload } from './domain/workload.ts';
import { advanceFacts, insertFirstFacts, rebuildFacts } from './facts.ts';
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

/**
 * Writes every history through the live path (facts advanced event by event, as `record` does); the
 * case and event rows, which the rebuild reads, go in bulk to keep the test short on PGlite.
 */
before(async () => {
  tdb = await freshDatabase();
  db = tablesOf<CasesTables>(tdb.db);
  await db.transaction().execute(async (trx) => {
    for (const history of histories) {
      let state: CaseState | undefined;
      let path = '';
      for (const e of history) {
        const r = apply(state, e);
        assert.ok(r.ok, `workload event refused: ${JSON.stringify(e)}`);
        const place = { placePath: '/33/X/', responsiblePath: pathOf(r.state.responsible.code), channel: 'hotline' };
        if (!state) await insertFirstFacts(trx, e.caseId, e.at, place, r.state);
        else await advanceFacts(trx, e.caseId, e.at, place, state, r.state, path);
        state = r.state;
        path = place.responsiblePath;
      }
      await trx.insertInto('cases').values({
        id: history[0]!.caseId, number: `T-${history[0]!.caseId.slice(-6)}`, category: state!.category, description: 'x', channel: 'hotline', lng: null, lat: null, address: null,
        micro_grid_code: null, grid_code: null, community_code: null, street_code: null, county_code: null, place_path: '/33/X/', outside_grid: false,
        priority: 'normal', route_level: 'grid', route_flags: '{}', households: 1, reporter_account: null, reporter_name: null, reporter_phone_enc: null,
        reporter_phone_masked: null, created_by: null, ...projection(state!, { ...state!.responsible, path }, undefined, history.length),
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

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { computeIndicators, type CaseEvent } from './domain/index.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
});
after(() => app.stop());

const grid01 = '330481001001G01';
const place = () => {
  const b = app.demo!.buildings.find((x) => x.microGridCode.startsWith(grid01))!;
  return { lng: b.lng, lat: b.lat };
};
const post = (url: string, cookie: string, payload: object, headers: Record<string, string> = {}) =>
  app.app.inject({ method: 'POST', url, headers: { cookie, ...headers }, payload });

test('concurrent submissions with one idempotency key make one case, with its event, facts and timers', async () => {
  const cookie = await app.login('grid-xishan-01');
  const body = { category: 'sanitation', description: '同一条热线重复提交', channel: 'hotline', ...place(), reporter: { name: '李女士', phone: '13912345678' } };
  const answers = await Promise.all(Array.from({ length: 6 }, () => post('/api/cases', cookie, body, { 'idempotency-key': 'hotline-42' })));
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 200, 200, 200, 200, 201]);
  const ids = new Set(answers.map((a) => a.json().id as string));
  assert.equal(ids.size, 1);
  const id = [...ids][0]!;
  const db = app.core.db.kysely;
  const count = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(db)).rows[0]!.n;
  assert.equal(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM cases WHERE description = '同一条热线重复提交'`), 1);
  assert.equal(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM case_events WHERE case_id = ${id}`), 1);
  assert.equal(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM case_facts WHERE case_id = ${id} AND valid_to IS NULL`), 1);
  assert.equal(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM case_followers WHERE case_id = ${id}`), 1);
  assert.equal(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE unique_key LIKE ${`case-timer:${id}:%`}`), 2);
  // Another caller's identical key is theirs alone.
  const other = await post('/api/cases', await app.login('xishan'), body, { 'idempotency-key': 'hotline-42' });
  assert.equal(other.statusCode, 201);
  assert.notEqual(other.json().id, id);
});

test('the dashboard figures over HTTP equal the pure replay of the stored history; a rebuild changes no fact', async () => {
  const grid = await app.login('grid-xishan-01');
  const resident = await app.login('resident-xishan');
  const step = async (id: string, cookie: string, payload: object) => {
    const res = await post(`/api/cases/${id}/events`, cookie, payload);
    assert.equal(res.statusCode, 200, `${JSON.stringify(payload)} → ${res.body}`);
  };
  for (let i = 0; i < 4; i++) {
    const res = await post('/api/cases', resident, { category: i % 2 ? 'streetLight' : 'elderlyCare', description: `第${i}件`, ...place() });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as string;
    if (i === 3) continue;
    await step(id, grid, { type: 'verify' });
    await step(id, grid, { type: 'dispatch', handler: 'w-1' });
    await step(id, grid, { type: 'handle' });
    await step(id, grid, { type: 'reportBack', outcome: 'resolved' });
    if (i === 1) {
      await step(id, grid, { type: 'check', passed: false, reason: '未修好' });
      await step(id, grid, { type: 'handle' });
      await step(id, grid, { type: 'reportBack', outcome: 'resolved' });
    }
    await step(id, grid, { type: 'check', passed: true });
    await step(id, grid, { type: 'close' });
    await step(id, resident, i === 2 ? { type: 'reject', reason: '不满意' } : { type: 'rate', satisfied: true, score: 5 });
  }
  const from = Date.now() - 86_400_000, to = Date.now() + 86_400_000;
  const events = (await app.core.db.kysely.selectFrom('case_events' as never).select('event' as never).orderBy('case_id' as never).orderBy('seq' as never).execute()) as { event: CaseEvent }[];
  const county = await app.login('county');
  for (const groupBy of ['all', 'unit', 'category'] as const) {
    const res = await app.app.inject({ url: `/api/cases/indicators?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&groupBy=${groupBy}`, headers: { cookie: county } });
    assert.equal(res.statusCode, 200, res.body);
    const expected = computeIndicators(events.map((e) => e.event), { from, to, groupBy });
    const actual = res.json() as { total: unknown; groups: Record<string, unknown>; groupBy: string };
    assert.equal(actual.groupBy, groupBy);
    // Means differ from the replay only by floating-point rounding (an average of integers in SQL).
    const rounded = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'mean' && typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
    assert.deepEqual(rounded(actual.total), rounded(expected.total));
    assert.deepEqual(Object.keys(actual.groups), Object.keys(expected.groups));
  }
  const read = async () => (await sql<Record<string, unknown>>`SELECT * FROM case_facts ORDER BY case_id, version`.execute(app.core.db.kysely)).rows;
  const live = await read();
  assert.ok(live.length > 8);
  const rebuilt = await post('/api/cases/facts/rebuild', county, {});
  assert.equal(rebuilt.statusCode, 200, rebuilt.body);
  assert.deepEqual(await read(), live);
  assert.equal((await post('/api/cases/facts/rebuild', grid, {})).statusCode, 403);
});

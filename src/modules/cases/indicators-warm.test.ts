import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
});
after(() => app.stop());

test('a start builds the county and street dashboards\' months, and the county centre\'s first request reads them', async () => {
  const cookie = await app.login('county');
  const b = app.demo!.buildings[0]!;
  const created = await app.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { category: 'sanitation', description: '预热前的一件', channel: 'hotline', lng: b.lng, lat: b.lat } });
  assert.equal(created.statusCode, 201, created.body);

  const pairs = await app.modules.cases.warmIndicators();
  const units = (await app.modules.tree.repo.all()).filter((u) => u.kind === 'county' || u.kind === 'street');
  assert.equal(pairs, units.length * 2);
  const generations = async () => (await sql<{ scope: string; grouping: string; as_of: string }>`SELECT scope, grouping, as_of::text FROM case_indicator_generations ORDER BY scope, grouping`.execute(app.core.db.kysely)).rows;
  const built = await generations();
  assert.deepEqual(built.map((g) => `${g.scope} ${g.grouping}`), units.map((u) => u.path).sort().flatMap((p) => [`${p} category`, `${p} unit`]));

  const me = (await app.app.inject({ url: '/api/auth/me', headers: { cookie } })).json() as { bindings: { scopePath: string }[] };
  const county = units.find((u) => u.kind === 'county')!;
  assert.deepEqual(me.bindings.map((x) => x.scopePath), [county.path], 'the county centre\'s scope is the county\'s path the start warmed');
  const to = new Date(Date.now() + 60_000).toISOString();
  const from = new Date(Date.now() - 183 * 86_400_000).toISOString();
  const report = await app.app.inject({ url: `/api/cases/indicators?from=${from}&to=${to}&groupBy=unit`, headers: { cookie } });
  assert.equal(report.statusCode, 200, report.body);
  assert.ok((report.json() as { total: { received: number } }).total.received >= 1);
  assert.deepEqual(await generations(), built, 'read from the months the start built, none built again');
});

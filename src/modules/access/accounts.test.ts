import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
});
after(() => app.stop());

const post = (cookie: string, payload: object) => app.app.inject({ method: 'POST', url: '/api/accounts', headers: { cookie }, payload });

test('community staff create a grid worker in their community, who can then sign in', async () => {
  const xishan = await app.login('xishan');
  const res = await post(xishan, { username: 'new-grid-worker', displayName: '新网格员', password: 'a-long-password', bindings: [{ role: 'gridWorker', unitCode: '330481001001G01' }] });
  assert.equal(res.statusCode, 201, res.body);
  const me = await app.app.inject({ url: '/api/auth/me', headers: { cookie: await app.login('new-grid-worker', 'a-long-password') } });
  assert.equal(me.json().bindings[0].scopeCode, '330481001001G01');
  const list = (await app.app.inject({ url: '/api/accounts', headers: { cookie: xishan } })).json() as { items: { username: string }[] };
  assert.ok(list.items.some((a) => a.username === 'new-grid-worker'));
  assert.ok(!list.items.some((a) => a.username === 'xinjie'), 'accounts of other communities are not listed');
  const audit = (await app.app.inject({ url: '/api/audit?action=account.create', headers: { cookie: await app.login('county') } })).json() as { items: unknown[] };
  assert.equal(audit.items.length, 1);
});

test('nobody grants outside their subtree, an admin role, or a taken username', async () => {
  const xishan = await app.login('xishan');
  const other = await post(xishan, { username: 'elsewhere', displayName: '外社区', password: 'a-long-password', bindings: [{ role: 'gridWorker', unitCode: '330481001002' }] });
  assert.equal(other.statusCode, 403);
  const admin = await post(await app.login('county'), { username: 'would-be-admin', displayName: '管理员', password: 'a-long-password', bindings: [{ role: 'admin', unitCode: '330481' }] });
  assert.equal(admin.statusCode, 403);
  const taken = await post(xishan, { username: 'xishan', displayName: '重名', password: 'a-long-password', bindings: [{ role: 'volunteer', unitCode: '330481001001G01' }] });
  assert.equal(taken.statusCode, 409);
  const unknown = await post(xishan, { username: 'nowhere', displayName: '无处', password: 'a-long-password', bindings: [{ role: 'volunteer', unitCode: '999999' }] });
  assert.equal(unknown.statusCode, 422);
  assert.equal(unknown.json().errors[0].pointer, '/body/bindings/0/unitCode');
  assert.equal((await post(await app.login('grid-xishan-01'), { username: 'x-by-grid', displayName: 'x', password: 'a-long-password', bindings: [{ role: 'volunteer', unitCode: '330481001001G01' }] })).statusCode, 403);
});

test('a resident account is bound to a household', async () => {
  const household = app.demo!.households.find((h) => h.code.startsWith('330481001001'))!;
  const res = await post(await app.login('xishan'), { username: 'new-resident', displayName: '居民', password: 'a-long-password', bindings: [{ role: 'resident', unitCode: household.code }] });
  assert.equal(res.statusCode, 201, res.body);
  const mine = (await app.app.inject({ url: '/api/residents?limit=20', headers: { cookie: await app.login('new-resident', 'a-long-password') } })).json() as { items: { household: { code: string } }[] };
  assert.ok(mine.items.length > 0);
  assert.ok(mine.items.every((r) => r.household.code === household.code));
});

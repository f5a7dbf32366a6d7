import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/support/app.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(() => app.stop());

test('health tells liveness and readiness', async () => {
  const live = await app.app.inject({ url: '/api/health/live' });
  assert.equal(live.json().live, true);
  const ready = await app.app.inject({ url: '/api/health' });
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().ready, true);
  assert.ok(['embedded', 'postgres'].includes(ready.json().database));
});

test('the OpenAPI 3.1 document describes every API route, and /api/docs renders it', async () => {
  const doc = (await app.app.inject({ url: '/api/openapi.json' })).json() as {
    openapi: string;
    paths: Record<string, Record<string, { tags?: string[] }>>;
    components: { securitySchemes: Record<string, unknown> };
  };
  assert.equal(doc.openapi, '3.1.0');
  for (const path of ['/api/auth/login', '/api/residents', '/api/roster/import', '/api/tree/import', '/api/locate', '/api/audit', '/api/health']) {
    assert.ok(doc.paths[path], `${path} is documented`);
  }
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) assert.ok(op.tags?.length, `${method} ${path} has a tag`);
  }
  assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['session', 'token']);
  const page = await app.app.inject({ url: '/api/docs/' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /swagger/i);
});

test('unknown routes and methods answer with problem+json', async () => {
  const res = await app.app.inject({ url: '/api/nope', headers: { 'accept-language': 'en' } });
  assert.equal(res.statusCode, 404);
  assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
  assert.equal(res.json().detail, 'There is no endpoint /api/nope.');
  const zh = await app.app.inject({ url: '/api/nope' });
  assert.equal(zh.json().title, '未找到');
});

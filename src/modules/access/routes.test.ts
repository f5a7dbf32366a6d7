import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3, loginPolicy: { slowAfter: 2, slowdownBaseMs: 120, lockAfter: 5, lockMinutes: 15, sessionHours: 12 } });
});
after(() => app.stop());

const password = 'gongzhi2026';

test('signing in sets an httpOnly session cookie that identifies the account and its scope', async () => {
  const res = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid-xishan-01', password } });
  assert.equal(res.statusCode, 200);
  const cookie = res.cookies.find((c) => c.name === 'gz_session')!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  const me = await app.app.inject({ url: '/api/auth/me', headers: { cookie: `gz_session=${cookie.value}` } });
  assert.equal(me.statusCode, 200);
  const body = me.json() as { username: string; bindings: { role: string; scopeCode: string }[] };
  assert.equal(body.username, 'grid-xishan-01');
  assert.deepEqual(body.bindings.map((b) => [b.role, b.scopeCode]), [['gridWorker', '330481001001G01']]);

  await app.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `gz_session=${cookie.value}` } });
  const after = await app.app.inject({ url: '/api/auth/me', headers: { cookie: `gz_session=${cookie.value}` } });
  assert.equal(after.statusCode, 401, 'the session ends at logout');
});

test('a wrong password is a 401 problem in the request language', async () => {
  const zh = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'county', password: 'nope' } });
  assert.equal(zh.statusCode, 401);
  assert.match(zh.headers['content-type'] as string, /^application\/problem\+json/);
  assert.equal(zh.json().detail, '用户名或密码错误。');
  const en = await app.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en-US,en;q=0.9' }, payload: { username: 'nobody', password: 'x' } });
  assert.equal(en.json().detail, 'Wrong username or password.');
  assert.equal(en.json().status, 401);
});

test('missing fields are reported per field', async () => {
  const res = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '' } });
  assert.equal(res.statusCode, 400);
  const pointers = (res.json().errors as { pointer: string }[]).map((e) => e.pointer).sort();
  assert.deepEqual(pointers, ['/body/password', '/body/username']);
});

test('repeated failures are slowed down, then the account is locked', async () => {
  const attempt = async (pw: string) => {
    const t0 = performance.now();
    const res = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'street', password: pw } });
    return { status: res.statusCode, ms: performance.now() - t0, res };
  };
  const first = await attempt('wrong');
  await attempt('wrong');
  const third = await attempt('wrong');
  assert.equal(third.status, 401);
  assert.ok(third.ms >= 110, `the third failure is answered slowly (${third.ms.toFixed(0)} ms, first ${first.ms.toFixed(0)} ms)`);
  await attempt('wrong');
  const fifth = await attempt('wrong');
  assert.equal(fifth.status, 423);
  assert.ok(Number(fifth.res.headers['retry-after']) > 800, 'retry-after says how long');
  const right = await attempt(password);
  assert.equal(right.status, 423, 'even the right password waits for the lock to end');
});

test('an API token acts with the roles of its account', async () => {
  const cookie = await app.login('xishan');
  const created = await app.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: { cookie }, payload: { name: 'hotline integration' } });
  assert.equal(created.statusCode, 201);
  const { token } = created.json() as { token: string };
  assert.match(token, /^gz_/);
  const me = await app.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.json().username, 'xishan');
  const bad = await app.app.inject({ url: '/api/auth/me', headers: { authorization: 'Bearer gz_not-a-token' } });
  assert.equal(bad.statusCode, 401);

  // Last use is kept to the minute: a busy integration does not write the token row on every call.
  const lastUsed = async () => (await sql<{ t: string }>`SELECT last_used_at::text AS t FROM api_tokens WHERE token_prefix = ${token.slice(0, 8)}`.execute(app.core.db.kysely)).rows[0]!.t;
  await sql`UPDATE api_tokens SET last_used_at = now() - interval '10 seconds' WHERE token_prefix = ${token.slice(0, 8)}`.execute(app.core.db.kysely);
  const recent = await lastUsed();
  await app.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  assert.equal(await lastUsed(), recent);
  await sql`UPDATE api_tokens SET last_used_at = now() - interval '2 minutes' WHERE token_prefix = ${token.slice(0, 8)}`.execute(app.core.db.kysely);
  const old = await lastUsed();
  await app.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  assert.ok((await lastUsed()) > old);
  // A disabled account's token and sessions stop working at once.
  await sql`UPDATE accounts SET disabled = true WHERE username = 'xishan'`.execute(app.core.db.kysely);
  assert.equal((await app.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
  assert.equal((await app.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode, 401);
  await sql`UPDATE accounts SET disabled = false WHERE username = 'xishan'`.execute(app.core.db.kysely);
});

test('the county centre reads the audit log; a grid worker may not', async () => {
  const county = await app.login('county');
  const log = await app.app.inject({ url: '/api/audit?limit=50', headers: { cookie: county } });
  assert.equal(log.statusCode, 200);
  const actions = (log.json().items as { action: string }[]).map((i) => i.action);
  assert.ok(actions.includes('auth.login'));
  assert.ok(actions.includes('auth.locked'), 'the lockout is in the log');
  const grid = await app.login('grid-xishan-01');
  assert.equal((await app.app.inject({ url: '/api/audit', headers: { cookie: grid } })).statusCode, 403);
});

test('requests arriving together each get their own principal from the shared session lookup', async () => {
  const users = ['county', 'xishan', 'grid-xishan-01', 'resident-xishan'];
  const cookies = await Promise.all(users.map((u) => app.login(u)));
  const requests = [...cookies, 'gz_session=not-a-session', ...cookies].map((cookie) => app.app.inject({ url: '/api/auth/me', headers: { cookie } }));
  const answers = await Promise.all(requests);
  assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 200, 200, 401, 200, 200, 200, 200]);
  const names = answers.filter((a) => a.statusCode === 200).map((a) => (a.json() as { username: string }).username);
  assert.deepEqual(names, [...users, ...users]);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
});
after(() => app.stop());

type Settings = { version: number; changedBy: string | null; categories: { code: string; levels: Record<string, unknown>; limits: Record<string, unknown> }[]; settings: Record<string, unknown> };
type Case = { id: string; responsible: { kind: string; code: string }; dueAt: string; stepDueAt: string | null };
const grid01 = '330481001001G01';
const get = (url: string, cookie: string) => app.app.inject({ url, headers: { cookie } });
const send = (method: 'POST' | 'PUT' | 'PATCH', url: string, cookie: string, payload: object) => app.app.inject({ method, url, headers: { cookie }, payload });
const place = () => {
  const b = app.demo!.buildings.find((x) => x.microGridCode.startsWith(grid01))!;
  return { lng: b.lng, lat: b.lat };
};
const streetLight = {
  zh: '路灯照明', en: 'Street lighting', affair: 'government', sort: 20,
  levels: { grid: { role: 'gridWorker', unitKind: 'grid' }, community: { role: 'communityStaff', unitKind: 'community' } },
  limits: { case: { amount: 5, unit: 'workingDays', remindBefore: 4 } },
};

test('staff read the categories, routing matrix, limits and settings; residents do not', async () => {
  const res = await get('/api/cases/settings', await app.login('grid-xishan-01'));
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as Settings;
  assert.equal(body.version, 1);
  assert.equal(body.categories.length, 8);
  assert.deepEqual(body.categories.find((c) => c.code === 'sanitation')!.limits, { case: { amount: 3, unit: 'workingDays', remindBefore: 4 } });
  assert.equal(body.settings.jointLetterThreshold, 10);
  assert.equal(body.settings.duplicateRadiusM, 100);
  assert.equal((await get('/api/cases/settings', await app.login('resident-xishan'))).statusCode, 403);
});

test('only settings.manage changes them, and bad input is refused with a problem', async () => {
  const county = await app.login('county');
  assert.equal((await send('PUT', '/api/cases/categories/streetLight', await app.login('street'), streetLight)).statusCode, 403);
  assert.equal((await send('PATCH', '/api/cases/settings', await app.login('xishan'), { jointLetterThreshold: 5 })).statusCode, 403);
  const badRole = await send('PUT', '/api/cases/categories/streetLight', county, { ...streetLight, levels: { grid: { role: 'mayor', unitKind: 'grid' } } });
  assert.equal(badRole.statusCode, 422);
  assert.match(badRole.headers['content-type'] as string, /problem\+json/);
  const late = await send('PUT', '/api/cases/categories/streetLight', county, { ...streetLight, limits: { case: { amount: 1, unit: 'workingDays', remindBefore: 8 } } });
  assert.equal(late.statusCode, 422);
  assert.equal((await send('PUT', '/api/cases/categories/streetLight', county, { ...streetLight, levels: { grid: { role: 'gridWorker', unitKind: 'grid', unitCode: 'nowhere' } } })).statusCode, 422);
  assert.equal((await send('PUT', '/api/cases/categories/streetLight', county, { ...streetLight, levels: {} })).statusCode, 422);
  assert.equal((await send('PUT', '/api/cases/categories/streetLight', county, { ...streetLight, limits: { case: { amount: 0, unit: 'workingDays' } } })).statusCode, 400);
  assert.equal((await send('PATCH', '/api/cases/settings', county, { fallbackStreet: grid01 })).statusCode, 422);
  assert.equal((await send('PATCH', '/api/cases/settings', county, {})).statusCode, 422);
  assert.equal(((await get('/api/cases/settings', county)).json() as Settings).version, 1, 'nothing refused was saved');
});

test('a change is a new version with who and what, applied to new cases only', async () => {
  const county = await app.login('county');
  const grid = await app.login('grid-xishan-01');
  const report = async () => {
    const res = await send('POST', '/api/cases', grid, { category: 'streetLight', description: '路灯不亮', channel: 'visit', ...place() });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as Case;
  };
  const before = await report();
  assert.deepEqual(before.responsible, { kind: 'grid', code: grid01 });
  // Street lights now go straight to the community, within one working day, and verification has its own limit.
  const changed = await send('PUT', '/api/cases/categories/streetLight', county, {
    ...streetLight, baseVersion: 1,
    levels: { community: { role: 'communityStaff', unitKind: 'community' } },
    limits: { case: { amount: 1, unit: 'workingDays', remindBefore: 2 }, verified: { amount: 4, unit: 'workingHours' } },
  });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.equal((changed.json() as Settings).version, 2);
  const after = await report();
  assert.deepEqual(after.responsible, { kind: 'community', code: '330481001001' });
  assert.ok(Date.parse(after.dueAt) < Date.parse(before.dueAt), 'the new limit is shorter');
  // The older case keeps the limits it was accepted under, for its later steps too.
  const verify = async (c: Case, cookie: string) => {
    const res = await send('POST', `/api/cases/${c.id}/events`, cookie, { type: 'verify' });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Case;
  };
  assert.equal((await verify(before, grid)).stepDueAt, null);
  assert.notEqual((await verify(after, await app.login('xishan'))).stepDueAt, null);

  const stale = await send('PATCH', '/api/cases/settings', county, { jointLetterThreshold: 5, baseVersion: 1 });
  assert.equal(stale.statusCode, 409);
  assert.equal((await send('PATCH', '/api/cases/settings', county, { jointLetterThreshold: 5, duplicateRadiusM: 20, baseVersion: 2 })).statusCode, 200);
  const log = (await get('/api/cases/settings/versions', county)).json() as { items: { version: number; changedBy: string; change: { subject: string; before: Record<string, unknown>; after: Record<string, unknown> } }[] };
  assert.deepEqual(log.items.map((i) => i.version), [3, 2, 1]);
  assert.equal(log.items[0]!.change.subject, 'settings');
  assert.deepEqual(log.items[0]!.change.before, { jointLetterThreshold: 10, duplicateRadiusM: 100 });
  assert.deepEqual(log.items[0]!.change.after, { jointLetterThreshold: 5, duplicateRadiusM: 20 });
  assert.ok(log.items[0]!.changedBy);
  assert.equal((log.items[1]!.change.before as { levels: Record<string, unknown> }).levels.grid !== undefined, true);
  assert.equal((await get('/api/cases/settings/versions', grid)).statusCode, 403);
  const categories = (await get('/api/cases/categories', grid)).json() as { jointLetterThreshold: number };
  assert.equal(categories.jointLetterThreshold, 5);
});

test('the duplicate radius applies to the suggestions', async () => {
  const grid = await app.login('grid-xishan-01');
  const p = place();
  const created = (await send('POST', '/api/cases', grid, { category: 'sanitation', description: '垃圾', channel: 'visit', ...p })).json() as Case;
  // About 50 m north: inside the default 100 m, outside the 20 m set above.
  const near = `/api/cases/similar?lng=${p.lng}&lat=${p.lat + 0.00045}&category=sanitation`;
  const found = (await get(near, grid)).json() as { items: { id: string }[] };
  assert.ok(!found.items.some((i) => i.id === created.id));
  const county = await app.login('county');
  assert.equal((await send('PATCH', '/api/cases/settings', county, { duplicateRadiusM: 100 })).statusCode, 200);
  assert.ok(((await get(near, grid)).json() as { items: { id: string }[] }).items.some((i) => i.id === created.id));
});

test('a category added through the API carries its names to the case, the console, the board and Open311, in both languages', async () => {
  const county = await app.login('county');
  const grid = await app.login('grid-xishan-01');
  const potholes = { ...streetLight, levels: { grid: { role: 'gridWorker', unitKind: 'grid' } }, sort: 90 };
  const { zh: _zh, en: _en, ...unnamed } = potholes;
  const missing = await send('PUT', '/api/cases/categories/potholes', county, { ...unnamed, en: 'Potholes' });
  assert.equal(missing.statusCode, 422, 'a new code has no name in the locale files');
  assert.match(missing.headers['content-type'] as string, /problem\+json/);
  assert.match(missing.json<{ detail: string }>().detail, /potholes.*zh/);
  // A built-in code may leave its names out: the locale files name it.
  assert.equal((await send('PUT', '/api/cases/categories/streetLight', county, unnamed)).statusCode, 200);
  const added = await send('PUT', '/api/cases/categories/potholes', county, { ...potholes, zh: '道路坑洼', en: 'Potholes' });
  assert.equal(added.statusCode, 200, added.body);

  const created = await send('POST', '/api/cases', grid, { category: 'potholes', description: '路面有坑', channel: 'visit', ...place() });
  assert.equal(created.statusCode, 201, created.body);
  const { id, number } = created.json() as { id: string; number: string };
  const names = { 'zh-CN': '道路坑洼', en: 'Potholes' } as const;
  for (const [lang, name] of Object.entries(names)) {
    const headers = { cookie: grid, 'accept-language': lang };
    const caseRes = (await app.app.inject({ url: `/api/cases/${id}`, headers })).json() as { categoryName: string };
    assert.equal(caseRes.categoryName, name, `case page (${lang})`);
    const console = (await app.app.inject({ url: '/api/cases/console/inbox?responsible=scope&category=potholes', headers })).json() as { items: { categoryName: string }[] };
    assert.equal(console.items[0]?.categoryName, name, `console inbox (${lang})`);
    const points = (await app.app.inject({ url: '/api/cases/console/points?category=potholes', headers })).json() as { items: { categoryName: string }[] };
    assert.equal(points.items[0]?.categoryName, name, `hot-spot map (${lang})`);
    const list = (await app.app.inject({ url: '/api/cases/categories', headers })).json() as { items: { code: string; name: string }[] };
    assert.equal(list.items.find((c) => c.code === 'potholes')?.name, name, `category list (${lang})`);
    assert.equal(list.items.find((c) => c.code === 'streetLight')?.name, lang === 'en' ? 'Street lighting' : '路灯照明');
    const board = (await app.app.inject({ url: '/api/public/communities/330481001001/board', headers: { 'accept-language': lang } })).json() as { open: { number: string; categoryName: string }[] };
    assert.equal(board.open.find((c) => c.number === number)?.categoryName, name, `board (${lang})`);
    const services = (await app.app.inject({ url: '/open311/v2/services.json', headers: { 'accept-language': lang } })).json() as { service_code: string; service_name: string }[];
    assert.equal(services.find((s) => s.service_code === 'potholes')?.service_name, name, `Open311 services (${lang})`);
    const requests = (await app.app.inject({ url: `/open311/v2/requests/${number}.json`, headers: { 'accept-language': lang } })).json() as { service_name: string }[];
    assert.equal(requests[0]?.service_name, name, `Open311 request (${lang})`);
  }
});

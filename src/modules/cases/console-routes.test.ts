import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
});
after(() => app.stop());

type Case = { id: string; number: string; status: string; overdue: boolean; dueAt: string };
type Inbox = { total: number; counts: Record<string, number>; overdue: number; items: Case[] };
const grid01 = '330481001001G01';
const building = () => app.demo!.buildings.find((b) => b.microGridCode.startsWith(grid01))!;
const get = async (url: string, cookie: string) => app.app.inject({ url, headers: { cookie } });
const post = async (url: string, cookie: string, payload: object) => app.app.inject({ method: 'POST', url, headers: { cookie }, payload });
const step = async (id: string, cookie: string, body: object) => {
  const res = await post(`/api/cases/${id}/events`, cookie, body);
  assert.equal(res.statusCode, 200, `${JSON.stringify(body)} → ${res.body}`);
};
const actions = async (id: string, cookie: string) => (await get(`/api/cases/${id}/actions`, cookie)).json() as { actions: string[]; onBehalfOfReporter: boolean };

async function report(cookie: string, body: object = {}): Promise<Case> {
  const b = building();
  const res = await post('/api/cases', cookie, { category: 'streetLight', description: '路灯不亮', lng: b.lng, lat: b.lat, ...body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as Case;
}

test('the inbox lists what my unit holds, with counts per status, and not what another grid holds', async () => {
  const resident = await app.login('resident-xishan');
  const a = await report(resident);
  const b = await report(resident, { category: 'elderlyCare', description: '独居老人需要助餐' });
  const grid = await app.login('grid-xishan-01');
  const inbox = (await get('/api/cases/console/inbox', grid)).json() as Inbox;
  assert.ok(inbox.items.some((c) => c.id === a.id) && inbox.items.some((c) => c.id === b.id));
  assert.ok((inbox.counts.accepted ?? 0) >= 2);
  const dues = inbox.items.map((c) => Date.parse(c.dueAt));
  assert.deepEqual(dues, [...dues].sort((x, y) => x - y), 'the nearest deadline first');
  const filtered = (await get('/api/cases/console/inbox?category=elderlyCare&channel=app', grid)).json() as Inbox;
  assert.deepEqual(filtered.items.map((c) => c.id), [b.id]);
  assert.equal((await get('/api/cases/console/inbox?channel=hotline', grid)).json().total, 0);
  const other = await app.login(app.demo!.accounts.find((x) => x.role === 'gridWorker' && x.unitCode !== grid01)!.username);
  assert.equal(((await get('/api/cases/console/inbox', other)).json() as Inbox).items.some((c) => c.id === a.id), false);
  assert.equal((await get('/api/cases/console/inbox', resident)).statusCode, 403);
});

test('a case dispatched to a micro-grid is in both inboxes: the handler’s, and the checker’s once reported back', async () => {
  const created = await report(await app.login('resident-xishan'));
  const grid = await app.login('grid-xishan-01');
  const mgAccount = app.demo!.accounts.find((x) => x.username === 'mg-xishan-01-01')!;
  const mg = await app.login(mgAccount.username);
  await step(created.id, grid, { type: 'verify' });
  await step(created.id, grid, { type: 'dispatch', to: mgAccount.unitCode });
  const mine = (cookie: string) => get('/api/cases/console/inbox?status=dispatched&status=reportedBack', cookie).then((r) => (r.json() as Inbox).items.map((c) => c.id));
  assert.ok((await mine(mg)).includes(created.id));
  assert.ok(!(await mine(grid)).includes(created.id), 'the grid waits for the report');
  assert.ok(((await get('/api/cases/console/inbox?responsible=scope&status=dispatched', grid)).json() as Inbox).items.some((c) => c.id === created.id));
  await step(created.id, mg, { type: 'handle' });
  await step(created.id, mg, { type: 'reportBack', outcome: 'resolved' });
  assert.ok((await mine(grid)).includes(created.id), 'the grid checks');
  assert.deepEqual((await actions(created.id, grid)).actions, ['check']);
});

test('the actions of a case follow the workflow: the holder’s steps, then the reporter’s rating', async () => {
  const resident = await app.login('resident-xishan');
  const created = await report(resident);
  const grid = await app.login('grid-xishan-01');
  const first = await actions(created.id, grid);
  for (const a of ['verify', 'return', 'requestTransfer', 'requestExtension', 'suspend', 'markDuplicate']) assert.ok(first.actions.includes(a), a);
  assert.ok(!first.actions.includes('close'));
  assert.deepEqual((await actions(created.id, resident)).actions, []);
  for (const type of ['verify', 'dispatch', 'handle']) await step(created.id, grid, { type });
  await step(created.id, grid, { type: 'reportBack', outcome: 'resolved' });
  await step(created.id, grid, { type: 'check', passed: true });
  await step(created.id, grid, { type: 'close' });
  assert.deepEqual((await actions(created.id, resident)).actions, ['rate', 'reject']);
  assert.deepEqual((await actions(created.id, grid)).actions, []);
  await step(created.id, resident, { type: 'rate', satisfied: true, score: 5 });
  assert.deepEqual((await actions(created.id, resident)).actions, []);
});

test('staff rate for a hotline reporter; an extension request shows up for the unit above', async () => {
  const grid = await app.login('grid-xishan-01');
  const b = building();
  const res = await post('/api/cases', grid, { category: 'streetLight', description: '热线反映路灯', channel: 'hotline', lng: b.lng, lat: b.lat });
  const id = (res.json() as Case).id;
  await step(id, grid, { type: 'requestExtension', until: new Date(Date.now() + 40 * 86_400_000).toISOString(), reason: '需采购配件' });
  const xishan = await app.login('xishan');
  assert.ok(((await get('/api/cases/console/inbox', xishan)).json() as Inbox).items.some((c) => c.id === id));
  assert.ok((await actions(id, xishan)).actions.includes('grantExtension'));
  assert.ok(!(await actions(id, grid)).actions.includes('grantExtension'), 'nobody grants their own request');
  for (const type of ['verify', 'dispatch', 'handle']) await step(id, grid, { type });
  await step(id, grid, { type: 'reportBack', outcome: 'explained' });
  await step(id, grid, { type: 'check', passed: true });
  await step(id, grid, { type: 'close' });
  assert.deepEqual(await actions(id, grid), { actions: ['rate', 'reject'], onBehalfOfReporter: true });
});

test('the map points are the open cases in scope with their place, filtered by category', async () => {
  const resident = await app.login('resident-xishan');
  const created = await report(resident, { category: 'safetyHazard', description: '井盖缺失' });
  const xishan = await app.login('xishan');
  const points = (await get('/api/cases/console/points?category=safetyHazard', xishan)).json() as { items: { id: string; lng: number; lat: number; category: string; categoryName: string }[] };
  const p = points.items.find((x) => x.id === created.id)!;
  assert.equal(p.lng, building().lng);
  assert.ok(points.items.every((x) => x.category === 'safetyHazard'));
  assert.match(p.categoryName, /[\u4e00-\u9fff]/);
  const other = await app.login(app.demo!.accounts.find((x) => x.role === 'communityStaff' && x.username !== 'xishan')!.username);
  assert.ok(!((await get('/api/cases/console/points', other)).json() as { items: { id: string }[] }).items.some((x) => x.id === created.id));
  assert.equal((await get('/api/cases/console/points', resident)).statusCode, 403);
});

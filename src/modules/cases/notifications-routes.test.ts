import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
});
after(() => app.stop());

type Notice = { id: number; caseId: string; caseNumber: string; message: string; to: 'me' | { kind: string; code: string }; read: boolean };
type Inbox = { items: Notice[]; unread: number };
const grid01 = '330481001001G01';
const get = async (url: string, user: string) => app.app.inject({ url, headers: { cookie: await app.login(user) } });
const read = async (user: string, payload: object) => app.app.inject({ method: 'POST', url: '/api/notifications/read', headers: { cookie: await app.login(user) }, payload });
const inbox = async (user: string) => (await get('/api/notifications?limit=200', user)).json() as Inbox;
const count = async (user: string) => ((await get('/api/notifications/unread-count', user)).json() as { unread: number }).unread;
// Two accounts acting for the same grid: they share its inbox.
const worker = 'grid-xishan-01';
const colleague = 'gridleader-xishan-01';

/** A resident's report in grid 01: the grid's inbox gets the "new case" notice. */
async function reportInGrid(): Promise<{ id: string; number: string }> {
  const b = app.demo!.buildings.find((x) => x.microGridCode.startsWith(grid01))!;
  const res = await app.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: await app.login('resident-xishan') }, payload: { category: 'streetLight', description: '路灯不亮', lng: b.lng, lat: b.lat } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; number: string };
}
const noticeOf = (box: Inbox, caseId: string) => box.items.find((n) => n.caseId === caseId);

test('a notice to a unit is read per account: one worker reading it leaves it unread for a colleague', async () => {
  const created = await reportInGrid();
  const mine = noticeOf(await inbox(worker), created.id);
  assert.ok(mine, 'the grid worker sees the notice to the grid');
  assert.deepEqual(mine.to, { kind: 'grid', code: grid01 });
  assert.equal(mine.caseNumber, created.number);
  assert.match(mine.message, new RegExp(created.number));
  assert.equal(mine.read, false);
  const [workerBefore, colleagueBefore] = [await count(worker), await count(colleague)];
  assert.ok(workerBefore >= 1);
  assert.equal((await inbox(worker)).unread, workerBefore, 'the list carries the same count');

  const res = await read(worker, { ids: [mine.id] });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { marked: 1, unread: workerBefore - 1 });
  assert.equal(noticeOf(await inbox(worker), created.id)!.read, true);
  assert.equal(await count(worker), workerBefore - 1);
  assert.equal(noticeOf(await inbox(colleague), created.id)!.read, false, 'the colleague has not read it');
  assert.equal(await count(colleague), colleagueBefore);
  assert.ok(!(await get('/api/notifications?unread=true&limit=200', worker)).json<Inbox>().items.some((n) => n.caseId === created.id));
  assert.deepEqual((await read(worker, { ids: [mine.id] })).json(), { marked: 0, unread: workerBefore - 1 }, 'reading twice changes nothing');
});

test('only notices the caller can see are marked: another grid’s worker cannot mark this one', async () => {
  const created = await reportInGrid();
  const id = noticeOf(await inbox(worker), created.id)!.id;
  const other = app.demo!.accounts.find((a) => a.role === 'gridWorker' && a.unitCode !== grid01)!.username;
  assert.equal(noticeOf(await inbox(other), created.id), undefined);
  assert.equal((await read(other, { ids: [id] })).json<{ marked: number }>().marked, 0);
  assert.equal((await read(other, { all: true })).statusCode, 200);
  assert.equal(noticeOf(await inbox(worker), created.id)!.read, false);
});

test('mark all read stops at upTo, so a notice that arrived meanwhile stays unread', async () => {
  await reportInGrid();
  const seen = (await inbox(colleague)).items[0]!.id;
  const later = await reportInGrid();
  const res = await read(colleague, { all: true, upTo: seen });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json<{ unread: number }>().unread, 1);
  const box = await inbox(colleague);
  assert.equal(box.unread, 1);
  assert.equal(noticeOf(box, later.id)!.read, false);
  assert.ok(box.items.filter((n) => n.caseId !== later.id).every((n) => n.read));
  assert.equal((await read(colleague, { all: true })).json<{ unread: number }>().unread, 0);
  assert.equal(await count(colleague), 0);
});

test('bad read requests are problems; the inbox needs a signed-in caller', async () => {
  for (const [payload, status] of [[{}, 422], [{ ids: [1], all: true }, 422], [{ upTo: 5 }, 422], [{ ids: [] }, 400], [{ ids: ['x'] }, 400], [{ all: false }, 400], [{ ids: [1], extra: 1 }, 400]] as const) {
    const res = await read(worker, payload);
    assert.equal(res.statusCode, status, `${JSON.stringify(payload)} → ${res.body}`);
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
  }
  const zh = await read(worker, {});
  assert.match(zh.json<{ detail: string }>().detail, /已读/);
  assert.equal((await app.app.inject({ url: '/api/notifications/unread-count' })).statusCode, 401);
  assert.equal((await app.app.inject({ method: 'POST', url: '/api/notifications/read', payload: { all: true } })).statusCode, 401);
});

test('the routes are in the OpenAPI document with their schemas', async () => {
  const doc = (await app.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>> };
  assert.ok(doc.paths['/api/notifications/read']?.post?.requestBody);
  assert.ok(doc.paths['/api/notifications/unread-count']?.get?.responses?.['200']);
  assert.ok(doc.paths['/api/notifications']?.get?.responses?.['200']);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
});
after(() => app.stop());

type Case = { id: string; number: string; status: string; priority: string; responsible: { kind: string; code: string }; place: { microGrid: string | null; grid: string | null; outsideGrid: boolean }; reworkCount: number; escalations: number; households: number; reporter: { name: string | null; phone: string | null } };
type Detail = Case & { timeline: { type: string }[] };
const grid01 = '330481001001G01';
const building = () => app.demo!.buildings.find((b) => b.microGridCode.startsWith(grid01))!;
const get = async (url: string, cookie: string) => app.app.inject({ url, headers: { cookie } });
const post = async (url: string, cookie: string, payload: object, headers: Record<string, string> = {}) =>
  app.app.inject({ method: 'POST', url, headers: { cookie, ...headers }, payload });
const step = async (id: string, cookie: string, body: object) => {
  const res = await post(`/api/cases/${id}/events`, cookie, body);
  assert.equal(res.statusCode, 200, `${JSON.stringify(body)} → ${res.body}`);
  return res.json() as Case;
};
async function report(cookie: string, extra: object = {}): Promise<Case> {
  const b = building();
  const res = await post('/api/cases', cookie, { category: 'streetLight', description: '路灯不亮', lng: b.lng, lat: b.lat, ...extra });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as Case;
}

test('a located report lands in its grid’s inbox and is invisible to another grid', async () => {
  const resident = await app.login('resident-xishan');
  const created = await report(resident);
  assert.equal(created.place.microGrid, building().microGridCode);
  assert.deepEqual(created.responsible, { kind: 'grid', code: grid01 });
  assert.match(created.number, /^GZ-\d{4}-\d{6}$/);
  const inbox = (await get('/api/cases?limit=500', await app.login('grid-xishan-01'))).json() as { items: Case[] };
  assert.ok(inbox.items.some((c) => c.id === created.id));
  const other = await app.login(app.demo!.accounts.find((a) => a.role === 'gridWorker' && a.unitCode !== grid01)!.username);
  assert.ok(!((await get('/api/cases?limit=500', other)).json() as { items: Case[] }).items.some((c) => c.id === created.id));
  assert.equal((await get(`/api/cases/${created.id}`, other)).statusCode, 403);
  assert.equal((await get(`/api/cases/${created.number}`, resident)).statusCode, 200, 'the reporter follows their case');
  const b = building();
  const similar = (await get(`/api/cases/similar?lng=${b.lng}&lat=${b.lat}&category=streetLight`, resident)).json() as { items: { id: string }[] };
  assert.ok(similar.items.some((s) => s.id === created.id));
});

test('a retried submission with the same idempotency key returns the same case', async () => {
  const cookie = await app.login('grid-xishan-01');
  const b = building();
  const body = { category: 'sanitation', description: '垃圾堆积', channel: 'visit', lng: b.lng, lat: b.lat };
  const first = await post('/api/cases', cookie, body, { 'idempotency-key': 'visit-0001' });
  const second = await post('/api/cases', cookie, body, { 'idempotency-key': 'visit-0001' });
  assert.equal(first.statusCode, 201);
  assert.equal(second.statusCode, 200);
  assert.equal(first.json().id, second.json().id);
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases WHERE description = '垃圾堆积'`.execute(app.core.db.kysely);
  assert.equal(rows[0]!.n, 1);
  assert.equal((await post('/api/cases', cookie, { ...body, channel: undefined })).statusCode, 422, 'staff must give the channel');
});

test('a joint letter signed by households at the threshold starts raised, at the community', async () => {
  const cookie = await app.login('xishan');
  const households = [...new Set(app.demo!.residents.filter((r) => r.householdCode.startsWith('330481001001')).map((r) => r.householdCode))];
  const signers = (n: number) => households.slice(0, n).map((h) => ({ idNumber: app.demo!.residents.find((r) => r.householdCode === h)!.idNumber }));
  const b = building();
  const below = await post('/api/cases', cookie, { category: 'streetLight', description: '联名反映', channel: 'council', lng: b.lng, lat: b.lat, signers: signers(9) });
  assert.equal(below.statusCode, 201, below.body);
  assert.equal(below.json().priority, 'normal');
  assert.equal(below.json().responsible.kind, 'grid');
  const at = await post('/api/cases', cookie, { category: 'streetLight', description: '联名反映', channel: 'council', lng: b.lng, lat: b.lat, signers: signers(10) });
  assert.equal(at.json().priority, 'raised');
  assert.deepEqual(at.json().responsible, { kind: 'community', code: '330481001001' });
  assert.equal(at.json().households, 10);
  // A tenth household signing later raises the first one too; a signer signs once.
  const more = await post(`/api/cases/${below.json().id}/signatures`, cookie, { idNumbers: [...signers(10).slice(8), signers(1)[0]!].map((s) => s.idNumber) });
  assert.deepEqual(more.json(), { added: 1, households: 10, raised: true });
  assert.equal((await get(`/api/cases/${below.json().id}`, cookie)).json().priority, 'raised');
});

async function toClosed(id: string) {
  const grid = await app.login('grid-xishan-01');
  const mgAccount = app.demo!.accounts.find((a) => a.username === 'mg-xishan-01-01')!;
  const mg = await app.login(mgAccount.username);
  await step(id, grid, { type: 'verify' });
  await step(id, grid, { type: 'dispatch', to: mgAccount.unitCode });
  await step(id, mg, { type: 'handle' });
  await step(id, mg, { type: 'reportBack', outcome: 'resolved', note: '已更换灯泡' });
  await step(id, grid, { type: 'check', passed: true });
  return step(id, grid, { type: 'close' });
}

test('the full loop: accepted → verified → dispatched → handled → reported back → checked → closed → rated', async () => {
  const resident = await app.login('resident-xishan');
  const created = await report(resident);
  const closed = await toClosed(created.id);
  assert.equal(closed.status, 'closed');
  const notes = (await get('/api/notifications', resident)).json() as { items: { message: string }[] };
  assert.ok(notes.items.some((n) => n.message.includes(created.number) && n.message.includes('评价')), JSON.stringify(notes.items));
  const rated = await step(created.id, resident, { type: 'rate', satisfied: true, score: 5 });
  assert.equal(rated.status, 'rated');
  const detail = (await get(`/api/cases/${created.id}`, resident)).json() as Detail;
  assert.deepEqual(detail.timeline.map((e) => e.type), ['accept', 'verify', 'dispatch', 'handle', 'reportBack', 'check', 'close', 'rate']);
  const again = await post(`/api/cases/${created.id}/events`, resident, { type: 'rate', satisfied: true });
  assert.equal(again.statusCode, 409);
});

test('a return without a reason is refused in Chinese; with one it goes to the level above', async () => {
  const created = await report(await app.login('resident-xishan'));
  const grid = await app.login('grid-xishan-01');
  const refused = await post(`/api/cases/${created.id}/events`, grid, { type: 'return' });
  assert.equal(refused.statusCode, 422);
  assert.equal(refused.json().detail, '请填写理由');
  assert.match(refused.headers['content-type'] as string, /application\/problem\+json/);
  const returned = await step(created.id, grid, { type: 'return', reason: '属于社区统一维护的路灯' });
  assert.equal(returned.status, 'returned');
  assert.deepEqual(returned.responsible, { kind: 'community', code: '330481001001' });
  const wrongState = await post(`/api/cases/${created.id}/events`, await app.login('xishan'), { type: 'handle' });
  assert.equal(wrongState.statusCode, 409);
  assert.match(wrongState.json().detail, /已退回/);
});

test('a reporter’s rejection reopens the case and counts as rework in the indicators', async () => {
  const resident = await app.login('resident-xishan');
  const created = await report(resident);
  await toClosed(created.id);
  const reopened = await step(created.id, resident, { type: 'reject', reason: '灯还是不亮' });
  assert.equal(reopened.status, 'reopened');
  assert.equal(reopened.reworkCount, 1);
  const mg = await app.login('mg-xishan-01-01');
  const grid = await app.login('grid-xishan-01');
  await step(created.id, mg, { type: 'handle' });
  await step(created.id, mg, { type: 'reportBack', outcome: 'resolved' });
  await step(created.id, grid, { type: 'check', passed: true });
  await step(created.id, grid, { type: 'close' });
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const res = await get(`/api/cases/indicators?from=${from}&to=${to}&groupBy=category`, grid);
  assert.equal(res.statusCode, 200, res.body);
  const report1 = res.json() as { groups: Record<string, { closed: number; reworked: number; reworkRate: number | null; satisfactionRate: number | null }> };
  const lights = report1.groups.streetLight!;
  assert.ok(lights.closed >= 2, JSON.stringify(lights));
  assert.equal(lights.reworked, 1);
  assert.equal(lights.reworkRate, 1 / lights.closed);
  assert.ok(lights.satisfactionRate !== null && lights.satisfactionRate < 1, 'the rejection is an unsatisfied rating');
  assert.equal((await get(`/api/cases/indicators?from=${from}&to=${to}`, resident)).statusCode, 403);
});

test('the reminder and the escalation fire as durable timers; a stale timer does nothing', async () => {
  const created = await report(await app.login('resident-xishan'));
  const db = app.core.db.kysely;
  const { rows } = await sql<{ unique_key: string }>`SELECT unique_key FROM jobs WHERE unique_key LIKE ${`case-timer:${created.id}:case:%`} ORDER BY unique_key`.execute(db);
  assert.deepEqual(rows.map((r) => r.unique_key.split(':').pop()), ['escalation', 'reminder']);
  await sql`UPDATE jobs SET run_at = now() WHERE unique_key LIKE ${`case-timer:${created.id}:%`}`.execute(db);
  assert.ok((await app.core.jobs.drain()) >= 2);
  const grid = await app.login('grid-xishan-01');
  const detail = (await get(`/api/cases/${created.id}`, grid)).json() as Detail;
  assert.equal(detail.escalations, 1);
  assert.equal(detail.timeline.filter((e) => e.type === 'timerFired').length, 2);
  const gridNotes = ((await get('/api/notifications?limit=200', grid)).json() as { items: { message: string }[] }).items.map((n) => n.message);
  assert.ok(gridNotes.some((m) => m.startsWith('催办') && m.includes(created.number)), JSON.stringify(gridNotes));
  const community = ((await get('/api/notifications?limit=200', await app.login('xishan'))).json() as { items: { message: string }[] }).items.map((n) => n.message);
  assert.ok(community.some((m) => m.startsWith('督办') && m.includes(created.number)), 'the level above hears of the escalation');
  await app.core.jobs.schedule('cases.timer', { caseId: created.id, timerId: `${created.id}:case:7:escalation` });
  await app.core.jobs.drain();
  assert.equal(((await get(`/api/cases/${created.id}`, grid)).json() as Detail).escalations, 1);
});

test('a place outside every grid still makes a case, flagged and routed to the street', async () => {
  const cookie = await app.login('street');
  const res = await post('/api/cases', cookie, { category: 'streetVending', description: '路边摆摊', channel: 'hotline', lng: 121.9, lat: 31.2 });
  assert.equal(res.statusCode, 201, res.body);
  const c = res.json() as Case;
  assert.equal(c.place.outsideGrid, true);
  assert.equal(c.place.grid, null);
  assert.deepEqual(c.responsible, { kind: 'street', code: '330481001' });
  assert.ok(((await get('/api/cases?limit=500', cookie)).json() as { items: Case[] }).items.some((x) => x.id === c.id));
});

test('the public board shows matters and figures without personal data', async () => {
  const cookie = await app.login('grid-xishan-01');
  const b = building();
  const res = await post('/api/cases', cookie, {
    category: 'streetLight', description: '王小明反映楼下路灯不亮，电话13912345678', channel: 'hotline', lng: b.lng, lat: b.lat,
    reporter: { name: '王小明', phone: '13912345678' },
  });
  assert.equal(res.json().reporter.phone, '139****5678', 'staff see the contact masked');
  const board = await app.app.inject({ url: '/api/public/communities/330481001001/board' });
  assert.equal(board.statusCode, 200);
  const text = board.body;
  assert.ok(!text.includes('王小明') && !text.includes('13912345678') && !text.includes('5678'), text.slice(0, 500));
  assert.ok(!/reporter|resident:|account:|idNumber|phone/.test(text));
  const json = board.json() as { open: { summary: string }[]; closed: unknown[]; figures: { received: number } };
  assert.ok(json.open.length > 0 && json.closed.length > 0);
  assert.ok(json.figures.received > 0);
  assert.equal((await app.app.inject({ url: '/api/public/communities/nope/board' })).statusCode, 404);
});

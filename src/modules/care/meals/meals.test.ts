import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../../test/support/app.ts';

let app: TestApp;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
let profiles: string[] = [];
let kitchenId = '';
const orders: number[] = [];
let roundId = 0;
const req = (method: 'GET' | 'POST', url: string, who: string, payload?: object) =>
  app.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });
const db = () => app.core.db.kysely;
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);

before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  for (const u of ['xishan', 'xinjie', 'grid-xishan-01', 'mg-xishan-01-01', 'volunteer-xishan', 'volunteer-xinjie']) {
    cookies[u] = await app.login(u);
    ids[u] = (await req('GET', '/api/auth/me', u)).json().accountId as string;
  }
  const due = (await req('GET', '/api/care/visits/due', 'grid-xishan-01')).json() as { items: { profileId: string }[] };
  profiles = due.items.slice(0, 3).map((d) => d.profileId);
  assert.equal(profiles.length, 3);
  const home = (await req('GET', `/api/care/profiles/${profiles[2]}`, 'xishan')).json().home as { lng: number; lat: number };
  // Responders on duty near the third person's home, for the welfare check.
  for (const [u, m] of [['mg-xishan-01-01', 150], ['grid-xishan-01', 500]] as const) {
    assert.equal((await req('POST', '/api/care/responder/duty', u, { onDuty: true })).statusCode, 200);
    assert.equal((await req('POST', '/api/care/responder/position', u, { lng: home.lng, lat: home.lat + m / 111_195 })).statusCode, 204);
  }
});
after(() => app?.stop());

test('a kitchen takes orders: dinner by the day before, soup the same day, one per person and meal', async () => {
  assert.equal((await req('POST', '/api/care/kitchens', 'xinjie', { unitCode: '330481001001', name: '西山共享厨房' })).statusCode, 403);
  const k = await req('POST', '/api/care/kitchens', 'xishan', { unitCode: '330481001001', name: '西山共享厨房' });
  assert.equal(k.statusCode, 201, k.body);
  kitchenId = k.json().id;
  assert.ok(((await req('GET', '/api/care/kitchens', 'grid-xishan-01')).json() as { items: { id: string }[] }).items.some((x) => x.id === kitchenId), 'the grid team sees its community’s kitchen');

  const dinnerToday = await req('POST', '/api/care/meal-orders', 'grid-xishan-01', { profileId: profiles[0], kitchenId, serviceDate: chinaToday(), meal: 'dinner' });
  assert.equal(dinnerToday.statusCode, 422);
  assert.equal(dinnerToday.json().code, 'care.order.dinnerDayBefore');
  assert.equal((await req('POST', '/api/care/meal-orders', 'grid-xishan-01', { profileId: profiles[0], kitchenId, serviceDate: tomorrow(), meal: 'dinner' })).statusCode, 201);
  for (const p of profiles) {
    const o = await req('POST', '/api/care/meal-orders', 'grid-xishan-01', { profileId: p, kitchenId, serviceDate: chinaToday(), meal: 'soup' });
    assert.equal(o.statusCode, 201, o.body);
    orders.push(o.json().id as number);
  }
  assert.equal((await req('POST', '/api/care/meal-orders', 'grid-xishan-01', { profileId: profiles[0], kitchenId, serviceDate: chinaToday(), meal: 'soup' })).statusCode, 409);
  assert.equal((await req('POST', '/api/care/meal-orders', 'xinjie', { profileId: profiles[0], kitchenId, serviceDate: chinaToday(), meal: 'lunch' })).statusCode, 404);
});

test('a round goes out; the doors are timed from the kitchen; nobody answering raises a welfare-check alarm that gets offers', async () => {
  const body = { kitchenId, volunteerAccountId: ids['volunteer-xishan'], serviceDate: chinaToday(), meal: 'soup', orderIds: orders };
  const round = await req('POST', '/api/care/meal-rounds', 'xishan', body);
  assert.equal(round.statusCode, 201, round.body);
  roundId = round.json().id;
  assert.equal((await req('POST', '/api/care/meal-rounds', 'xishan', body)).statusCode, 409, 'an order rides on one round');
  assert.equal((await req('POST', `/api/care/meal-orders/${orders[0]}/handoff`, 'volunteer-xishan', { outcome: 'handedOver' })).json().code, 'care.roundNotDispatched');
  assert.equal((await req('POST', `/api/care/meal-rounds/${roundId}/dispatch`, 'volunteer-xinjie')).statusCode, 403);
  assert.equal((await req('POST', `/api/care/meal-rounds/${roundId}/dispatch`, 'volunteer-xishan')).statusCode, 200);
  const mine = (await req('GET', '/api/care/meal-rounds/mine', 'volunteer-xishan')).json() as { items: { id: number; orders: unknown[] }[] };
  assert.equal(mine.items.find((r) => r.id === roundId)!.orders.length, 3);

  const first = await req('POST', `/api/care/meal-orders/${orders[0]}/handoff`, 'volunteer-xishan', { outcome: 'handedOver' });
  assert.equal(first.statusCode, 200, first.body);
  assert.ok(first.json().doorSeconds < 60);
  assert.equal((await req('POST', `/api/care/meal-orders/${orders[0]}/handoff`, 'volunteer-xishan', { outcome: 'handedOver' })).statusCode, 409);
  // The second door is reached twelve minutes after the dispatch.
  await sql`UPDATE care_meal_rounds SET dispatched_at = now() - interval '12 minutes' WHERE id = ${roundId}`.execute(db());
  const second = await req('POST', `/api/care/meal-orders/${orders[1]}/handoff`, 'volunteer-xishan', { outcome: 'handedOver' });
  assert.ok(Math.abs(second.json().doorSeconds - 720) < 30);

  const third = await req('POST', `/api/care/meal-orders/${orders[2]}/handoff`, 'volunteer-xishan', { outcome: 'noAnswer', note: '敲门无人应答' });
  assert.equal(third.statusCode, 200, third.body);
  const alarmId = third.json().alarmId as number;
  assert.ok(alarmId, 'a welfare-check alarm');
  const alarm = (await req('GET', `/api/alarms/${alarmId}`, 'xishan')).json() as { status: string; profileId: string; deviceId: string; offers: { accountId: string; status: string }[] };
  assert.equal(alarm.status, 'open');
  assert.equal(alarm.profileId, profiles[2]);
  assert.match(alarm.deviceId, /^WELFARE-/);
  assert.ok(alarm.offers.some((o) => o.accountId === ids['mg-xishan-01-01'] && o.status === 'offered'), 'the nearest responder is offered the call');
  const tasks = (await req('GET', '/api/care/tasks', 'xishan')).json() as { items: { kind: string; alarm_id: number }[] };
  assert.ok(tasks.items.some((x) => x.kind === 'callback' && Number(x.alarm_id) === alarmId), 'the duty operator calls back');
  const ladder = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE unique_key LIKE ${`care:alarm:${alarmId}:ladder:%`}`.execute(db());
  assert.ok(ladder.rows[0]!.n >= 1, 'the escalation ladder runs');
  const heartbeat = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE unique_key LIKE 'care:device:WELFARE-%'`.execute(db());
  assert.equal(heartbeat.rows[0]!.n, 0, 'no missed-heartbeat timer for the virtual device');
  assert.equal((await req('POST', `/api/care/meal-orders/${orders[2]}/handoff`, 'volunteer-xishan', { outcome: 'noAnswer' })).statusCode, 409, 'one alarm per door');

  // The round is done: the volunteer's service time is pending approval.
  const hours = await sql<{ source: string; minutes: number; status: string }>`SELECT source, minutes, status FROM care_service_hours WHERE source = 'meal' AND source_id = ${String(roundId)}`.execute(db());
  assert.equal(hours.rows.length, 1);
  assert.equal(hours.rows[0]!.status, 'pending');
  assert.ok(hours.rows[0]!.minutes >= 11 && hours.rows[0]!.minutes <= 13, 'dispatch to the last door');
});

test('figures: share of doors within 10 minutes per kitchen and month', async () => {
  const res = await req('GET', '/api/care/meals/figures', 'xishan');
  assert.equal(res.statusCode, 200, res.body);
  const items = (res.json() as { items: { level: string; communityPath: string; kitchenId: string | null; doors: number; share: number }[] }).items;
  const community = items.find((r) => r.level === 'community' && r.communityPath === '/33/3304/330481/330481001/330481001001/')!;
  assert.deepEqual([community.kitchenId, community.doors, community.share], [null, 3, 0.333], 'the community’s kitchens together');
  const row = (res.json() as { items: { kitchenId: string; doors: number; handedOver: number; noAnswer: number; within10Min: number; share: number; month: string }[] }).items.find((r) => r.kitchenId === kitchenId)!;
  assert.deepEqual({ doors: row.doors, handedOver: row.handedOver, noAnswer: row.noAnswer, within10Min: row.within10Min, share: row.share }, { doors: 3, handedOver: 2, noAnswer: 1, within10Min: 1, share: 0.333 });
  assert.equal(row.month, chinaToday().slice(0, 7));
  assert.equal(((await req('GET', '/api/care/meals/figures', 'xinjie')).json() as { items: unknown[] }).items.length, 0);
});

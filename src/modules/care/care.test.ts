import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { needService } from '../../../test/support/services.ts';
import { forgetSessions } from './testing/server-process.ts';

const brokerUrl = process.env.MQTT_URL && process.env.MQTT_URL !== 'off' ? process.env.MQTT_URL : 'mqtt://127.0.0.1:1883';
const broker = new URL(brokerUrl);
let app: TestApp;
let cookies: Record<string, string> = {};
let ids: Record<string, string> = {};
let home = { lng: 0, lat: 0 };
let profileId = '';
let deviceToken = '';
// Unique per run: other test runs share the broker.
const run = `${process.pid}-${Date.now().toString(36)}`;
const deviceId = `T${run}-0007`;

const req = (method: 'GET' | 'POST' | 'PUT', url: string, who: string | null, payload?: unknown, headers: Record<string, string> = {}) =>
  app.app.inject({ method, url, headers: { ...(who ? { cookie: cookies[who]! } : {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const db = () => app.core.db.kysely;
const near = (metres: number) => ({ lng: home.lng, lat: home.lat + metres / 111_195 });

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function publish(device: string, body: unknown): Promise<void> {
  const client = await mqtt.connectAsync(brokerUrl, { clientId: `gz-test-device-${run}-${Math.random().toString(36).slice(2, 8)}` });
  await client.publishAsync(`gongzhi/devices/${device}/events`, typeof body === 'string' ? body : JSON.stringify(body), { qos: 1 });
  await client.endAsync();
}

const alarmOfMessage = (messageId: string) => until(`alarm for ${messageId}`, async () => {
  const { rows } = await sql<{ id: number; n: number }>`SELECT a.id::int AS id FROM care_alarms a JOIN device_events e ON e.id = a.event_id WHERE e.message_id = ${messageId}`.execute(db());
  return rows[0]?.id;
});
const offersOf = async (alarmId: number) => (await sql<{ username: string; status: string; reason: string }>`
  SELECT acc.username, o.status, o.reason FROM care_offers o JOIN accounts acc ON acc.id = o.account_id WHERE o.alarm_id = ${alarmId} ORDER BY o.id`.execute(db())).rows;
const ladderJobs = async (alarmId: number) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE unique_key LIKE ${`care:alarm:${alarmId}:ladder:%`}`.execute(db())).rows[0]!.n);

before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  for (const u of ['county', 'xishan', 'grid-xishan-01', 'mg-xishan-01-01', 'volunteer-xishan', 'gridleader-xishan-01']) {
    cookies[u] = await app.login(u);
    ids[u] = (await req('GET', '/api/auth/me', u)).json().accountId as string;
  }
  const elder = app.demo!.residents.find((r) => r.tags.includes('livingAlone') && r.householdCode.startsWith('330481001001'))!;
  const household = app.demo!.households.find((h) => h.code === elder.householdCode)!;
  const building = app.demo!.buildings.find((b) => b.code === household.buildingCode)!;
  home = { lng: building.lng, lat: building.lat };
  const found = (await req('GET', `/api/residents?q=${elder.idNumber}`, 'county')).json() as { items: { id: string }[] };
  const created = await req('POST', '/api/care/profiles', 'xishan', {
    householdCode: household.code, residentId: found.items[0]!.id, riskTier: 'high', contacts: [{ name: '女儿', relation: 'daughter', phone: '13900001234' }],
    healthNotes: 'diabetes; insulin in the fridge', keySafeCode: '4711', pairedAccountIds: [ids['volunteer-xishan']],
  });
  assert.equal(created.statusCode, 201, created.body);
  profileId = created.json().id;
  const device = await req('POST', '/api/care/devices', 'xishan', { deviceId, profileId, heartbeatSeconds: 60, missedHeartbeats: 3 });
  assert.equal(device.statusCode, 201, device.body);
  deviceToken = device.json().token;
  // Responders on duty near the home; the volunteer (paired) far away.
  const placed: [string, number][] = [['mg-xishan-01-01', 120], ['grid-xishan-01', 400], ['gridleader-xishan-01', 900], ['volunteer-xishan', 2500]];
  for (const [u, m] of placed) {
    assert.equal((await req('POST', '/api/care/responder/duty', u, { onDuty: true, skills: u.startsWith('mg') ? ['firstAid'] : [] })).statusCode, 200);
    assert.equal((await req('POST', '/api/care/responder/position', u, near(m))).statusCode, 204);
  }
});
after(async () => {
  await app?.modules.care.stopMqtt();
  // Our persistent sessions would otherwise stay on the shared broker and queue every later message.
  await forgetSessions(brokerUrl, `gz-test-server-${run}`);
  await app?.stop();
});

test('a press published over MQTT makes an alarm with offers, a callback task and ladder timers', async (t) => {
  if (!(await needService(t, 'MQTT broker', broker.hostname, Number(broker.port || 1883)))) return;
  await app.modules.care.startMqtt({ url: brokerUrl, clientId: `gz-test-server-${run}` });
  await publish(deviceId, { id: 'press-1', type: 'alarm', at: new Date().toISOString() });
  const alarmId = await alarmOfMessage('press-1');
  const offers = await offersOf(alarmId);
  assert.deepEqual(offers.map((o) => o.username), ['volunteer-xishan', 'mg-xishan-01-01', 'grid-xishan-01', 'gridleader-xishan-01'], 'paired first, then nearest');
  assert.equal(offers[0]!.reason, 'paired');
  const tasks = (await req('GET', '/api/care/tasks', 'xishan')).json() as { items: { kind: string; alarm_id: number; due_at: string }[] };
  const callback = tasks.items.find((x) => x.kind === 'callback' && Number(x.alarm_id) === alarmId)!;
  assert.ok(callback, 'the operator has a callback task');
  assert.ok(Math.abs(new Date(callback.due_at).getTime() - Date.now() - 60_000) < 10_000, 'due in 60 s');
  assert.equal(await ladderJobs(alarmId), 3);
  const mine = (await req('GET', '/api/care/offers', 'mg-xishan-01-01')).json() as { items: { alarmId: number; status: string }[] };
  assert.ok(mine.items.some((o) => Number(o.alarmId) === alarmId && o.status === 'offered'));
});

test('the same message twice makes one event and one alarm', async (t) => {
  if (!(await needService(t, 'MQTT broker', broker.hostname, Number(broker.port || 1883)))) return;
  await app.modules.care.startMqtt({ url: brokerUrl, clientId: `gz-test-server-${run}` });
  const body = { id: 'press-dup', type: 'alarm', at: new Date().toISOString() };
  await publish(deviceId, body);
  await publish(deviceId, body);
  await alarmOfMessage('press-dup');
  // Over HTTPS too: a duplicate is answered 200, not stored again.
  const again = await req('POST', `/api/devices/${deviceId}/events`, null, JSON.stringify(body), { 'x-device-token': deviceToken, 'content-type': 'text/plain' });
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().outcome, 'duplicate');
  const { rows } = await sql<{ events: number; alarms: number }>`SELECT (SELECT count(*)::int FROM device_events WHERE message_id = 'press-dup') AS events,
    (SELECT count(*)::int FROM care_alarms a JOIN device_events e ON e.id = a.event_id WHERE e.message_id = 'press-dup') AS alarms`.execute(db());
  assert.deepEqual(rows[0], { events: 1, alarms: 1 });
});

test('a cancel from the device stops the ladder and withdraws the offers', async (t) => {
  if (!(await needService(t, 'MQTT broker', broker.hostname, Number(broker.port || 1883)))) return;
  await app.modules.care.startMqtt({ url: brokerUrl, clientId: `gz-test-server-${run}` });
  await sql`UPDATE care_alarms SET status = 'resolved' WHERE device_id = ${deviceId.toUpperCase().replace(/0+(?=\d)/g, '')} AND status = 'open'`.execute(db());
  await publish(deviceId, { id: 'press-c', type: 'alarm' });
  const alarmId = await alarmOfMessage('press-c');
  assert.equal(await ladderJobs(alarmId), 3);
  // Vendor quirks: padded numeric type code, stray spaces.
  await publish(deviceId, '{ "id": "cancel-c ", "type": " 03 " }');
  await until('cancelled', async () => (await app.modules.care.alarm(alarmId))?.status === 'cancelled');
  assert.equal(await ladderJobs(alarmId), 0);
  assert.ok((await offersOf(alarmId)).every((o) => o.status === 'withdrawn'));
});

test('a cancel handled before its press (another connection was quicker) still cancels the alarm', async () => {
  const at = Date.now();
  await app.modules.care.ingest(deviceId, JSON.stringify({ id: 'reorder-before', type: 'cancel', at: new Date(at - 1000).toISOString() }), 'mqtt');
  await app.modules.care.ingest(deviceId, JSON.stringify({ id: 'reorder-cancel', type: 'cancel', at: new Date(at + 2000).toISOString() }), 'mqtt');
  const press = await app.modules.care.ingest(deviceId, JSON.stringify({ id: 'reorder-press', type: 'alarm', at: new Date(at).toISOString() }), 'mqtt');
  assert.equal((await app.modules.care.alarm(press.alarmId!))?.status, 'cancelled');
  assert.equal(await ladderJobs(press.alarmId!), 0);
  // A later press is a new alarm: the earlier cancel does not touch it.
  const again = await app.modules.care.ingest(deviceId, JSON.stringify({ id: 'reorder-again', type: 'alarm', at: new Date(at + 4000).toISOString() }), 'mqtt');
  assert.equal((await app.modules.care.alarm(again.alarmId!))?.status, 'open');
  await app.modules.care.ingest(deviceId, JSON.stringify({ id: 'reorder-end', type: 'cancel', at: new Date(at + 5000).toISOString() }), 'mqtt');
});

test('first accept wins, the others get 409 and their offers are withdrawn; the key safe goes only to the winner, audited', async () => {
  const res = await req('POST', `/api/devices/${deviceId}/events`, null, { id: 'press-k', type: 'fall', at: new Date().toISOString() }, { authorization: `Bearer ${deviceToken}` });
  assert.equal(res.statusCode, 201, res.body);
  const alarmId = res.json().alarmId as number;
  const [a, b] = await Promise.all([req('POST', `/api/alarms/${alarmId}/accept`, 'mg-xishan-01-01'), req('POST', `/api/alarms/${alarmId}/accept`, 'grid-xishan-01')]);
  assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
  const winner = a.statusCode === 200 ? 'mg-xishan-01-01' : 'grid-xishan-01';
  const loser = winner === 'mg-xishan-01-01' ? 'grid-xishan-01' : 'mg-xishan-01-01';
  const offers = await offersOf(alarmId);
  assert.deepEqual(offers.filter((o) => o.status === 'accepted').map((o) => o.username), [winner]);
  assert.ok(offers.filter((o) => o.username !== winner).every((o) => o.status === 'withdrawn'));
  assert.equal((await req('GET', `/api/alarms/${alarmId}/key-safe`, loser)).statusCode, 403);
  assert.equal((await req('GET', `/api/alarms/${alarmId}/key-safe`, 'volunteer-xishan')).statusCode, 403);
  const key = await req('GET', `/api/alarms/${alarmId}/key-safe`, winner);
  assert.equal(key.json().code, '4711');
  const audit = (await req('GET', '/api/audit?action=care.keySafe', 'county')).json() as { items: { username: string; detail: { alarmId: number } }[] };
  assert.ok(audit.items.some((i) => i.username === winner && Number(i.detail.alarmId) === alarmId));
  // The rest of the timeline: departed, arrived (checked against home), done.
  assert.equal((await req('POST', `/api/alarms/${alarmId}/departed`, winner)).statusCode, 200);
  assert.equal((await req('POST', `/api/alarms/${alarmId}/arrived`, winner, near(800))).statusCode, 422, 'too far from home');
  const arrived = await req('POST', `/api/alarms/${alarmId}/arrived`, winner, near(30));
  assert.equal(arrived.json().checked, true);
  assert.equal((await req('POST', `/api/alarms/${alarmId}/done`, winner, { note: '扶起，无外伤' })).statusCode, 200);
  const view = (await req('GET', `/api/alarms/${alarmId}`, 'xishan')).json() as { status: string; timeline: Record<string, string | null>; advise120: boolean };
  assert.equal(view.status, 'resolved');
  for (const k of ['pressed', 'offered', 'accepted', 'departed', 'arrived', 'resolved']) assert.ok(view.timeline[k], k);
  assert.equal(await ladderJobs(alarmId), 0);
  // Figures and the public board carry the alarm, without names.
  const figures = (await req('GET', '/api/care/figures', 'xishan')).json() as { items: { accepted: number; within10Min: number }[] };
  assert.ok(figures.items.some((f) => f.accepted >= 1));
  const board = await req('GET', '/api/public/communities/330481001001/care-board', null);
  assert.equal(board.statusCode, 200);
  assert.ok(!board.body.includes('care_') && !/1390000/.test(board.body));
  assert.ok((board.json().months as { alarms: number }[]).some((m) => m.alarms >= 1));
});

test('health notes only for the roles that need them', async () => {
  const staff = (await req('GET', `/api/care/profiles/${profileId}`, 'grid-xishan-01')).json() as { healthNotes: string | null; contacts: unknown[] | null };
  assert.match(staff.healthNotes!, /insulin/);
  assert.equal((await req('GET', `/api/care/profiles/${profileId}`, 'volunteer-xishan')).statusCode, 404);
  const county = (await req('GET', `/api/care/profiles/${profileId}`, 'county')).json() as { healthNotes: string | null };
  assert.equal(county.healthNotes, null, 'the county centre manages but does not read health notes');
});

test('unusable messages are kept with the reason and shown to the operator; an unknown device alarm still arrives', async (t) => {
  if (!(await needService(t, 'MQTT broker', broker.hostname, Number(broker.port || 1883)))) return;
  await app.modules.care.startMqtt({ url: brokerUrl, clientId: `gz-test-server-${run}` });
  await publish(deviceId, 'garbage{');
  await publish(deviceId, { id: 'x1', type: 'dance' });
  const rejected = await until('rejected', async () => {
    const items = ((await req('GET', '/api/care/rejected-messages', 'xishan')).json() as { items: { payload: string; reason: string }[] }).items;
    return items.filter((i) => i.payload === 'garbage{' || i.payload.includes('dance')).length === 2 ? items : null;
  });
  assert.ok(rejected.some((i) => i.reason === 'notJson') && rejected.some((i) => i.reason === 'unknownType'));
  await publish(`U${run}`, { id: 'stranger-1', type: 'alarm', lat: home.lat, lng: home.lng });
  const alarmId = await alarmOfMessage('stranger-1');
  const alarm = await app.modules.care.alarm(alarmId);
  assert.equal(alarm!.profile_id, null);
  assert.equal(alarm!.community_path, '/33/3304/330481/330481001/330481001001/', 'placed by its position');
  const tasks = (await req('GET', '/api/care/tasks', 'xishan')).json() as { items: { kind: string; alarm_id: number; detail: { unknownDevice: boolean } }[] };
  assert.ok(tasks.items.some((x) => x.kind === 'callback' && Number(x.alarm_id) === alarmId && x.detail.unknownDevice));
});

test('the escalation ladder fires from the job queue: widen, staff and family; a fall advises 120', async () => {
  const res = await req('POST', `/api/devices/${deviceId}/events`, null, { id: 'press-l', type: 'fall' }, { 'x-device-token': deviceToken });
  const alarmId = res.json().alarmId as number;
  for (const u of ['volunteer-xishan', 'mg-xishan-01-01', 'grid-xishan-01', 'gridleader-xishan-01']) await req('POST', `/api/alarms/${alarmId}/decline`, u);
  await sql`UPDATE jobs SET run_at = now() WHERE unique_key LIKE ${`care:alarm:${alarmId}:ladder:%`}`.execute(db());
  assert.ok((await app.core.jobs.drain()) >= 4);
  const alarm = await app.modules.care.alarm(alarmId);
  assert.equal(alarm!.advise_120, true);
  assert.equal(alarm!.circle, 2);
  const { rows } = await sql<{ kind: string; role: string }>`SELECT kind, role FROM care_tasks WHERE alarm_id = ${alarmId} ORDER BY id`.execute(db());
  assert.deepEqual(rows.map((r) => r.kind).sort(), ['call120', 'callback', 'escalation', 'escalation', 'escalation']);
  await app.core.jobs.drain();
  const sms = (await sql<{ recipient: string; sent_at: string | null; sent_via: string; text: string }>`SELECT recipient, sent_at, sent_via, text FROM care_notifications WHERE alarm_id = ${alarmId}`.execute(db())).rows;
  assert.equal(sms.length, 1);
  assert.equal(app.core.secrets.decrypt(sms[0]!.recipient), '13900001234');
  assert.ok(sms[0]!.sent_at, 'the family message was sent by the outbox job');
  assert.equal(sms[0]!.sent_via, 'log');
  assert.match(sms[0]!.text, /紧急呼叫/);
});

test('missed heartbeats and low battery raise low-priority tasks, once', async () => {
  await req('POST', `/api/devices/${deviceId}/events`, null, { id: 'hb-1', type: 'heartbeat', battery: 15 }, { 'x-device-token': deviceToken });
  await req('POST', `/api/devices/${deviceId}/events`, null, { id: 'hb-2', type: 'battery', battery: '12 ' }, { 'x-device-token': deviceToken });
  await sql`UPDATE jobs SET run_at = now() WHERE unique_key LIKE 'care:device:%:heartbeat'`.execute(db());
  await app.core.jobs.drain();
  const { rows } = await sql<{ kind: string; priority: string }>`SELECT kind, priority FROM care_tasks WHERE device_id IS NOT NULL AND alarm_id IS NULL ORDER BY kind`.execute(db());
  assert.deepEqual(rows, [{ kind: 'lowBattery', priority: 'low' }, { kind: 'missedHeartbeat', priority: 'low' }]);
  assert.equal((await req('POST', `/api/devices/${deviceId}/events`, null, { id: 'hb-3', type: 'heartbeat' }, { 'x-device-token': 'wrong' })).statusCode, 401);
  const bad = await req('POST', `/api/devices/${deviceId}/events`, null, '{"type": alarm', { 'x-device-token': deviceToken, 'content-type': 'application/json' });
  assert.equal(bad.statusCode, 422, 'broken JSON over HTTPS is kept, not refused before it is stored');
  const kept = (await sql<{ reason: string }>`SELECT reason FROM device_messages_rejected WHERE payload = '{"type": alarm'`.execute(db())).rows;
  assert.deepEqual(kept, [{ reason: 'notJson' }]);
});

test('a responder hears a new offer live over Server-Sent Events', async () => {
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.app.server.address() as { port: number };
  await sql`UPDATE care_alarms SET status = 'resolved' WHERE status IN ('open', 'accepted')`.execute(db());
  const controller = new AbortController();
  const res = await fetch(`http://127.0.0.1:${address.port}/api/care/stream`, { headers: { cookie: cookies['mg-xishan-01-01']! }, signal: controller.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const reader = res.body!.getReader();
  await reader.read(); // ": connected"
  const press = await req('POST', `/api/devices/${deviceId}/events`, null, { id: 'press-sse', type: 'alarm' }, { 'x-device-token': deviceToken });
  const alarmId = press.json().alarmId as number;
  let text = '';
  const end = Date.now() + 5000;
  while (!text.includes('event: offer') && Date.now() < end) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  assert.match(text, new RegExp(`event: offer\\ndata: \\{"alarmId":${alarmId}`));
});

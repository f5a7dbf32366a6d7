import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { DemoCare } from '../../../app/demo-care.ts';
import type { DemoData } from '../../demo/index.ts';
import { startTestApp, type TestApp } from '../../../../test/support/app.ts';

let app: TestApp;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
type Entry = { id: number; accountId: string; source: string; minutes: number; status: string; reason: string | null };
const req = (method: 'GET' | 'POST', url: string, who: string, payload?: object) =>
  app.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });
const db = () => app.core.db.kysely;

before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  for (const u of ['xishan', 'xinjie', 'grid-xishan-01', 'volunteer-xishan', 'volunteer-xinjie']) {
    cookies[u] = await app.login(u);
    ids[u] = (await req('GET', '/api/auth/me', u)).json().accountId as string;
  }
  // A visit (40 minutes) …
  const due = (await req('GET', '/api/care/visits/due', 'volunteer-xishan')).json() as { items: { profileId: string }[] };
  assert.equal((await req('POST', `/api/care/profiles/${due.items[0]!.profileId}/visits`, 'volunteer-xishan', { minutes: 40, findings: ['allWell'] })).statusCode, 201);
  // … and an alarm the volunteer answered: 25 minutes at the door.
  const care = (app.demo as DemoData & { care: DemoCare }).care;
  const band = care.wristbands.find((w) => w.pairedUsernames.includes('volunteer-xishan'))!;
  const press = await app.app.inject({ method: 'POST', url: `/api/devices/${band.deviceId}/events`, headers: { 'x-device-token': band.token }, payload: { id: 'hours-1', type: 'alarm' } });
  const alarmId = press.json().alarmId as number;
  assert.equal((await req('POST', `/api/alarms/${alarmId}/accept`, 'volunteer-xishan')).statusCode, 200);
  assert.equal((await req('POST', `/api/alarms/${alarmId}/arrived`, 'volunteer-xishan', { ...band.home, confirm: true })).statusCode, 200);
  assert.equal((await req('POST', `/api/alarms/${alarmId}/done`, 'volunteer-xishan', { note: '陪同就医' })).statusCode, 200);
  await sql`UPDATE care_alarms SET arrived_at = resolved_at - interval '25 minutes', accepted_at = resolved_at - interval '40 minutes' WHERE id = ${alarmId}`.execute(db());
});
after(() => app?.stop());

test('hours come from the records and wait for a coordinator: visits by duration, alarms from arrival to done', async () => {
  const res = await req('GET', `/api/care/hours?status=pending&accountId=${ids['volunteer-xishan']}`, 'xishan');
  assert.equal(res.statusCode, 200, res.body);
  const items = (res.json() as { items: Entry[] }).items;
  assert.deepEqual(items.map((e) => [e.source, e.minutes]).sort(), [['alarm', 25], ['visit', 40]]);
  const own = (await req('GET', '/api/care/hours', 'volunteer-xishan')).json() as { items: Entry[]; totals: { pending: number } };
  assert.equal(own.items.length, 2);
  assert.equal(own.totals.pending, 1.08);
  assert.equal((await req('GET', `/api/care/hours?accountId=${ids['volunteer-xishan']}`, 'grid-xishan-01')).statusCode, 403, 'a grid worker is not a coordinator');
  assert.equal((await req('GET', `/api/care/hours?accountId=${ids['volunteer-xishan']}`, 'volunteer-xinjie')).statusCode, 403);
  assert.equal(((await req('GET', `/api/care/hours?accountId=${ids['volunteer-xishan']}`, 'xinjie')).json() as { items: Entry[] }).items.length, 0, 'another community’s coordinator sees none');
});

test('approved, or declined with a reason; never deleted', async () => {
  const items = ((await req('GET', `/api/care/hours?accountId=${ids['volunteer-xishan']}`, 'xishan')).json() as { items: Entry[] }).items;
  const visit = items.find((e) => e.source === 'visit')!;
  const alarm = items.find((e) => e.source === 'alarm')!;
  const noReason = await req('POST', `/api/care/hours/${visit.id}/decision`, 'xishan', { status: 'declined' });
  assert.equal(noReason.statusCode, 422);
  assert.equal(noReason.json().code, 'care.hoursReasonRequired');
  assert.equal((await req('POST', `/api/care/hours/${visit.id}/decision`, 'xinjie', { status: 'approved' })).statusCode, 404, 'outside the coordinator’s communities');
  assert.equal((await req('POST', `/api/care/hours/${visit.id}/decision`, 'volunteer-xishan', { status: 'approved' })).statusCode, 404);
  assert.equal((await req('POST', `/api/care/hours/${visit.id}/decision`, 'xishan', { status: 'declined', reason: '与另一条记录重复' })).statusCode, 200);
  assert.equal((await req('POST', `/api/care/hours/${alarm.id}/decision`, 'xishan', { status: 'approved' })).statusCode, 200);
  const after = (await req('GET', `/api/care/hours?accountId=${ids['volunteer-xishan']}`, 'xishan')).json() as { items: Entry[]; totals: Record<string, number> };
  assert.deepEqual(after.items.map((e) => [e.source, e.status, e.reason]).sort(), [['alarm', 'approved', null], ['visit', 'declined', '与另一条记录重复']]);
  assert.deepEqual(after.totals, { approved: 0.42, pending: 0, declined: 0.67 });
  await assert.rejects(sql`DELETE FROM care_service_hours WHERE id = ${visit.id}`.execute(db()), /never deleted/);
  assert.equal((await req('GET', `/api/care/hours?accountId=${ids['volunteer-xishan']}`, 'xishan')).json().items.length, 2);
});

test('exported per volunteer to .xlsx with totals', async () => {
  const res = await req('GET', `/api/care/hours/export?accountId=${ids['volunteer-xishan']}`, 'xishan');
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.headers['content-type'] as string, /spreadsheetml/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  assert.equal(rows[0]![0], '志愿服务时长');
  assert.ok(rows.some((r) => r[1] === '应急响应' && r[2] === 25 && r[4] === '已通过'));
  assert.ok(rows.some((r) => r[1] === '上门走访' && r[2] === 40 && r[4] === '未通过' && r[5] === '与另一条记录重复'));
  assert.ok(rows.some((r) => r[0] === '合计（小时）' && r[1] === '已通过' && r[3] === 0.42));
  assert.equal((await req('GET', `/api/care/hours/export?accountId=${ids['volunteer-xishan']}`, 'volunteer-xishan')).statusCode, 200, 'a volunteer exports their own');
  assert.equal((await req('GET', `/api/care/hours/export?accountId=${ids['volunteer-xishan']}`, 'volunteer-xinjie')).statusCode, 403);
});

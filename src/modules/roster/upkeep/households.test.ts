import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/support/app.ts';
import { gb11643CheckDigit } from '../../../core/identity/id-number.ts';

let app: TestApp;
let grid: string;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  grid = await app.login('grid-xishan-01');
});
after(() => app.stop());

type Member = { id: string; name: string; householdRole: string; status: string };
type Household = { code: string; floorAreaCenti: number | null; head: string | null; members: Member[]; departed: Member[]; changes: { kind: string; fields: Record<string, { from: unknown; to: unknown }> }[]; mayEdit: boolean };

const send = (method: 'POST' | 'PATCH' | 'GET', url: string, cookie: string, payload?: object) =>
  app.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const newId = (birth: string, seq: string) => `330481${birth}${seq}${gb11643CheckDigit(`330481${birth}${seq}`)}`;
const household = async (code: string, cookie = grid) => (await send('GET', `/api/households/${code}`, cookie)).json() as Household;

function buildingOfMyGrid(withStairwells: boolean) {
  return app.demo!.buildings.find((b) => b.microGridCode.startsWith('330481001001G01') && (b.stairwells.length > 0) === withStairwells)!;
}
/** The `n`th household of the grid with a head and a spouse. */
function couple(n: number) {
  const d = app.demo!;
  const h = d.households.filter((x) => x.code.startsWith('330481001001') && d.buildings.find((b) => b.code === x.buildingCode)!.microGridCode.startsWith('330481001001G01')
    && d.residents.some((r) => r.householdCode === x.code && r.householdRole === 'head') && d.residents.some((r) => r.householdCode === x.code && r.householdRole === 'spouse'))[n]!;
  const people = d.residents.filter((r) => r.householdCode === h.code);
  return { code: h.code, head: people.find((p) => p.householdRole === 'head')!, spouse: people.find((p) => p.householdRole === 'spouse')! };
}

test('a household is added in one of its building’s stairwells, once', async () => {
  const building = buildingOfMyGrid(true);
  const wrong = await send('POST', `/api/buildings/${building.code}/households`, grid, { stairwell: '99单元', room: '' });
  assert.equal(wrong.statusCode, 400);
  assert.deepEqual((wrong.json() as { errors: { pointer: string }[] }).errors.map((e) => e.pointer), ['/body/stairwell', '/body/room']);
  const res = await send('POST', `/api/buildings/${building.code}/households`, grid, { stairwell: building.stairwells[0], room: '1808', floorAreaCenti: 8912 });
  assert.equal(res.statusCode, 201, res.body);
  const { code } = res.json() as { code: string };
  const added = await household(code);
  assert.equal(added.floorAreaCenti, 8912);
  assert.deepEqual([added.members, added.head, added.mayEdit], [[], null, true]);
  assert.equal((await send('POST', `/api/buildings/${building.code}/households`, grid, { stairwell: building.stairwells[0], room: '1808' })).statusCode, 409);
  const head = await send('POST', `/api/households/${code}/residents`, grid, { name: '新住户', idNumber: newId('19851212', '033'), phone: '0573-87001234', householdRole: 'head', residency: 'newResident' });
  assert.equal(head.statusCode, 201, head.body);
  assert.equal((await household(code)).head, (head.json() as { resident: { id: string } }).resident.id);
  const village = app.demo!.buildings.find((b) => b.stairwells.length === 0 && b.microGridCode.startsWith('330481001201'))!;
  const house = await send('POST', `/api/buildings/${village.code}/households`, await app.login('county'), { stairwell: '1单元', room: '' });
  assert.equal((house.json() as { errors: { pointer: string; code: string }[] }).errors[0]!.code, 'roster.upkeep.noStairwells');
  assert.equal((await send('POST', `/api/buildings/${village.code}/households`, grid, { stairwell: '', room: '' })).statusCode, 403, 'another community’s building');
});

test('the floor area is corrected exactly, in 0.01 m², and kept in the history', async () => {
  const { code } = couple(0);
  const before = await household(code);
  const res = await send('PATCH', `/api/households/${code}`, grid, { floorAreaCenti: 10_001 });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal((res.json() as { floorAreaCenti: number }).floorAreaCenti, 10_001);
  const after = await household(code);
  assert.deepEqual(after.changes[0]!.fields, { floorAreaCenti: { from: before.floorAreaCenti, to: 10_001 } });
  assert.equal((await send('PATCH', `/api/households/${code}`, grid, { floorAreaCenti: 12.5 })).statusCode, 400, 'hundredths are integers');
  const roll = await app.modules.roster.rollHouseholds(code, app.core.db.kysely);
  assert.equal(roll![0]!.floorAreaCenti, 10_001, 'owners’ votes weigh the corrected area');
});

test('the headship is handed over in one request, the former head given a new relation', async () => {
  const { code, head, spouse } = couple(1);
  const h = await household(code);
  const spouseId = h.members.find((m) => m.name === spouse.name && m.householdRole === 'spouse')!.id;
  const missing = await send('PATCH', `/api/households/${code}`, grid, { head: { residentId: spouseId } });
  assert.equal(missing.statusCode, 400);
  assert.ok((missing.json() as { errors: { message: string }[] }).errors[0]!.message.includes(head.name));
  const res = await send('PATCH', `/api/households/${code}`, grid, { head: { residentId: spouseId, formerHeadRole: 'spouse' } });
  assert.equal(res.statusCode, 200, res.body);
  const after = await household(code);
  assert.equal(after.head, spouseId);
  assert.equal(after.members.find((m) => m.name === head.name)!.householdRole, 'spouse');
  assert.deepEqual(after.changes[0]!.fields.head, { from: head.name, to: spouse.name });
  const stranger = couple(2);
  const strangerId = (await household(stranger.code)).members[0]!.id;
  assert.equal((await send('PATCH', `/api/households/${code}`, grid, { head: { residentId: strangerId, formerHeadRole: 'other' } })).statusCode, 400, 'a member of another household');
});

test('after the head dies the household has none; the roster import may then give it one', async () => {
  const { code, head } = couple(3);
  const h = await household(code);
  const headId = h.head!;
  const res = await send('POST', `/api/residents/${headId}/departure`, grid, { reason: 'deceased', on: '2026-12-01' });
  assert.equal((res.json() as { householdHeadless: boolean }).householdHeadless, true);
  const after = await household(code);
  assert.equal(after.head, null);
  assert.deepEqual(after.departed.map((m) => [m.name, m.status]), [[head.name, 'deceased']]);
  const demoHousehold = app.demo!.households.find((x) => x.code === code)!;
  const building = app.demo!.buildings.find((b) => b.code === demoHousehold.buildingCode)!;
  const newHead = newId('19760707', '077');
  const csv = ['小区,楼栋,单元,房号,建筑面积,姓名,身份证号,手机号,与户主关系,户籍类型,标签',
    `${building.estate},${building.name},${demoHousehold.stairwell},${demoHousehold.room},,接任户主,${newHead},13900007777,户主,本地,`,
    `${building.estate},${building.name},${demoHousehold.stairwell},${demoHousehold.room},,${head.name},${head.idNumber},,其他,本地,`].join('\n');
  const refused = await app.app.inject({ method: 'POST', url: '/api/roster/import?fileName=r.csv', headers: { cookie: grid, 'content-type': 'text/csv' }, payload: csv });
  assert.equal(refused.statusCode, 422, 'a departed person is not imported again');
  const issue = (refused.json() as { issues: { row: number; message: string }[] }).issues[0]!;
  assert.equal(issue.row, 3);
  assert.match(issue.message, /已迁出、注销/);
  const ok = await app.app.inject({ method: 'POST', url: '/api/roster/import?fileName=r.csv', headers: { cookie: grid, 'content-type': 'text/csv' }, payload: csv.split('\n').slice(0, 2).join('\n') });
  assert.equal(ok.statusCode, 201, ok.body);
  const now = await household(code);
  assert.equal(now.members.find((m) => m.id === now.head)!.name, '接任户主');
});

test('a household outside the caller’s part of the tree is neither shown nor changed', async () => {
  const elsewhere = app.demo!.households.find((h) => h.code.startsWith('330481001002'))!;
  assert.equal((await send('GET', `/api/households/${elsewhere.code}`, grid)).statusCode, 403);
  assert.equal((await send('PATCH', `/api/households/${elsewhere.code}`, grid, { floorAreaCenti: 100 })).statusCode, 403);
  assert.equal((await send('POST', `/api/households/${elsewhere.code}/residents`, grid, { name: '外人', idNumber: newId('19900909', '099'), householdRole: 'other', residency: 'local' })).statusCode, 403);
  assert.equal((await send('GET', '/api/households/nope', grid)).statusCode, 404);
  const leader = await app.login('mg-xishan-01-01');
  const account = app.demo!.accounts.find((a) => a.username === 'mg-xishan-01-01')!;
  const mine = app.demo!.households.find((h) => app.demo!.buildings.find((b) => b.code === h.buildingCode)!.microGridCode === account.unitCode)!;
  const read = await household(mine.code, leader);
  assert.equal(read.mayEdit, false, 'a micro-grid leader reads their households without editing them');
  assert.equal((await send('PATCH', `/api/households/${mine.code}`, leader, { floorAreaCenti: 100 })).statusCode, 403);
});

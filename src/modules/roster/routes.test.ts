import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { gb11643CheckDigit } from '../../core/identity/id-number.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
});
after(() => app.stop());

type Resident = { id: string; name: string; idNumber: string; phone: string | null; masked: boolean; birthDate: string | null; path: string; household: { code: string } };
const get = (url: string, cookie: string) => app.app.inject({ url, headers: { cookie } });
const gridPath = '/33/3304/330481/330481001/330481001001/330481001001G01/';

test('a grid worker sees exactly the residents of their grid, masked', async () => {
  const cookie = await app.login('grid-xishan-01');
  const res = (await get('/api/residents?limit=500', cookie)).json() as { total: number; items: Resident[] };
  const mine = app.demo!.residents.filter((r) => r.householdCode.startsWith('330481001001') && app.demo!.households.some((h) => h.code === r.householdCode && app.demo!.buildings.find((b) => b.code === h.buildingCode)!.microGridCode.startsWith('330481001001G01')));
  assert.equal(res.total, mine.length);
  assert.ok(res.items.every((r) => r.path.startsWith(gridPath)));
  const first = res.items[0]!;
  assert.match(first.idNumber, /^\d{3}\*{11}[\dX]{4}$/);
  assert.equal(first.birthDate, null, 'the birth date is in the ID number, so it is withheld when masked');
  const withPhone = res.items.find((r) => r.phone)!;
  assert.match(withPhone.phone!, /^1\d{2}\*{4}\d{4}$/);
});

test('unmasking is allowed to grid staff and written to the audit log', async () => {
  const cookie = await app.login('grid-xishan-01');
  const res = (await get('/api/residents?limit=3&unmask=true', cookie)).json() as { items: Resident[] };
  for (const r of res.items) {
    const demo = app.demo!.residents.find((d) => d.idNumber === r.idNumber);
    assert.ok(demo, 'the full ID number comes back');
    assert.equal(r.masked, false);
    assert.equal(r.birthDate, demo.birthDate);
  }
  const audit = (await get('/api/audit?action=roster.unmask', await app.login('county'))).json() as { items: { username: string; detail: { residentIds: string[] } }[] };
  const entry = audit.items.find((i) => i.username === 'grid-xishan-01')!;
  assert.deepEqual(entry.detail.residentIds.sort(), res.items.map((r) => r.id).sort());
});

test('roles without the capability cannot unmask or read the roster', async () => {
  const mg = await app.login('mg-xishan-01-01');
  assert.equal((await get('/api/residents?limit=5', mg)).statusCode, 200);
  assert.equal((await get('/api/residents?unmask=true', mg)).statusCode, 403);
  assert.equal((await get('/api/residents', await app.login('volunteer-xishan'))).statusCode, 403);
  assert.equal((await get('/api/residents', 'gz_session=nope')).statusCode, 401);
});

test('a request outside the subtree is refused by list filter, id in the URL, search and export alike', async () => {
  const cookie = await app.login('grid-xishan-01');
  const otherCommunity = app.demo!.households.find((h) => h.code.startsWith('330481001002'))!;
  assert.equal((await get(`/api/residents?under=${otherCommunity.code}`, cookie)).statusCode, 403);
  assert.equal((await get(`/api/buildings/${otherCommunity.buildingCode}/households`, cookie)).statusCode, 403);
  assert.equal((await get(`/api/roster/export.xlsx?under=330481001002`, cookie)).statusCode, 403);
  const stranger = app.demo!.residents.find((r) => r.householdCode === otherCommunity.code)!;
  const search = (await get(`/api/residents?q=${stranger.idNumber}`, cookie)).json() as { total: number };
  assert.equal(search.total, 0, 'searching a full ID number of someone elsewhere finds nothing');
});

test('search by full ID number, phone and part of a name', async () => {
  const cookie = await app.login('county');
  const someone = app.demo!.residents.find((r) => r.phone)!;
  const byId = (await get(`/api/residents?q=${someone.idNumber}`, cookie)).json() as { items: Resident[] };
  assert.deepEqual(byId.items.map((r) => r.name), [someone.name]);
  const byPhone = (await get(`/api/residents?q=${someone.phone}`, cookie)).json() as { items: Resident[] };
  assert.ok(byPhone.items.some((r) => r.name === someone.name));
  const byName = (await get(`/api/residents?q=${encodeURIComponent(someone.name.slice(1))}&limit=500`, cookie)).json() as { items: Resident[] };
  assert.ok(byName.items.every((r) => r.name.includes(someone.name.slice(1))));
  const tagged = (await get('/api/residents?tag=livingAlone&limit=500', cookie)).json() as { total: number };
  assert.equal(tagged.total, app.demo!.residents.filter((r) => r.tags.includes('livingAlone')).length);
});

test('a resident sees their own household, unmasked, and nobody else', async () => {
  const account = app.demo!.accounts.find((a) => a.role === 'resident')!;
  const cookie = await app.login(account.username);
  const res = (await get('/api/residents?unmask=true&limit=50', cookie)).json() as { items: Resident[] };
  const household = app.demo!.residents.filter((r) => r.householdCode === account.unitCode);
  assert.deepEqual(res.items.map((r) => r.idNumber).sort(), household.map((r) => r.idNumber).sort());
});

test('ID numbers and phones are encrypted at rest', async () => {
  const someone = app.demo!.residents.find((r) => r.phone)!;
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM residents
    WHERE id_number_enc LIKE ${`%${someone.idNumber}%`} OR phone_enc LIKE ${`%${someone.phone}%`} OR id_number_hash = ${someone.idNumber}`.execute(app.core.db.kysely);
  assert.equal(rows[0]!.n, 0);
});

function id(area: string, birth: string, seq: string) {
  const first17 = `${area}${birth}${seq}`;
  return first17 + gb11643CheckDigit(first17);
}

test('a roster file with a bad row imports nothing and reports every problem in Chinese', async () => {
  const cookie = await app.login('grid-xishan-01');
  const building = app.demo!.buildings.find((b) => b.microGridCode.startsWith('330481001001G01') && b.stairwells.length > 0)!;
  const good = id('330481', '19800101', '123');
  const badCheck = id('330481', '19900202', '234').slice(0, 17) + (id('330481', '19900202', '234').endsWith('0') ? '1' : '0');
  const csv = [
    '小区,楼栋,单元,房号,建筑面积,姓名,身份证号,手机号,与户主关系,户籍类型,标签',
    `${building.estate},${building.name},${building.stairwells[0]},9901,88.50,测试甲,${good},13900001111,户主,本地,`,
    `${building.estate},${building.name},${building.stairwells[0]},9902,75,测试乙,${badCheck},13900002222,户主,本地,`,
    `${building.estate},不存在的楼,1单元,101,75,测试丙,${id('330481', '19700303', '345')},13900003333,户主,新居民,`,
  ].join('\n');
  const before = (await get('/api/residents?limit=1', cookie)).json().total as number;
  const res = await app.app.inject({ method: 'POST', url: '/api/roster/import?fileName=roster.csv', headers: { cookie, 'content-type': 'text/csv' }, payload: csv });
  assert.equal(res.statusCode, 422);
  const issues = res.json().issues as { row: number; column: string; message: string }[];
  assert.ok(issues.some((i) => i.row === 3 && i.column === '身份证号' && /校验/.test(i.message)), JSON.stringify(issues));
  assert.ok(issues.some((i) => i.row === 4 && i.column === '楼栋'), JSON.stringify(issues));
  assert.ok(!issues.some((i) => i.row === 2), 'the good row has no problem');
  assert.equal((await get('/api/residents?limit=1', cookie)).json().total, before, 'nothing was imported');
});

test('a good roster file imports, and exports back to .xlsx with an audit entry', async () => {
  const cookie = await app.login('grid-xishan-01');
  const building = app.demo!.buildings.find((b) => b.microGridCode.startsWith('330481001001G01') && b.stairwells.length > 0)!;
  const head = id('330481', '19500505', '111');
  const csv = [
    '小区,楼栋,单元,房号,建筑面积,姓名,身份证号,手机号,与户主关系,户籍类型,标签',
    `${building.estate},${building.name},${building.stairwells[0]},9903,66.66,导入老人,${head},13900004444,户主,本地,独居老人`,
  ].join('\n');
  const res = await app.app.inject({ method: 'POST', url: '/api/roster/import?fileName=roster.csv', headers: { cookie, 'content-type': 'text/csv' }, payload: csv });
  assert.equal(res.statusCode, 201, res.body);
  const found = (await get(`/api/residents?q=${head}`, cookie)).json() as { items: (Resident & { tags: string[]; household: { floorAreaCenti: number } })[] };
  assert.equal(found.items[0]!.name, '导入老人');
  assert.deepEqual(found.items[0]!.tags, ['livingAlone']);
  assert.equal(found.items[0]!.household.floorAreaCenti, 6666);

  const exported = await get(`/api/roster/export.xlsx?under=${building.code}`, cookie);
  assert.equal(exported.statusCode, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const values = sheet.getSheetValues().flat().map(String);
  assert.ok(values.includes('导入老人'));
  assert.ok(!values.includes(head), 'the export is masked unless asked otherwise');
  const audit = (await get('/api/audit?action=roster.export', await app.login('county'))).json() as { items: { username: string }[] };
  assert.ok(audit.items.some((i) => i.username === 'grid-xishan-01'));
});

test('tags are configurable by the county centre only, and a new tag is accepted by the import', async () => {
  const county = await app.login('county');
  const put = await app.app.inject({ method: 'PUT', url: '/api/tags/veteran', headers: { cookie: county }, payload: { zh: '退役军人', en: 'Veteran', sort: 50 } });
  assert.equal(put.statusCode, 200);
  const tags = (await get('/api/tags', county)).json() as { items: { code: string; zh: string }[] };
  assert.ok(tags.items.some((t) => t.code === 'veteran' && t.zh === '退役军人'));
  const denied = await app.app.inject({ method: 'PUT', url: '/api/tags/other', headers: { cookie: await app.login('xishan') }, payload: { zh: '其他', en: 'Other' } });
  assert.equal(denied.statusCode, 403);
  const cookie = await app.login('grid-xishan-01');
  const building = app.demo!.buildings.find((b) => b.microGridCode.startsWith('330481001001G01') && b.stairwells.length > 0)!;
  const person = id('330481', '19600606', '555');
  const csv = ['小区,楼栋,单元,房号,建筑面积,姓名,身份证号,手机号,与户主关系,户籍类型,标签',
    `${building.estate},${building.name},${building.stairwells[0]},9904,70,老兵,${person},13900005555,户主,本地,退役军人`].join('\n');
  const res = await app.app.inject({ method: 'POST', url: '/api/roster/import?fileName=r.csv', headers: { cookie, 'content-type': 'text/csv' }, payload: csv });
  assert.equal(res.statusCode, 201, res.body);
  const found = (await get(`/api/residents?q=${person}`, cookie)).json() as { items: { tags: string[] }[] };
  assert.deepEqual(found.items[0]!.tags, ['veteran']);
});

test('unit statistics count the caller’s part of a unit only', async () => {
  const county = (await get('/api/units/330481/stats', await app.login('county'))).json() as { residents: number; households: number; byTag: Record<string, number>; partial: boolean };
  assert.equal(county.partial, false);
  assert.ok(county.residents >= app.demo!.residents.length, 'every demo resident (and the imported ones) counted');
  assert.ok(county.households >= app.demo!.households.length);
  assert.ok(county.byTag.livingAlone! >= app.demo!.residents.filter((r) => r.tags.includes('livingAlone')).length);
  const gridView = (await get('/api/units/330481001001/stats', await app.login('grid-xishan-01'))).json() as { residents: number; partial: boolean };
  assert.equal(gridView.partial, true, 'a grid worker asking about the community gets their grid only');
  assert.ok(gridView.residents < county.residents);
  assert.equal((await get('/api/units/330481001002/stats', await app.login('grid-xishan-01'))).statusCode, 403);
});

test('GET /api/places finds the building an address names, for any signed-in user', async () => {
  const b = app.demo!.buildings.find((x) => x.stairwells.length > 0)!;
  const resident = await app.login('resident-xishan');
  const found = await app.app.inject({ url: `/api/places?q=${encodeURIComponent(`${b.estate}${b.name}${b.stairwells[0]}`)}`, headers: { cookie: resident } });
  assert.equal(found.statusCode, 200, found.body);
  const match = found.json() as { precision: string; building: { code: string }; lng: number; lat: number; path: string };
  assert.equal(match.precision, 'building');
  assert.equal(match.building.code, b.code);
  assert.deepEqual([match.lng, match.lat], [b.lng, b.lat]);
  assert.ok(match.path.includes(`/${b.microGridCode}/`), match.path);
  const none = await app.app.inject({ url: '/api/places?q=人民路88号', headers: { cookie: resident } });
  assert.equal(none.statusCode, 404);
  assert.match(none.body, /placeNotFound/);
  assert.equal((await app.app.inject({ url: '/api/places?q=abc' })).statusCode, 401);
});

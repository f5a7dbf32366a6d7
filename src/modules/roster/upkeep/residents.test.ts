import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../../test/support/app.ts';
import { gb11643CheckDigit } from '../../../core/identity/id-number.ts';

let app: TestApp;
let grid: string;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  grid = await app.login('grid-xishan-01');
});
after(() => app.stop());

type Change = { kind: string; fields: Record<string, { from: unknown; to: unknown }>; username: string; note: string | null };
type Shown = { id: string; name: string; idNumber: string; phone: string | null; age: number; status: string; departedOn: string | null; householdRole: string; tags: string[]; household: { code: string } };
type Detail = Shown & { changes: Change[]; departureNote: string | null; mayEdit: boolean };

const send = (method: 'POST' | 'PATCH' | 'GET', url: string, cookie: string, payload?: object, lang = 'zh-CN') =>
  app.app.inject({ method, url, headers: { cookie, 'accept-language': lang }, ...(payload ? { payload } : {}) });
const newId = (birth: string, seq: string) => `330481${birth}${seq}${gb11643CheckDigit(`330481${birth}${seq}`)}`;
const inMyGrid = (code: string) => code.startsWith('330481001001G01');

/** The `n`th household of the grid worker's grid with a head and at least two other members: one per test. */
function family(n: number) {
  const d = app.demo!;
  const household = d.households.filter((h) => inMyGrid(d.buildings.find((b) => b.code === h.buildingCode)!.microGridCode)
    && d.residents.filter((r) => r.householdCode === h.code).length >= 3 && d.residents.some((r) => r.householdCode === h.code && r.householdRole === 'head'))[n]!;
  const members = d.residents.filter((r) => r.householdCode === household.code);
  return { household, members, head: members.find((m) => m.householdRole === 'head')! };
}
async function residentId(idNumber: string, status = 'all'): Promise<string> {
  const found = (await send('GET', `/api/residents?q=${idNumber}&status=${status}`, grid)).json() as { items: Shown[] };
  return found.items[0]!.id;
}
async function auditOf(action: string) {
  return ((await send('GET', `/api/audit?action=${action}`, await app.login('county'))).json() as { items: { username: string; subjectId: string | null; detail: Record<string, unknown> }[] }).items;
}

test('a grid worker adds a newborn to a household of their grid: written, in the history and the audit log', async () => {
  const { household } = family(0);
  const idNumber = newId('20261101', '004');
  const res = await send('POST', `/api/households/${household.code}/residents`, grid, { name: '王 小 满', idNumber, householdRole: 'grandchild', residency: 'local', tags: ['child'] });
  assert.equal(res.statusCode, 201, res.body);
  const added = res.json() as { resident: Shown; returned: boolean };
  assert.equal(added.returned, false);
  assert.equal(added.resident.name, '王小满');
  assert.equal(added.resident.idNumber, `330***********${idNumber.slice(-4)}`, 'masked in the answer');
  assert.equal(added.resident.household.code, household.code);
  const members = (await send('GET', `/api/residents?under=${household.code}`, grid)).json() as { items: Shown[] };
  assert.ok(members.items.some((r) => r.id === added.resident.id));
  const detail = (await send('GET', `/api/residents/${added.resident.id}`, grid)).json() as Detail;
  assert.deepEqual(detail.changes.map((c) => [c.kind, c.username]), [['added', 'grid-xishan-01']]);
  assert.ok((await auditOf('roster.resident.add')).some((a) => a.subjectId === added.resident.id && a.username === 'grid-xishan-01'));
});

test('bad fields are refused field by field, in the request’s language, and nothing is written', async () => {
  const { household } = family(1);
  const count = async () => ((await send('GET', `/api/residents?under=${household.code}&status=all`, grid)).json() as { total: number }).total;
  const before = await count();
  const wrongCheck = newId('19880808', '123').slice(0, 17) + (newId('19880808', '123').endsWith('1') ? '2' : '1');
  const res = await send('POST', `/api/households/${household.code}/residents`, grid, { name: '测试1', idNumber: wrongCheck, phone: '1380000', householdRole: 'other', residency: 'local', tags: ['nope'] });
  assert.equal(res.statusCode, 400);
  assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
  const errors = (res.json() as { errors: { pointer: string; message: string }[] }).errors;
  assert.deepEqual(errors.map((e) => e.pointer), ['/body/name', '/body/idNumber', '/body/phone', '/body/tags/0']);
  assert.match(errors[1]!.message, /校验位/);
  const english = await send('POST', `/api/households/${household.code}/residents`, grid, { name: '测试', idNumber: wrongCheck, householdRole: 'other', residency: 'local' }, 'en');
  assert.match((english.json() as { errors: { message: string }[] }).errors[0]!.message, /check digit/);
  const schema = await send('POST', `/api/households/${household.code}/residents`, grid, { name: '测试', idNumber: wrongCheck, householdRole: 'boss', residency: 'local' });
  assert.equal(schema.statusCode, 400, 'an unknown relation is refused by the schema');
  assert.equal(await count(), before);
});

test('one head per household, and one entry per person', async () => {
  const { household, head, members } = family(2);
  const second = await send('POST', `/api/households/${household.code}/residents`, grid, { name: '第二户主', idNumber: newId('19700101', '011'), householdRole: 'head', residency: 'local' });
  assert.equal(second.statusCode, 409);
  assert.ok((second.json() as { detail: string }).detail.includes(head.name), 'the message names the head there is');
  const again = await send('POST', `/api/households/${household.code}/residents`, grid, { name: members[1]!.name, idNumber: members[1]!.idNumber, householdRole: 'other', residency: 'local' });
  assert.equal(again.statusCode, 409);
  assert.equal((again.json() as { code: string }).code, 'roster.upkeep.alreadyOnRoster');
  const promote = await send('PATCH', `/api/residents/${await residentId(members[1]!.idNumber)}`, grid, { householdRole: 'head' });
  assert.equal(promote.statusCode, 409);
});

test('an edit corrects the phone and tags; the history and the audit log hold no unmasked number', async () => {
  const { members } = family(3);
  const person = members.find((m) => m.householdRole !== 'head')!;
  const id = await residentId(person.idNumber);
  const res = await send('PATCH', `/api/residents/${id}`, grid, { phone: '139 0573 1234', tags: ['livingAlone', 'partyMember'], residency: 'newResident' });
  assert.equal(res.statusCode, 200, res.body);
  const shown = res.json() as Shown;
  assert.equal(shown.phone, '139****1234');
  assert.deepEqual([...shown.tags].sort(), ['livingAlone', 'partyMember']);
  const unmasked = (await send('GET', `/api/residents/${id}?unmask=true`, grid)).json() as Detail;
  assert.equal(unmasked.phone, '13905731234');
  assert.equal(unmasked.idNumber, person.idNumber);
  const change = unmasked.changes[0]!;
  assert.equal(change.kind, 'edited');
  assert.deepEqual(change.fields.phone, { from: person.phone ? `${person.phone.slice(0, 3)}****${person.phone.slice(-4)}` : null, to: '139****1234' });
  assert.deepEqual(change.fields.residency, { from: person.residency, to: 'newResident' });
  const audits = await auditOf('roster.resident.edit');
  const entry = audits.find((a) => a.subjectId === id)!;
  assert.deepEqual((entry.detail.fields as string[]).sort(), Object.keys(change.fields).sort());
  assert.ok(!JSON.stringify(audits).includes('13905731234') && !JSON.stringify(unmasked.changes).includes('13905731234'));
  assert.ok((await auditOf('roster.unmask')).some((a) => a.subjectId === id), 'the unmasked read is audited');
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM residents WHERE phone_enc LIKE '%13905731234%'`.execute(app.core.db.kysely);
  assert.equal(rows[0]!.n, 0, 'the new phone is encrypted at rest');
  const same = await send('PATCH', `/api/residents/${id}`, grid, { phone: '13905731234' });
  assert.equal(same.statusCode, 200);
  assert.equal(((await send('GET', `/api/residents/${id}`, grid)).json() as Detail).changes.length, unmasked.changes.length, 'the same phone again is no change');
});

test('a death is recorded, not deleted: off every active list, kept with its date, and found again by status', async () => {
  const { household, members } = family(4);
  const person = members.find((m) => m.householdRole !== 'head' && m.birthDate < '1990-01-01') ?? members.find((m) => m.householdRole !== 'head')!;
  const id = await residentId(person.idNumber);
  const stats = async () => ((await send('GET', '/api/units/330481001001/stats', grid)).json() as { residents: number }).residents;
  const before = await stats();
  const future = await send('POST', `/api/residents/${id}/departure`, grid, { reason: 'deceased', on: '2099-01-01' });
  assert.equal(future.statusCode, 400);
  const early = await send('POST', `/api/residents/${id}/departure`, grid, { reason: 'deceased', on: '1899-01-01' });
  assert.match((early.json() as { errors: { message: string }[] }).errors[0]!.message, new RegExp(person.birthDate));
  const res = await send('POST', `/api/residents/${id}/departure`, grid, { reason: 'deceased', on: '2026-11-30', note: '死亡证明已核验' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal((res.json() as { householdHeadless: boolean }).householdHeadless, false);
  assert.equal(await stats(), before - 1);
  const active = (await send('GET', `/api/residents?under=${household.code}`, grid)).json() as { items: Shown[] };
  assert.ok(!active.items.some((r) => r.id === id));
  const departed = (await send('GET', `/api/residents?under=${household.code}&status=departed`, grid)).json() as { items: Shown[] };
  assert.deepEqual(departed.items.map((r) => [r.id, r.status, r.departedOn]), [[id, 'deceased', '2026-11-30']]);
  const detail = (await send('GET', `/api/residents/${id}`, grid)).json() as Detail;
  assert.equal(detail.departureNote, '死亡证明已核验');
  assert.equal(detail.mayEdit, false);
  const [y, m, d] = person.birthDate.split('-').map(Number) as [number, number, number];
  assert.equal(detail.age, 2026 - y - (m > 11 || (m === 11 && d > 30) ? 1 : 0), 'the age is the age at death');
  assert.equal((await send('PATCH', `/api/residents/${id}`, grid, { phone: null })).statusCode, 409);
  assert.equal((await send('POST', `/api/residents/${id}/departure`, grid, { reason: 'movedOut', on: '2026-12-01' })).statusCode, 409);
  const roll = await app.modules.roster.rollHouseholds(household.code, app.core.db.kysely);
  assert.ok(!roll![0]!.people.some((p) => p.id === id), 'nobody who died is on a vote roll');
});

test('a resident who moved away comes back by their ID number, with their history, into the household they come to', async () => {
  const { members } = family(5);
  const person = members.find((m) => m.householdRole === 'child') ?? members.find((m) => m.householdRole !== 'head')!;
  const id = await residentId(person.idNumber, 'active');
  assert.equal((await send('POST', `/api/residents/${id}/departure`, grid, { reason: 'movedOut', on: '2026-10-01', note: '迁往杭州' })).statusCode, 200);
  const d = app.demo!;
  const other = d.households.find((h) => inMyGrid(d.buildings.find((b) => b.code === h.buildingCode)!.microGridCode) && h.code !== person.householdCode)!;
  const back = await send('POST', `/api/households/${other.code}/residents`, grid, { name: person.name, idNumber: person.idNumber, householdRole: 'other', residency: 'newResident' });
  assert.equal(back.statusCode, 200, back.body);
  const result = back.json() as { resident: Shown; returned: boolean };
  assert.equal(result.returned, true);
  assert.equal(result.resident.id, id, 'the same person, not a second one');
  assert.equal(result.resident.status, 'active');
  const detail = (await send('GET', `/api/residents/${id}`, grid)).json() as Detail;
  assert.deepEqual(detail.changes.map((c) => c.kind), ['returned', 'departed']);
  assert.deepEqual(detail.changes[0]!.fields.household, { from: person.householdCode, to: other.code });
});

test('a move goes to another household of the caller’s part of the tree only', async () => {
  const d = app.demo!;
  const { members } = family(6);
  const person = members.find((m) => m.householdRole === 'spouse') ?? members.find((m) => m.householdRole !== 'head')!;
  const id = await residentId(person.idNumber, 'active');
  const elsewhere = d.households.find((h) => h.code.startsWith('330481001002'))!;
  assert.equal((await send('POST', `/api/residents/${id}/move`, grid, { householdCode: elsewhere.code, householdRole: 'other' })).statusCode, 403);
  const target = d.households.find((h) => inMyGrid(d.buildings.find((b) => b.code === h.buildingCode)!.microGridCode) && h.code !== person.householdCode && d.residents.some((r) => r.householdCode === h.code && r.householdRole === 'head'))!;
  assert.equal((await send('POST', `/api/residents/${id}/move`, grid, { householdCode: target.code, householdRole: 'head' })).statusCode, 409, 'the target has a head');
  const res = await send('POST', `/api/residents/${id}/move`, grid, { householdCode: target.code, householdRole: 'parent' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal((res.json() as Shown).household.code, target.code);
  const detail = (await send('GET', `/api/residents/${id}`, grid)).json() as Detail;
  assert.deepEqual(detail.changes[0]!.fields, { household: { from: person.householdCode, to: target.code }, householdRole: { from: person.householdRole, to: 'parent' } });
});

test('roles that may not keep the roster, or not this part of it, are refused', async () => {
  const { members } = family(7);
  const id = await residentId(members[0]!.idNumber, 'active');
  const stranger = app.demo!.residents.find((r) => r.householdCode.startsWith('330481001002'))!;
  const strangerId = ((await send('GET', `/api/residents?q=${stranger.idNumber}`, await app.login('county'))).json() as { items: Shown[] }).items[0]!.id;
  assert.equal((await send('PATCH', `/api/residents/${strangerId}`, grid, { tags: [] })).statusCode, 403);
  assert.equal((await send('GET', `/api/residents/${strangerId}`, grid)).statusCode, 403);
  assert.equal((await send('PATCH', `/api/residents/${id}`, await app.login('mg-xishan-01-01'), { tags: [] })).statusCode, 403);
  assert.equal((await send('GET', `/api/residents/${id}?unmask=true`, await app.login('mg-xishan-01-01'))).statusCode, 403);
  assert.equal((await send('PATCH', `/api/residents/${id}`, await app.login('resident-xishan'), { tags: [] })).statusCode, 403);
  assert.equal((await send('PATCH', `/api/residents/${id}`, 'gz_session=nope', { tags: [] })).statusCode, 401);
  assert.equal((await send('GET', '/api/residents/00000000-0000-4000-8000-000000000000', grid)).statusCode, 404);
});

test('a listener of another module that fails rolls the departure back, history and audit line included', async () => {
  const { members } = family(8);
  const person = members.find((m) => m.householdRole === 'head')!;
  const id = await residentId(person.idNumber, 'active');
  let heard = 0;
  app.modules.roster.onChange(async (change) => {
    if (change.residentId !== id) return;
    heard++;
    throw new Error('the listener failed');
  });
  const res = await send('POST', `/api/residents/${id}/departure`, grid, { reason: 'movedOut', on: '2026-12-01' });
  assert.equal(res.statusCode, 500);
  assert.equal(heard, 1);
  const detail = (await send('GET', `/api/residents/${id}`, grid)).json() as Detail;
  assert.equal(detail.status, 'active');
  assert.ok(!detail.changes.some((c) => c.kind === 'departed'));
  assert.ok(!(await auditOf('roster.resident.depart')).some((a) => a.subjectId === id));
});

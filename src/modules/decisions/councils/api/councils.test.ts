import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../../test/support/app.ts';
import { client, residentsOf } from './testkit.ts';

let app: TestApp;
let api: ReturnType<typeof client>;
const xishan = '330481001001';
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  api = client(app);
});
after(() => app.stop());

type Council = { id: string; kind: string; scope: { path: string } };
type Detail = Council & { noticeDays: number; quorum: object; canManage: boolean; terms: { id: string; seats: { memberId: string; standing: boolean; constituency: string | null }[] }[]; members: { id: string; name: string; fromRoster: boolean }[] };

test('a council has terms that never overlap, members from the roster or outside, and seats in a term', async () => {
  const staff = await app.login('xishan');
  const council = await api.ok<Council>('POST', '/api/councils', staff, { kind: 'representativeAssembly', name: '西山社区居民代表大会', scopeCode: xishan });
  const term = await api.ok<{ id: string }>('POST', `/api/councils/${council.id}/terms`, staff, { name: '第一届', startsOn: '2024-01-01', endsOn: '2026-12-31' });
  const clash = await api.call('POST', `/api/councils/${council.id}/terms`, staff, { name: '第二届', startsOn: '2026-06-01' });
  assert.equal(clash.statusCode, 409);
  assert.match(clash.json().detail, /第一届/);
  assert.equal(clash.headers['content-type'], 'application/problem+json; charset=utf-8');
  await api.ok('POST', `/api/councils/${council.id}/terms`, staff, { name: '第二届', startsOn: '2027-01-01' });

  const [a, b] = await residentsOf(app, xishan, 2);
  const member = await api.ok<{ id: string }>('POST', `/api/councils/${council.id}/members`, staff, { householdCode: a!.householdCode, residentId: a!.id, seat: { termId: term.id, constituency: 'partyMember', title: '主任' } });
  assert.equal((await api.call('POST', `/api/councils/${council.id}/members`, staff, { householdCode: a!.householdCode, residentId: a!.id })).statusCode, 409, 'a resident is a member once');
  assert.equal((await api.call('POST', `/api/councils/${council.id}/members`, staff, { householdCode: a!.householdCode, residentId: b!.id })).statusCode, 404, 'the resident must live in that household');
  const outside = await api.ok<{ id: string; fromRoster: boolean }>('POST', `/api/councils/${council.id}/members`, staff, { name: '王物业', note: '物业项目经理' });
  assert.equal(outside.fromRoster, false);
  await api.ok('POST', `/api/councils/${council.id}/members/${outside.id}/seats`, staff, { termId: term.id, standing: false });
  const late = await api.call('POST', `/api/councils/${council.id}/members/${outside.id}/seats`, staff, { termId: term.id, startsOn: '2025-03-01' });
  assert.equal(late.statusCode, 409, 'one seat per member and term');
  assert.equal((await api.call('POST', `/api/councils/${council.id}/members/${member.id}/seats`, staff, { termId: term.id, startsOn: '2027-03-01' })).statusCode, 422, 'a seat lies within its term');

  const detail = await api.ok<Detail>('GET', `/api/councils/${council.id}`, staff);
  assert.equal(detail.noticeDays, 7);
  assert.deepEqual(detail.quorum, { atLeast: '2/3' });
  assert.equal(detail.terms[0]!.seats.length, 2);
  assert.equal(detail.members.find((m) => m.id === member.id)?.name, a!.name);

  // Membership grants no access, access no membership: a resident reads the council (masked), cannot manage it.
  const resident = await app.login('resident-xishan');
  const seen = await api.ok<Detail>('GET', `/api/councils/${council.id}`, resident);
  assert.equal(seen.canManage, false);
  assert.notEqual(seen.members.find((m) => m.id === member.id)?.name, a!.name);
  assert.equal((await api.call('POST', `/api/councils/${council.id}/terms`, resident, { name: 'x', startsOn: '2030-01-01' })).statusCode, 403);
  const other = await app.login('xinjie');
  assert.equal((await api.call('GET', `/api/councils/${council.id}`, other)).statusCode, 404, 'another community does not see it');
  const listed = await api.ok<{ items: Council[] }>('GET', '/api/councils', resident);
  assert.ok(listed.items.some((c) => c.id === council.id));
  assert.ok(!(await api.ok<{ items: Council[] }>('GET', '/api/councils', other)).items.some((c) => c.id === council.id));
});

test('an owners’ assembly needs 15 days’ notice by default; a part of the tree may change it, the deepest setting winning', async () => {
  const staff = await app.login('xishan');
  const assembly = await api.ok<Council>('POST', '/api/councils', staff, { kind: 'ownersAssembly', name: '西山新村业主大会', scopeCode: `${xishan}G01` });
  const in10days = new Date(Date.now() + 10 * 86_400_000).toISOString();
  const meeting = await api.ok<{ id: string }>('POST', `/api/councils/${assembly.id}/meetings`, staff, { title: '加装电梯', startsAt: in10days, items: [{ title: '加装电梯方案', decision: { electorate: 'owners', rule: { method: 'civilCode278', matter: 9 } } }] });
  const refused = await api.call('POST', `/api/meetings/${meeting.id}/notice`, staff, { text: '定于…召开' });
  assert.equal(refused.statusCode, 422);
  assert.equal(refused.json().code, 'councils.noticeTooLate');
  assert.match(refused.json().detail, /至少提前 15 天/);
  const en = await app.app.inject({ method: 'POST', url: `/api/meetings/${meeting.id}/notice`, headers: { cookie: staff, 'accept-language': 'en' }, payload: {} });
  assert.match(en.json().detail, /at least 15 days/);

  // Sixteen days ahead is enough; a street that asks 20 days of its owners' assemblies refuses it.
  const inTime = await api.ok<{ id: string }>('POST', `/api/councils/${assembly.id}/meetings`, staff, { title: '加装电梯', startsAt: new Date(Date.now() + 16 * 86_400_000).toISOString(), items: [{ title: '加装电梯方案', decision: { electorate: 'owners', rule: { method: 'civilCode278', matter: 9 } } }] });
  await api.ok('PUT', '/api/councils/kinds/ownersAssembly/notice-days', await app.login('street'), { scopeCode: '330481001', noticeDays: 20 });
  assert.equal((await api.ok<Detail>('GET', `/api/councils/${assembly.id}`, staff)).noticeDays, 20, 'the street’s setting applies below it');
  assert.equal((await api.call('POST', `/api/meetings/${inTime.id}/notice`, staff, {})).statusCode, 422);
  assert.equal((await api.call('PUT', '/api/councils/kinds/ownersAssembly/notice-days', staff, { scopeCode: '330481001', noticeDays: 15 })).statusCode, 403, 'a community cannot set the street’s rule');
  await api.ok('PUT', '/api/councils/kinds/ownersAssembly/notice-days', staff, { scopeCode: xishan, noticeDays: 15 });
  const published = await api.ok<{ status: string; notice: { days: number } }>('POST', `/api/meetings/${inTime.id}/notice`, staff, { text: '定于…召开' }, 200);
  assert.equal(published.status, 'noticed');
  assert.equal(published.notice.days, 15, 'the deepest setting wins');
  const again = await api.call('POST', `/api/meetings/${inTime.id}/notice`, staff, {});
  assert.equal(again.statusCode, 409);
  // Anyone reads a published notice without signing in.
  const notice = await api.ok<{ agenda: { title: string; forVote: boolean }[] }>('GET', `/api/public/meetings/${inTime.id}/notice`, null);
  assert.deepEqual(notice.agenda.map((i) => [i.title, i.forVote]), [['加装电梯方案', true]]);
  // An owners' item is counted by art. 278 over the owners under the council's node: no meeting quorum applies.
  const items = (await api.ok<{ items: { id: string }[] }>('GET', `/api/meetings/${inTime.id}`, staff)).items;
  const voting = await api.ok<{ status: string; motionId: string }>('POST', `/api/meetings/${inTime.id}/items/${items[0]!.id}/vote`, staff, { closesAt: new Date(Date.now() + 20 * 86_400_000).toISOString() }, 200);
  assert.equal(voting.status, 'voting');
  const motion = await api.ok<{ rule?: { method: string; matter: number } }>('GET', `/api/motions/${voting.motionId}`, staff);
  assert.match(JSON.stringify(motion), /civilCode278/);
});

test('an advice hall gets its meetings on the 20th of each month, once', async () => {
  const staff = await app.login('xishan');
  const hall = await api.ok<Council>('POST', '/api/councils', staff, { kind: 'adviceHall', name: '建言堂', scopeCode: xishan });
  const first = await api.ok<{ days: string[]; created: string[] }>('POST', `/api/councils/${hall.id}/meetings/generate`, staff, { from: '2026-11', months: 3, title: '文明大家谈' });
  assert.deepEqual(first.days, ['2026-11-20', '2026-12-20', '2027-01-20']);
  assert.equal(first.created.length, 3);
  const second = await api.ok<{ created: string[] }>('POST', `/api/councils/${hall.id}/meetings/generate`, staff, { from: '2026-12', months: 3, title: '文明大家谈' });
  assert.equal(second.created.length, 1, 'only February is new');
  const list = await api.ok<{ items: { startsAt: string }[] }>('GET', `/api/councils/${hall.id}/meetings`, staff);
  assert.ok(list.items.some((m) => m.startsAt.startsWith('2026-12-20T11:00:00')), '19:00 in Shanghai');
  const plain = await api.ok<Council>('POST', '/api/councils', staff, { kind: 'council', name: '议事堂', scopeCode: xishan });
  assert.equal((await api.call('POST', `/api/councils/${plain.id}/meetings/generate`, staff, { from: '2026-11', months: 1, title: 'x' })).statusCode, 422);
});

test('bad input is a problem with field errors', async () => {
  const staff = await app.login('xishan');
  const res = await api.call('POST', '/api/councils', staff, { kind: 'club', name: '', scopeCode: xishan });
  assert.equal(res.statusCode, 400);
  assert.ok(res.json().errors.length >= 2);
  assert.equal((await api.call('POST', '/api/councils', staff, { kind: 'council', name: 'x', scopeCode: '330481001002' })).statusCode, 403, 'outside the scope');
  assert.equal((await api.call('POST', '/api/councils', null, { kind: 'council', name: 'x', scopeCode: xishan })).statusCode, 401);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
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

type Quorum = { members: number; present: number; required: number; met: boolean };
type Item = { id: string; title: string; status: string; onNotice: boolean; motionId: string | null; passed: boolean | null; result: { outcome: string; counts: Record<string, number> } | null };
type Meeting = { id: string; status: string; checkinToken?: string; quorum: Quorum; items: Item[]; members: { memberId: string; name: string; present: boolean }[] };
type Minutes = { status: string; body: string; version: number };

test('a council meets: notice, QR check-in to quorum, an item voted and decided, minutes published, in the calendar', async () => {
  const staff = await app.login('xishan');
  const council = await api.ok<{ id: string }>('POST', '/api/councils', staff, { kind: 'council', name: '西山议事堂', scopeCode: xishan, noticeDays: 0 });
  const term = await api.ok<{ id: string }>('POST', `/api/councils/${council.id}/terms`, staff, { name: '2026届', startsOn: '2026-01-01', endsOn: '2028-12-31' });
  // Four standing members (the first lives in resident-xishan's household) and a volunteer who does not vote.
  const people = await residentsOf(app, xishan, 4, 'resident-xishan');
  const constituency = ['partyMember', 'localResident', 'newResident', 'localResident'];
  const members: string[] = [];
  for (const [i, p] of people.entries()) {
    const m = await api.ok<{ id: string }>('POST', `/api/councils/${council.id}/members`, staff, { householdCode: p.householdCode, residentId: p.id, seat: { termId: term.id, constituency: constituency[i] } });
    members.push(m.id);
  }
  const volunteer = await api.ok<{ id: string }>('POST', `/api/councils/${council.id}/members`, staff, { name: '热心居民老李', seat: { termId: term.id, standing: false } });

  const startsAt = new Date(Date.now() + 5 * 60_000).toISOString();
  const meeting = await api.ok<{ id: string }>('POST', `/api/councils/${council.id}/meetings`, staff, {
    title: '十一月议事会', startsAt, place: '西山幸福家园二楼', items: [
      { title: '增设电动车充电桩', text: '在3幢北侧增设充电桩10个', decision: { electorate: 'attendees', rule: { method: 'simpleMajority' } } },
      { title: '通报楼道清理情况' },
      { title: '修订居民公约第三条', decision: { electorate: 'body', rule: { method: 'simpleMajority', majorityBase: 'members' } } },
    ],
  });
  assert.equal((await api.call('POST', `/api/meetings/${meeting.id}/attendance`, staff, { memberId: members[1] })).statusCode, 409, 'no check-in before the notice');
  await api.ok('POST', `/api/meetings/${meeting.id}/notice`, staff, { text: '请各位代表准时参加' }, 200);
  const late = await api.ok<Item>('POST', `/api/meetings/${meeting.id}/items`, staff, { title: '临时动议：更换门禁', decision: { electorate: 'attendees', rule: { method: 'simpleMajority' } } });
  assert.equal(late.onNotice, false);

  // The QR code links to the phone page through the meeting's check-in token.
  const detail = await api.ok<Meeting>('GET', `/api/meetings/${meeting.id}`, staff);
  const qr = await api.call('GET', `/api/meetings/${meeting.id}/checkin-qr.svg`, staff);
  assert.equal(qr.statusCode, 200);
  assert.match(qr.headers['content-type'] as string, /image\/svg\+xml/);
  assert.match(qr.body, /^<svg/);
  assert.equal(qr.headers['x-checkin-url'], `http://localhost:80/checkin/${detail.checkinToken}`);
  const png = await api.call('GET', `/api/meetings/${meeting.id}/checkin-qr.png`, staff);
  assert.deepEqual([...png.rawPayload.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const resident = await app.login('resident-xishan');
  assert.equal((await api.call('GET', `/api/meetings/${meeting.id}/checkin-qr.svg`, resident)).statusCode, 403);
  const token = detail.checkinToken!;

  // The resident checks themself in on the phone; staff check in two more: 3 of 4 present, more than half.
  const view = await api.ok<{ mine: { memberId: string }[]; quorum: Quorum; staff: boolean }>('GET', `/api/checkin/${token}`, resident);
  assert.deepEqual(view.mine.map((m) => m.memberId), [members[0]]);
  assert.deepEqual(view.quorum, { members: 4, present: 0, required: 3, met: false });
  const self = await api.ok<{ quorum: Quorum }>('POST', `/api/checkin/${token}`, resident, {}, 200);
  assert.equal(self.quorum.present, 1);
  assert.equal((await api.ok<{ already: boolean }>('POST', `/api/checkin/${token}`, resident, {}, 200)).already, true, 'checking in twice counts once');
  assert.equal((await api.call('POST', `/api/checkin/${token}`, await app.login('resident-xinjie'), {})).statusCode, 403, 'not a member');
  assert.equal((await api.call('POST', `/api/meetings/${meeting.id}/attendance`, await app.login('grid-xishan-01'), { memberId: members[1] })).statusCode, 403, 'a grid worker checks people in at the grid’s councils, not the community’s');
  await api.ok('POST', `/api/meetings/${meeting.id}/attendance`, staff, { memberId: members[1] }, 200);
  await api.ok('POST', `/api/meetings/${meeting.id}/attendance`, staff, { memberId: volunteer.id }, 200);
  const item = detail.items[0]!;
  const early = await api.call('POST', `/api/meetings/${meeting.id}/items/${item.id}/vote`, staff, {});
  assert.equal(early.statusCode, 422);
  assert.equal(early.json().code, 'councils.notQuorate');
  assert.deepEqual(await api.ok<Quorum>('GET', `/api/meetings/${meeting.id}/quorum`, staff), { members: 4, present: 2, required: 3, met: false }, 'the volunteer does not count');
  const third = await api.ok<{ quorum: Quorum }>('POST', `/api/checkin/${token}`, staff, { memberId: members[2] }, 200);
  assert.deepEqual(third.quorum, { members: 4, present: 3, required: 3, met: true });

  // Only items of the notice are voted, one at a time.
  const offNotice = await api.call('POST', `/api/meetings/${meeting.id}/items/${late.id}/vote`, staff, {});
  assert.equal(offNotice.statusCode, 422);
  assert.equal(offNotice.json().code, 'councils.itemNotOnNotice');
  assert.equal((await api.call('POST', `/api/meetings/${meeting.id}/items/${detail.items[1]!.id}/vote`, staff, {})).statusCode, 422, 'a discussion item is not voted');
  const voting = await api.ok<Item>('POST', `/api/meetings/${meeting.id}/items/${item.id}/vote`, staff, {}, 200);
  assert.equal(voting.status, 'voting');
  assert.ok(voting.motionId);
  const second = await api.call('POST', `/api/meetings/${meeting.id}/items/${detail.items[2]!.id}/vote`, staff, {});
  assert.equal(second.statusCode, 409);
  assert.equal(second.json().code, 'councils.oneItemAtATime');

  // The resident votes on the web; staff enter two paper ballots.
  await api.ok('POST', `/api/motions/${voting.motionId}/vote`, resident, { choice: 'yes' });
  await api.ok('POST', `/api/motions/${voting.motionId}/ballots`, staff, { voterId: members[1], channel: 'paper', choice: 'yes' });
  await api.ok('POST', `/api/motions/${voting.motionId}/ballots`, staff, { voterId: members[2], channel: 'paper', choice: 'no' });
  const decided = await api.ok<Item>('POST', `/api/meetings/${meeting.id}/items/${item.id}/close`, staff, {}, 200);
  assert.equal(decided.status, 'decided');
  assert.equal(decided.passed, true);
  assert.equal(decided.result?.outcome, 'PASSED');
  assert.deepEqual([decided.result?.counts.yes, decided.result?.counts.no, decided.result?.counts.abstain, decided.result?.counts.members], [2, 1, 0, 3], 'the roll is the three voting members present: not the absent one, not the volunteer');

  // A vote of the whole body: the roll is every voting member, present or not.
  const body = await api.ok<Item>('POST', `/api/meetings/${meeting.id}/items/${detail.items[2]!.id}/vote`, staff, {}, 200);
  for (const m of members.slice(0, 3)) await api.ok('POST', `/api/motions/${body.motionId}/ballots`, staff, { voterId: m, channel: 'paper', choice: 'yes' });
  const bodyResult = await api.ok<Item>('POST', `/api/meetings/${meeting.id}/items/${detail.items[2]!.id}/close`, staff, {}, 200);
  assert.deepEqual([bodyResult.passed, bodyResult.result?.counts.members, bodyResult.result?.counts.yes], [true, 4, 3]);

  // Minutes: generated with the numbers, edited as a draft, published, then immutable with history kept.
  assert.equal((await api.call('GET', `/api/meetings/${meeting.id}/minutes`, staff)).statusCode, 404, 'no minutes before they are generated');
  const draft = await api.ok<Minutes>('POST', `/api/meetings/${meeting.id}/minutes`, staff);
  assert.equal(draft.status, 'draft');
  assert.match(draft.body, /应到 4 人，实到 3 人/);
  assert.match(draft.body, /增设电动车充电桩\n.*\n\s+表决通过。应表决 3 人，参加 3 人；同意 2，反对 1，弃权 0。/);
  assert.match(draft.body, /临时动议：更换门禁（通知后增加，仅讨论）/);
  assert.equal((await api.call('GET', `/api/meetings/${meeting.id}/minutes`, resident)).statusCode, 404, 'a draft is not shown to readers');
  const edited = await api.ok<Minutes>('PUT', `/api/meetings/${meeting.id}/minutes`, staff, { body: `${draft.body}\n记录人：社区工作人员`, version: draft.version });
  assert.equal(edited.version, 2);
  assert.equal((await api.call('PUT', `/api/meetings/${meeting.id}/minutes`, staff, { body: 'stale', version: 1 })).statusCode, 409, 'a stale edit is refused');
  assert.equal((await api.call('POST', `/api/meetings/${meeting.id}/minutes/publish`, staff, { version: 2 })).statusCode, 409, 'close the meeting first');
  await api.ok('POST', `/api/meetings/${meeting.id}/close`, staff, {}, 200);
  assert.equal((await api.call('POST', `/api/checkin/${token}`, staff, { memberId: members[3] })).statusCode, 409, 'no check-in after the close');
  const published = await api.ok<Minutes>('POST', `/api/meetings/${meeting.id}/minutes/publish`, staff, { version: 2 }, 200);
  assert.equal(published.status, 'published');
  assert.equal((await api.call('PUT', `/api/meetings/${meeting.id}/minutes`, staff, { body: 'changed', version: 3 })).statusCode, 409);
  assert.equal((await api.call('POST', `/api/meetings/${meeting.id}/minutes`, staff)).statusCode, 409);
  await assert.rejects(sql`UPDATE council_minutes SET body = 'x' WHERE meeting_id = ${meeting.id}`.execute(app.core.db.kysely), /immutable/);
  assert.match((await api.ok<Minutes>('GET', `/api/meetings/${meeting.id}/minutes`, resident)).body, /记录人/);
  assert.match((await api.ok<Minutes>('GET', `/api/public/meetings/${meeting.id}/minutes`, null)).body, /记录人/);
  const history = await api.ok<{ items: { version: number; kind: string }[] }>('GET', `/api/meetings/${meeting.id}/minutes/history`, staff);
  assert.deepEqual(history.items.map((h) => h.kind), ['generated', 'edited', 'published']);

  // The calendars of the council and of the community carry the meeting, without personal data.
  for (const url of [`/api/public/councils/${council.id}/calendar.ics`, `/api/public/communities/${xishan}/calendar.ics`]) {
    const ics = await api.call('GET', url, null);
    assert.equal(ics.statusCode, 200);
    assert.match(ics.headers['content-type'] as string, /text\/calendar/);
    assert.match(ics.body, /BEGIN:VEVENT/);
    assert.match(ics.body, new RegExp(`UID:${meeting.id}@`));
    assert.match(ics.body, /SUMMARY:西山议事堂 · 十一月议事会/);
    assert.match(ics.body, /增设电动车充电桩/);
    for (const p of people) assert.equal(ics.body.includes(p.name), false, 'no member names');
  }
});

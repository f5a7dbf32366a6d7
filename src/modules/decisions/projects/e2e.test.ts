import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../../test/support/app.ts';

// The yearly cycle, service renewals, conventions and awards through the real councils and votes parts:
// the council's seated members are the roll, ballots are entered as staff enter paper ones.
let app: TestApp;
let staff: string;
let councilId: string;
let members: { id: string; constituency: string }[];
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  staff = await app.login('xishan');
  const council = await ok('POST', '/api/councils', staff, { kind: 'representativeAssembly', name: '西山社区居民代表大会', scopeCode: xishan });
  councilId = council.id;
  const term = await ok('POST', `/api/councils/${councilId}/terms`, staff, { name: '第一届', startsOn: '2024-01-01', endsOn: '2029-12-31' });
  const { rows } = await sql<{ id: string; household: string }>`
    SELECT DISTINCT ON (h.code) r.id, h.code AS household FROM residents r JOIN households h ON h.id = r.household_id
    WHERE h.code LIKE ${`${xishan}%`} ORDER BY h.code, r.id LIMIT 9`.execute(app.core.db.kysely);
  members = [];
  for (const [i, r] of rows.entries()) {
    const constituency = constituencies[Math.floor(i / 3)]!;
    const m = await ok('POST', `/api/councils/${councilId}/members`, staff, { householdCode: r.household, residentId: r.id, seat: { termId: term.id, constituency } });
    members.push({ id: m.id, constituency });
  }
});
after(() => app.stop());

const xishan = '330481001001';
const constituencies = ['partyMember', 'localResident', 'newResident'];
type Json = Record<string, unknown> & { id: string; status: string };
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string | null, payload?: object) =>
  app.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
async function ok<T = Json>(method: 'GET' | 'POST', url: string, cookie: string | null, payload?: object, status = method === 'POST' ? 201 : 200): Promise<T> {
  const res = await call(method, url, cookie, payload);
  assert.equal(res.statusCode, status, `${method} ${url} → ${res.body}`);
  return res.json() as T;
}
const window = () => ({ opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 3_600_000).toISOString() });
const paper = (motionId: string, voterId: string, choice: unknown) => ok('POST', `/api/motions/${motionId}/ballots`, staff, { voterId, channel: 'paper', choice });
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test('a 双五工程 round: proposals → vote of the council → five chosen with per-constituency results → milestones → completion review → next year', async () => {
  const resident = await app.login('resident-xishan');
  const round = await ok('POST', '/api/decisions/rounds', staff, { communityCode: xishan, year: 2026, councilId });
  const fromResident = await ok('POST', `/api/decisions/rounds/${round.id}/proposals`, resident, { title: '暖新坊员工扩面', description: '新居民就近就业' });
  const fromCase = await ok('POST', `/api/decisions/rounds/${round.id}/proposals`, staff, { title: '景观河路灯增亮', description: '联名信', source: 'case', sourceRef: 'GZ-2026-000007' });
  const titles = ['家宴中心优惠政策', '暖心四堂', '暖心宜居物业提升', '党群服务中心服务圈功能提档', '电动车充电棚'];
  const [p1, p2, p3, p4, p5] = await Promise.all(titles.map((title) => ok('POST', `/api/decisions/rounds/${round.id}/proposals`, staff, { title, description: title, source: 'meeting', sourceRef: 'meeting-2026-01-20' }))) as [Json, Json, Json, Json, Json];
  await ok('POST', `/api/decisions/proposals/${fromCase.id}/comments`, resident, { stance: 'for', body: '晚上走路安全' });
  await ok('POST', `/api/decisions/rounds/${round.id}/deliberation`, staff, {}, 200);
  await ok('POST', `/api/decisions/proposals/${p5.id}/comments`, resident, { stance: 'against', body: '位置离住户太近' });
  for (const [p, constituency] of [[fromResident, 'newResident'], [p1, 'partyMember'], [p2, 'localResident'], [fromCase, null], [p3, null], [p4, null]] as const) {
    await ok('POST', `/api/decisions/proposals/${p.id}/ballot`, staff, { status: 'onBallot', constituency }, 200);
  }
  const voting = await ok<Json & { motionId: string }>('POST', `/api/decisions/rounds/${round.id}/vote`, staff, window(), 200);
  assert.equal(voting.status, 'voting');
  const roll = await ok<{ size: number; entries: { voterId: string; constituency: string }[] }>('GET', `/api/motions/${voting.motionId}/roll`, staff);
  assert.equal(roll.size, 9);
  assert.deepEqual(roll.entries.map((e) => e.constituency).sort(), members.map((m) => m.constituency).sort());

  const byConstituency = (c: string) => members.filter((m) => m.constituency === c).map((m) => m.id);
  const [pm1, pm2, pm3] = byConstituency('partyMember') as [string, string, string];
  const [lr1, lr2, lr3] = byConstituency('localResident') as [string, string, string];
  const [nr1, nr2, nr3] = byConstituency('newResident') as [string, string, string];
  const ballots: [string, string[]][] = [
    [pm1, [p1.id, fromCase.id, p3.id]], [pm2, [p1.id, fromCase.id, p4.id]], [pm3, [p1.id, p3.id]],
    [lr1, [p2.id, fromCase.id, p3.id]], [lr2, [p2.id, fromCase.id]], [lr3, [fromCase.id, p4.id]],
    [nr1, [fromResident.id, fromCase.id]], [nr2, [fromResident.id, p3.id]], [nr3, [fromResident.id]],
  ];
  for (const [voter, choice] of ballots) await paper(voting.motionId, voter, choice);
  const published = await ok<Json & { result: { outcome: string; chosen: string[]; ballotsByConstituency: Record<string, number>; proposals: { proposalId: string; approvals: number; byConstituency: Record<string, number> }[] } }>('POST', `/api/decisions/rounds/${round.id}/vote/close`, staff, {}, 200);
  assert.equal(published.status, 'published');
  assert.equal(published.result.outcome, 'ELECTED');
  assert.deepEqual(new Set(published.result.chosen), new Set([p1.id, p2.id, fromResident.id, fromCase.id, p3.id]));
  assert.deepEqual(published.result.ballotsByConstituency, { partyMember: 3, localResident: 3, newResident: 3 });
  assert.deepEqual(published.result.proposals.find((p) => p.proposalId === fromCase.id), { proposalId: fromCase.id, approvals: 6, byConstituency: { partyMember: 2, localResident: 3, newResident: 1 }, chosen: true });
  assert.equal((await ok<{ outcome: string }>('GET', `/api/motions/${voting.motionId}/result`, null)).outcome, 'ELECTED', 'the motion publishes the same count');

  const pub = await ok<{ rounds: { year: number; proposals: { id: string; status: string; byConstituency: Record<string, number> }[] }[]; projects: { id: string; progress: number }[] }>('GET', `/api/public/communities/${xishan}/projects`, null);
  assert.equal(pub.rounds[0]!.year, 2026);
  assert.equal(pub.rounds[0]!.proposals.filter((p) => p.status === 'chosen').length, 5);
  assert.deepEqual(pub.rounds[0]!.proposals.find((p) => p.id === fromResident.id)!.byConstituency, { newResident: 3 });
  assert.equal(pub.projects.length, 5);
  assert.ok(!JSON.stringify(pub).includes('晚上走路安全'), 'no deliberation text and no authors on the public page');

  const detail = await ok<{ projects: (Json & { proposalId: string })[] }>('GET', `/api/decisions/rounds/${round.id}`, staff);
  const lights = detail.projects.find((p) => p.proposalId === fromCase.id)!;
  const m1 = await ok('POST', `/api/decisions/projects/${lights.id}/milestones`, staff, { title: '三方排摸昏暗点位', dueOn: '2026-04-30' });
  await ok('POST', `/api/decisions/projects/${lights.id}/milestones`, staff, { title: '加装太阳能灯' });
  assert.equal((await call('PATCH', `/api/decisions/projects/${lights.id}/milestones/${m1.id}`, staff, { doneOn: '2026-04-18' })).statusCode, 204);
  await ok('POST', `/api/decisions/projects/${lights.id}/progress`, staff, { percent: 50, note: '已加装 30 处', photos: ['https://example.org/lights/1.jpg'] });
  const backwards = await call('POST', `/api/decisions/projects/${lights.id}/progress`, staff, { percent: 20, note: '回退' });
  assert.equal(backwards.json().code, 'projects.progressBackwards');
  await ok('POST', `/api/decisions/projects/${lights.id}/progress`, staff, { percent: 100, note: '完工' });
  const seen = await ok<{ progress: number; milestoneShare: number; milestones: { doneOn: string | null }[]; progressReports: { photos: string[] }[] }>('GET', `/api/public/projects/${lights.id}`, null);
  assert.equal(seen.progress, 100);
  assert.equal(seen.milestoneShare, 50);
  assert.deepEqual(seen.progressReports.at(-1)!.photos, ['https://example.org/lights/1.jpg']);

  const reviewing = await ok('POST', `/api/decisions/rounds/${round.id}/review`, staff, window(), 200);
  assert.equal(reviewing.status, 'reviewing');
  const inReview = (await ok<{ projects: (Json & { reviewMotionId: string })[] }>('GET', `/api/decisions/rounds/${round.id}`, staff)).projects;
  for (const p of inReview) {
    const verdict = p.id === lights.id ? 'yes' : p.proposalId === p3.id ? 'no' : 'yes';
    for (const m of members.slice(0, 7)) await paper(p.reviewMotionId, m.id, verdict);
    const closed = await ok('POST', `/api/decisions/projects/${p.id}/review/close`, staff, {}, 200);
    assert.equal(closed.status, verdict === 'yes' ? 'accepted' : 'notAccepted');
  }
  assert.equal((await ok('GET', `/api/decisions/rounds/${round.id}`, staff)).status, 'closed');

  const nextYear = await ok('POST', `/api/decisions/rounds/${round.id}/next`, staff, { carryOver: [p4.id, p5.id] });
  assert.equal(nextYear.year, 2027);
  const carried = await ok<{ proposals: Json[] }>('GET', `/api/decisions/rounds/${nextYear.id}`, staff);
  assert.deepEqual(carried.proposals.map((p) => p.title).sort(), [p4.title, p5.title].sort());
});

test('a service project: approval schedules the renewal; the renewal vote is put by the job; a passed one renews, none ends it', async () => {
  const create = (startsOn: string, title: string) => ok<Json & { approvalMotionId: string }>('POST', '/api/decisions/service-projects', staff, {
    communityCode: xishan, councilId, title, organization: '温馨港湾服务中心', startsOn, termMonths: 12, noticeDays: 30, ...window(),
  });
  const approve = async (p: { approvalMotionId: string }) => {
    for (const m of members.slice(0, 6)) await paper(p.approvalMotionId, m.id, 'yes');
    await ok('POST', `/api/motions/${p.approvalMotionId}/close`, staff, {}, 200);
  };
  const renewed = await create(isoDay(-340), '老宝贝一碗汤');
  const ends = await create(isoDay(-400), '公益课堂');
  await approve(renewed);
  await approve(ends);
  const { rows } = await sql<{ unique_key: string }>`SELECT unique_key FROM jobs WHERE unique_key LIKE 'service-%' ORDER BY unique_key`.execute(app.core.db.kysely);
  assert.deepEqual(rows.map((r) => r.unique_key).sort(), [`service-renewal:${ends.id}:1`, `service-renewal:${renewed.id}:1`, `service-term:${ends.id}:1`, `service-term:${renewed.id}:1`].sort());

  await app.core.jobs.drain();
  const pending = await ok<Json & { renewalMotionId: string }>('GET', `/api/decisions/projects/${renewed.id}`, staff);
  assert.equal(pending.status, 'renewalPending');
  const over = await ok<Json & { endedOn: string; term: { endsOn: string } }>('GET', `/api/decisions/projects/${ends.id}`, staff);
  assert.equal(over.status, 'ended', 'the term ended with nobody voting on the renewal');
  assert.equal(over.endedOn, over.term.endsOn);

  for (const m of members.slice(0, 6)) await paper(pending.renewalMotionId, m.id, 'yes');
  await ok('POST', `/api/motions/${pending.renewalMotionId}/close`, staff, {}, 200);
  const active = await ok<Json & { term: { no: number }; terms: { no: number }[] }>('GET', `/api/decisions/projects/${renewed.id}`, staff);
  assert.equal(active.status, 'active');
  assert.equal(active.term.no, 2);
  assert.deepEqual(active.terms.map((t) => t.no), [1, 2]);

  // A renewal vote cancelled before the end of the term: the term still ends, without a renewal.
  const cancelled = await create(isoDay(-350), '假日公益课堂');
  await approve(cancelled);
  await app.core.jobs.drain();
  const waiting = await ok<Json & { renewalMotionId: string }>('GET', `/api/decisions/projects/${cancelled.id}`, staff);
  assert.equal(waiting.status, 'renewalPending');
  await ok('POST', `/api/motions/${waiting.renewalMotionId}/cancel`, staff, {}, 200);
  await sql`UPDATE jobs SET run_at = now() WHERE unique_key = ${`service-term:${cancelled.id}:1`}`.execute(app.core.db.kysely);
  await app.core.jobs.drain();
  assert.equal((await ok('GET', `/api/decisions/projects/${cancelled.id}`, staff)).status, 'ended');
});

test('a convention amendment ratified by the council becomes version 2; a stale one is superseded', async () => {
  const convention = await ok('POST', '/api/decisions/conventions', staff, { communityCode: xishan, title: '西山社区居民公约', clauses: ['爱护公共设施。', '电动车不得进入楼道充电。', '邻里和睦，互帮互助。'] });
  const first = await ok('POST', `/api/decisions/conventions/${convention.id}/amendments`, staff, { title: '集中充电', changes: [{ op: 'change', key: 'k2', text: '电动自行车应当在集中充电点充电。' }, { op: 'add', after: 'k3', text: '高空不抛物。' }] });
  const stale = await ok('POST', `/api/decisions/conventions/${convention.id}/amendments`, staff, { title: '删去充电条款', changes: [{ op: 'remove', key: 'k2' }] });
  const byCouncil = (id: string) => ok<Json & { motionId: string }>('POST', `/api/decisions/amendments/${id}/vote`, staff, { electorate: { councilId }, ...window() }, 200);
  const a = await byCouncil(first.id);
  const b = await byCouncil(stale.id);
  for (const m of members.slice(0, 6)) {
    await paper(a.motionId, m.id, 'yes');
    await paper(b.motionId, m.id, 'yes');
  }
  assert.equal((await ok('POST', `/api/decisions/amendments/${first.id}/vote/close`, staff, {}, 200)).status, 'ratified');
  assert.equal((await ok('POST', `/api/decisions/amendments/${stale.id}/vote/close`, staff, {}, 200)).status, 'superseded');
  const text = await ok<{ currentVersion: number; clauses: { number: number; text: string }[]; versions: { version: number; amendmentId: string | null }[] }>('GET', `/api/public/conventions/${convention.id}`, null);
  assert.equal(text.currentVersion, 2);
  assert.deepEqual(text.clauses.map((c) => c.text), ['爱护公共设施。', '电动自行车应当在集中充电点充电。', '邻里和睦，互帮互助。', '高空不抛物。']);
  assert.deepEqual(text.versions.map((v) => [v.version, v.amendmentId]), [[1, null], [2, first.id]]);
  const diff = await ok<{ clauses: { key: string; status: string; parts?: { kind: string; text: string }[] }[] }>('GET', `/api/public/conventions/${convention.id}/diff?from=1&to=2`, null);
  assert.deepEqual(diff.clauses.map((c) => c.status), ['same', 'changed', 'same', 'added']);
  assert.ok(diff.clauses[1]!.parts!.some((p) => p.kind === 'added' && p.text.includes('集中')));
});

test('an award: staff and residents nominate, every household may vote, the winners are published', async () => {
  const resident = await app.login('resident-xishan');
  const campaign = await ok('POST', '/api/decisions/awards', staff, { communityCode: xishan, kind: 'stairwell', year: 2026, title: '2026年度最美楼道', winners: 1 });
  const buildings = app.demo!.buildings.filter((b) => b.code.startsWith(xishan) && b.stairwells.length > 0).slice(0, 3);
  const nominations = [];
  for (const b of buildings) nominations.push(await ok('POST', `/api/decisions/awards/${campaign.id}/nominations`, staff, { nomineeCode: `${b.code}/${b.stairwells[0]}`, reason: '家文化特色楼道' }));
  const voting = await ok<Json & { motionId: string }>('POST', `/api/decisions/awards/${campaign.id}/vote`, staff, window(), 200);
  const [n1, n2, n3] = nominations as [Json, Json, Json];
  const web = await call('POST', `/api/motions/${voting.motionId}/vote`, resident, { choice: { [n1.id]: 5, [n2.id]: 3 } });
  assert.equal(web.statusCode, 201, web.body);
  const roll = await ok<{ size: number; entries: { voterId: string }[] }>('GET', `/api/motions/${voting.motionId}/roll`, staff);
  const own = app.demo!.accounts.find((a) => a.username === 'resident-xishan')!.unitCode;
  assert.ok(roll.size > 100, 'one vote per household of the community');
  const others = roll.entries.map((e) => e.voterId).filter((v) => v !== own).slice(0, 3);
  await paper(voting.motionId, others[0]!, { [n1.id]: 4, [n3.id]: 5 });
  await paper(voting.motionId, others[1]!, { [n1.id]: 5 });
  await paper(voting.motionId, others[2]!, { [n2.id]: 5, [n3.id]: 2 });
  const closed = await ok<Json & { result: { winners: string[] } }>('POST', `/api/decisions/awards/${campaign.id}/vote/close`, staff, {}, 200);
  assert.equal(closed.status, 'published');
  assert.deepEqual(closed.result.winners, [n1.id]);
  const pub = await ok<{ items: { id: string; winners: { id: string; label: string }[] }[] }>('GET', `/api/public/communities/${xishan}/awards`, null);
  assert.deepEqual(pub.items.find((c) => c.id === campaign.id)!.winners.map((w) => w.id), [n1.id]);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../../test/support/app.ts';
import { Problem } from '../../../core/http/problem.ts';
import { projectServices } from './index.ts';
import { addMonths } from './terms.ts';
import { closeMotion, motion, openWindow, paper, realParts, seatedCouncil, type RealParts } from './testkit.ts';

// The yearly cycle and service renewals through the services, on a whole app: the council's seated members
// are the roll, ballots go through the votes API, motions are counted and closed by the votes part, and
// the renewal jobs run through the app's job queue.
let app: TestApp;
let parts: RealParts;
let s: ReturnType<typeof projectServices>;
let councilId: string;
let reps: { voterId: string; constituency: string }[];
const constituencies = ['partyMember', 'localResident', 'newResident'];

before(async () => {
  app = await startTestApp({ demoScale: 0.02 });
  parts = await realParts(app, 'xinjie');
  s = projectServices(app.core, app.modules.motions, parts.places);
  const council = await seatedCouncil(parts, constituencies.flatMap((c) => [c, c, c]));
  councilId = council.id;
  reps = council.members.map((m) => ({ voterId: m.id, constituency: m.constituency }));
});
after(() => app.stop());

const rejects = (code: string) => (e: unknown) => e instanceof Problem && e.code === code;
/** The n-th (from 1) seated member of a constituency. */
const rep = (constituency: string, n: number) => reps.filter((r) => r.constituency === constituency)[n - 1]!.voterId;

test('a 双五工程 round: proposals → deliberation → vote → five chosen by constituency → progress → review → next year', async () => {
  const { staff, resident, outsider, community } = parts;
  const window = openWindow();
  const round = await s.rounds.createRound(staff, { communityCode: community.code, year: 2026, councilId });
  await assert.rejects(s.rounds.createRound(staff, { communityCode: community.code, year: 2026, councilId: 'c' }), rejects('projects.roundExists'));
  await assert.rejects(s.rounds.createRound(resident, { communityCode: community.code, year: 2027, councilId: 'c' }), rejects('common.problem.forbidden'));

  const fromResident = await s.rounds.propose(resident, round.id, { title: '暖新坊员工扩面', description: '为新居民增加岗位' });
  assert.equal(fromResident.source, 'resident');
  await assert.rejects(s.rounds.propose(resident, round.id, { title: 'x', description: 'y', source: 'case', sourceRef: 'GZ-2026-000001' }), rejects('projects.sourceStaffOnly'));
  await assert.rejects(s.rounds.propose(outsider, round.id, { title: 'x', description: 'y' }), rejects('common.problem.outsideScope'));
  await assert.rejects(s.rounds.propose(staff, round.id, { title: 'x', description: 'y', source: 'case' }), rejects('projects.sourceRefRequired'));
  const fromCase = await s.rounds.propose(staff, round.id, { title: '小区路灯增亮', description: '联名信反映照明偏暗', source: 'case', sourceRef: 'GZ-2026-000123' });
  const others = [];
  for (const title of ['家宴中心优惠政策', '暖心四堂', '暖心宜居物业提升', '党群服务中心服务圈功能提档', '电动车充电棚']) {
    others.push(await s.rounds.propose(staff, round.id, { title, description: `${title}的说明`, source: 'meeting', sourceRef: 'meeting-2026-01' }));
  }
  await s.rounds.comment(resident, fromCase.id, { stance: 'for', body: '晚上走路不安全' });
  await s.rounds.comment(staff, fromCase.id, { stance: 'against', body: '预算偏高' });
  assert.deepEqual((await s.queries.stances(round.id)).get(fromCase.id), { for: 1, against: 1, neutral: 0 });

  await assert.rejects(s.rounds.openVote(staff, round.id, window), rejects('projects.roundWrongStatus'));
  await s.rounds.startDeliberation(staff, round.id);
  await assert.rejects(s.rounds.propose(resident, round.id, { title: '迟到的提议', description: 'x' }), rejects('projects.roundWrongStatus'));
  await s.rounds.comment(resident, fromResident.id, { stance: 'neutral', body: '需要更多信息' });

  const [p1, p2, p3, p4, p5] = others as [typeof fromCase, typeof fromCase, typeof fromCase, typeof fromCase, typeof fromCase];
  await s.rounds.shortlist(staff, fromResident.id, { status: 'onBallot', constituency: 'newResident' });
  await s.rounds.shortlist(staff, p1.id, { status: 'onBallot', constituency: 'partyMember' });
  await s.rounds.shortlist(staff, p2.id, { status: 'onBallot', constituency: 'localResident' });
  for (const p of [fromCase, p3, p4]) await s.rounds.shortlist(staff, p.id, { status: 'onBallot' });
  await assert.rejects(s.rounds.openVote(staff, round.id, { opensAt: window.closesAt, closesAt: window.opensAt }), rejects('projects.badWindow'));
  const voting = await s.rounds.openVote(staff, round.id, window);
  assert.equal(voting.status, 'voting');
  const seen = await motion(parts, voting.motion_id!);
  assert.equal(seen.rule.method, 'approvalSelect');
  assert.deepEqual(seen.electorate, { kind: 'body', bodyId: councilId });
  assert.equal(seen.rollSize, 9);
  await assert.rejects(s.rounds.shortlist(staff, p5.id, { status: 'onBallot' }), rejects('projects.roundWrongStatus'));

  // Nine representatives, three per constituency, approve up to five each.
  const vote = (voter: string, choice: string[]) => paper(parts, voting.motion_id!, voter, choice);
  await vote(rep('partyMember', 1), [p1.id, fromCase.id, p3.id]);
  await vote(rep('partyMember', 2), [p1.id, fromCase.id, p4.id]);
  await vote(rep('partyMember', 3), [p1.id, p3.id]);
  await vote(rep('localResident', 1), [p2.id, fromCase.id, p3.id]);
  await vote(rep('localResident', 2), [p2.id, fromCase.id]);
  await vote(rep('localResident', 3), [fromCase.id, p4.id]);
  await vote(rep('newResident', 1), [fromResident.id, fromCase.id]);
  await vote(rep('newResident', 2), [fromResident.id, p3.id]);
  await vote(rep('newResident', 3), [fromResident.id]);
  const published = await s.rounds.closeVote(staff, round.id);
  assert.equal(published.status, 'published');
  const result = published.result as { outcome: string; chosen: string[]; ballotsByConstituency: Record<string, number> };
  assert.equal(result.outcome, 'ELECTED');
  assert.equal(result.chosen.length, 5);
  assert.deepEqual(new Set(result.chosen), new Set([p1.id, p2.id, fromResident.id, fromCase.id, p3.id]));
  assert.deepEqual(result.ballotsByConstituency, { partyMember: 3, localResident: 3, newResident: 3 });
  const after = await s.queries.proposals(round.id);
  const caseRow = after.find((p) => p.id === fromCase.id)!;
  assert.equal(caseRow.approvals, 6);
  assert.deepEqual(caseRow.by_constituency, { partyMember: 2, localResident: 3, newResident: 1 });
  assert.equal(after.find((p) => p.id === p4.id)!.status, 'notChosen');

  const projects = await s.queries.projectsOfRound(round.id);
  assert.equal(projects.length, 5);
  const lights = projects.find((p) => p.proposal_id === fromCase.id)!;
  const m = await s.delivery.addMilestone(staff, lights.id, { title: '排摸昏暗点位', dueOn: '2026-04-30' });
  await s.delivery.completeMilestone(staff, lights.id, m.id, '2026-04-20');
  await s.delivery.reportProgress(staff, lights.id, { percent: 60, note: '加装太阳能灯 30 处', photos: ['https://example.org/p/1.jpg'] });
  await assert.rejects(s.delivery.reportProgress(staff, lights.id, { percent: 40, note: 'x' }), rejects('projects.progressBackwards'));
  await assert.rejects(s.delivery.reportProgress(resident, lights.id, { percent: 70, note: 'x' }), rejects('common.problem.forbidden'));
  await s.delivery.reportProgress(staff, lights.id, { percent: 100, note: '完工' });

  const reviewing = await s.delivery.startReview(staff, round.id, openWindow());
  assert.equal(reviewing.status, 'reviewing');
  await assert.rejects(s.delivery.reportProgress(staff, lights.id, { percent: 100, note: 'x' }), rejects('projects.projectNotUnderway'));
  for (const [i, p] of (await s.queries.projectsOfRound(round.id)).entries()) {
    for (const r of reps) await paper(parts, p.review_motion_id!, r.voterId, i === 0 ? 'no' : 'yes');
    await s.delivery.closeReview(staff, p.id);
  }
  const reviewed = await s.queries.projectsOfRound(round.id);
  assert.deepEqual(reviewed.map((p) => p.status).sort(), ['accepted', 'accepted', 'accepted', 'accepted', 'notAccepted']);
  assert.equal((await s.rounds.round(round.id)).status, 'closed');

  await assert.rejects(s.rounds.openNext(staff, round.id, { carryOver: [p1.id] }), rejects('projects.cannotCarryOver'));
  const nextRound = await s.rounds.openNext(staff, round.id, { carryOver: [p4.id, p5.id] });
  assert.equal(nextRound.year, 2027);
  assert.equal(nextRound.previous_round, round.id);
  const carried = await s.queries.proposals(nextRound.id);
  assert.deepEqual(carried.map((p) => [p.source, p.source_ref]).sort(), [['carriedOver', p4.id], ['carriedOver', p5.id]].sort());
  assert.equal((await s.rounds.proposal(p4.id)).status, 'carriedOver');
  await assert.rejects(s.rounds.openNext(staff, round.id, { carryOver: [] }), rejects('projects.roundExists'));
});

test('a ballot that cannot fill the newcomers’ seat does not open; a tie waits for the managers', async () => {
  const { staff, community } = parts;
  const window = openWindow();
  const round = await s.rounds.createRound(staff, { communityCode: community.code, year: 2030, councilId, seats: [{ constituency: 'newResident', count: 1 }, { count: 1 }] });
  const ids = [];
  for (const t of ['甲', '乙', '丙']) ids.push((await s.rounds.propose(staff, round.id, { title: `项目${t}`, description: t })).id);
  await s.rounds.startDeliberation(staff, round.id);
  for (const id of ids) await s.rounds.shortlist(staff, id, { status: 'onBallot' });
  await assert.rejects(s.rounds.openVote(staff, round.id, window), rejects('projects.constituencyShort'));
  await s.rounds.shortlist(staff, ids[0]!, { status: 'onBallot', constituency: 'newResident' });
  const voting = await s.rounds.openVote(staff, round.id, window);
  await paper(parts, voting.motion_id!, rep('newResident', 1), [ids[0]!, ids[1]!]);
  await paper(parts, voting.motion_id!, rep('partyMember', 1), [ids[2]!]);
  const tied = await s.rounds.closeVote(staff, round.id);
  assert.equal(tied.status, 'tied');
  await assert.rejects(s.rounds.resolveTie(staff, round.id, { picked: [ids[0]!], note: '抽签' }), rejects('projects.tiePickNotTied'));
  const done = await s.rounds.resolveTie(staff, round.id, { picked: [ids[2]!], note: '议事会现场抽签' });
  assert.equal(done.status, 'published');
  assert.equal(done.tie_note, '议事会现场抽签');
  assert.deepEqual((await s.queries.projectsOfRound(round.id)).map((p) => p.proposal_id).sort(), [ids[0]!, ids[2]!].sort());
});

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const pendingJobs = async (projectId: string) =>
  (await sql<{ kind: string; unique_key: string; run_at: Date }>`SELECT kind, unique_key, run_at FROM jobs WHERE unique_key LIKE ${`%${projectId}%`} ORDER BY run_at`.execute(app.core.db.kysely)).rows;

async function approvedServiceProject(startsOn: string, termMonths: number, noticeDays: number) {
  const p = await s.service.create(parts.staff, { communityCode: parts.community.code, councilId, title: '老宝贝一碗汤', organization: '温馨港湾服务中心', startsOn, termMonths, noticeDays, ...openWindow() });
  assert.equal(p.status, 'proposed');
  for (const r of reps.slice(0, 6)) await paper(parts, p.approval_motion_id!, r.voterId, 'yes');
  await closeMotion(parts, p.approval_motion_id!);
  return p;
}

test('approval schedules the renewal; a failed renewal ends the project at its term', async () => {
  const p = await approvedServiceProject(isoDay(-330), 12, 60);
  const active = await s.delivery.project(p.id);
  assert.equal(active.status, 'active');
  assert.equal(active.term_no, 1);
  const scheduled = await pendingJobs(p.id);
  assert.deepEqual(scheduled.map((j) => j.kind), ['decisions.projects.renewalDue', 'decisions.projects.termOver']);
  assert.equal(new Date(scheduled[1]!.run_at).toISOString(), new Date(Date.parse(`${active.term_ends_on!}T00:00:00Z`) + 86_400_000).toISOString(), 'the term is over at midnight after its last day');

  assert.ok(await app.core.jobs.drain() >= 1, 'the renewal vote is due (60 days’ notice, 35 days left)');
  const pending = await s.delivery.project(p.id);
  assert.equal(pending.status, 'renewalPending');
  const renewal = await motion(parts, pending.renewal_motion_id!);
  assert.deepEqual(renewal.subject, { kind: 'projectRenewal', id: p.id });
  assert.deepEqual(renewal.electorate, { kind: 'body', bodyId: councilId });
  assert.equal(renewal.state, 'announced');

  for (const r of reps.slice(0, 6)) await paper(parts, pending.renewal_motion_id!, r.voterId, 'no');
  await closeMotion(parts, pending.renewal_motion_id!);
  const ended = await s.delivery.project(p.id);
  assert.equal(ended.status, 'ended');
  assert.equal(ended.ended_on, active.term_ends_on);
  assert.deepEqual(await pendingJobs(p.id), [], 'nothing left to run for an ended project');
});

test('a passed renewal opens the next term and schedules its renewal; no decision by the end of term ends it', async () => {
  const p = await approvedServiceProject(isoDay(-340), 12, 30);
  await app.core.jobs.drain();
  const pending = await s.delivery.project(p.id);
  for (const r of reps.slice(0, 6)) await paper(parts, pending.renewal_motion_id!, r.voterId, 'yes');
  await closeMotion(parts, pending.renewal_motion_id!);
  const renewed = await s.delivery.project(p.id);
  assert.equal(renewed.status, 'active');
  assert.equal(renewed.term_no, 2);
  assert.equal(renewed.term_starts_on, addMonths(isoDay(-340), 12));
  assert.deepEqual((await s.service.terms(p.id)).map((t) => t.term_no), [1, 2]);
  assert.deepEqual((await pendingJobs(p.id)).map((j) => j.unique_key), [`service-renewal:${p.id}:2`, `service-term:${p.id}:2`]);

  // A term already over: the renewal opens and, with nobody voting, the end of term closes it and ends the project.
  const late = await approvedServiceProject(isoDay(-400), 12, 30);
  await app.core.jobs.drain();
  const over = await s.delivery.project(late.id);
  assert.equal(over.status, 'ended');
  assert.ok(over.renewal_motion_id, 'the renewal was put to the vote');
  const lapsed = await motion(parts, over.renewal_motion_id!);
  assert.equal(lapsed.state, 'closed', 'the end of term closed the renewal vote');
  assert.equal(lapsed.passed, false);
});

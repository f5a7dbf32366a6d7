import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/support/app.ts';
import { tablesOf } from '../../../core/db/database.ts';
import { Problem } from '../../../core/http/problem.ts';
import { motion, openWindow, paper, realParts, rollOf, type RealParts } from '../projects/testkit.ts';
import { rosterNominees, rosterStairwells } from './nominees.ts';
import { AwardsService } from './service.ts';
import type { AwardsTables } from './tables.ts';

// A campaign from nominations to published winners, and a tie settled by the managers, on a whole app:
// nominees from the roster, one vote per household of the community frozen by the votes part, paper
// ballots through the votes API, the count by the votes part when the campaign's vote closes, heard by the
// app's own awards part (the same code over the same tables).
let app: TestApp;
let parts: RealParts;
let service: AwardsService;
before(async () => {
  app = await startTestApp({ demoScale: 0.02 });
  parts = await realParts(app, 'baihe');
  service = new AwardsService(tablesOf<AwardsTables>(app.core.db), { motions: app.modules.motions, places: parts.places, nominees: rosterNominees(app.modules.roster), stairwells: rosterStairwells(app.modules.roster) });
});
after(() => app.stop());

const households = () => app.demo!.households.filter((h) => h.code.startsWith(parts.community.code));
/** What the public sees of a household: estate, building and stairwell, never the room. */
function placeOf(code: string): string {
  const h = app.demo!.households.find((x) => x.code === code)!;
  const b = app.demo!.buildings.find((x) => x.code === h.buildingCode)!;
  return `${b.estate}${b.name}${h.stairwell}`;
}

test('households score the nominees; the best totals win; a tie waits for the managers', async () => {
  const { staff, resident, outsider, community } = parts;
  const [h1, h2, h3, h4] = households().map((h) => h.code) as [string, string, string, string];
  const campaign = await service.create(staff, { communityCode: community.code, kind: 'family', year: 2026, title: '最美家庭', winners: 2 });
  const a = await service.nominate(staff, campaign.id, { nomineeCode: h1, reason: '孝老爱亲' });
  const b = await service.nominate(staff, campaign.id, { nomineeCode: h2, reason: '邻里和睦', agreedName: '陈家' });
  // A neighbour knows the family by where it lives: a stairwell from the list and the room.
  const home = app.demo!.households.find((h) => h.code === h3)!;
  const stairwells = await service.stairwells(resident, campaign.id);
  assert.ok(stairwells.some((x) => x.code === `${home.buildingCode}/${home.stairwell}` && x.label === placeOf(h3)));
  await assert.rejects(service.stairwells(outsider, campaign.id), (e: unknown) => e instanceof Problem && e.code === 'common.problem.outsideScope');
  const fromResident = await service.nominate(resident, campaign.id, { nomineeCode: `${home.buildingCode}/${home.stairwell}/${home.room}`, reason: '绿色家庭' });
  assert.equal(fromResident.nominee_code, h3, 'stored as the household it names');
  assert.equal(fromResident.status, 'nominated', 'a resident’s nomination waits for review');
  await assert.rejects(service.nominate(resident, campaign.id, { nomineeCode: `${home.buildingCode}/${home.stairwell}/9999`, reason: 'x' }), (e: unknown) => e instanceof Problem && e.code === 'awards.nomineeUnknown');
  await assert.rejects(service.nominate(outsider, campaign.id, { nomineeCode: h4, reason: 'x' }), (e: unknown) => e instanceof Problem && e.code === 'common.problem.outsideScope');
  await assert.rejects(service.nominate(resident, campaign.id, { nomineeCode: h4, reason: 'x', agreedName: '王家' }), (e: unknown) => e instanceof Problem && e.code === 'awards.agreedNameStaffOnly');
  const c = await service.review(staff, fromResident.id, { accept: true });
  assert.equal(a.label, placeOf(h1));
  assert.equal(b.label, `陈家（${placeOf(h2)}）`);
  await assert.rejects(service.nominate(staff, campaign.id, { nomineeCode: `${community.code}X9`, reason: 'x' }), (e: unknown) => e instanceof Problem && e.code === 'awards.nomineeUnknown');
  await assert.rejects(service.nominate(staff, campaign.id, { nomineeCode: h1, reason: '再次' }), (e: unknown) => e instanceof Problem && e.code === 'awards.alreadyNominated');

  const voting = await service.openVote(staff, campaign.id, openWindow());
  await assert.rejects(service.nominate(staff, campaign.id, { nomineeCode: h4, reason: '迟到' }), (e: unknown) => e instanceof Problem && e.status === 409);
  const seen = await motion(parts, voting.motion_id!);
  assert.deepEqual(seen.electorate, { kind: 'households', scopeCode: community.code });
  assert.equal(seen.rollSize, households().length, 'one vote per household of the community');
  const [v1, v2, v3] = await rollOf(parts, voting.motion_id!) as [string, string, string];
  const cast = (voter: string, scores: [string, number][]) => paper(parts, voting.motion_id!, voter, Object.fromEntries(scores));
  await cast(v1, [[a.id, 5], [b.id, 4], [c.id, 3]]);
  await cast(v2, [[a.id, 4], [b.id, 5], [c.id, 4]]);
  await cast(v3, [[a.id, 5], [c.id, 2]]);
  const closed = await service.closeVote(staff, campaign.id);
  assert.equal(closed.status, 'tied', 'b and c both total 9 for the second award');
  assert.equal((await motion(parts, voting.motion_id!)).state, 'closed');
  assert.deepEqual((closed.result as { winners: string[]; tied: string[] }).winners, [a.id]);
  await assert.rejects(service.resolveTie(staff, campaign.id, { picked: [a.id], note: 'x' }), (e: unknown) => e instanceof Problem && e.code === 'awards.tiePick');
  const done = await service.resolveTie(staff, campaign.id, { picked: [c.id], note: '评审小组复议' });
  assert.equal(done.status, 'published');
  const statuses = Object.fromEntries((await service.nominations(campaign.id)).map((n) => [n.id, n.status]));
  assert.deepEqual(statuses, { [a.id]: 'winner', [b.id]: 'notChosen', [c.id]: 'winner' });
});

test('stairwells by ranked choice: the majority after transfers wins and is published', async () => {
  const { staff, community } = parts;
  const buildings = app.demo!.buildings.filter((x) => x.code.startsWith(community.code));
  const stairwells = buildings.flatMap((x) => x.stairwells.map((s) => `${x.code}/${s}`)).slice(0, 3);
  assert.equal(stairwells.length, 3);
  const campaign = await service.create(staff, { communityCode: community.code, kind: 'stairwell', year: 2026, title: '最美楼道', method: 'rankedChoice' });
  await assert.rejects(service.create(staff, { communityCode: community.code, kind: 'stairwell', year: 2026, title: 'x', method: 'rankedChoice', winners: 2 }), (e: unknown) => e instanceof Problem && e.code === 'awards.awardRankedChoiceOneWinner');
  const noms = [];
  for (const code of stairwells) noms.push(await service.nominate(staff, campaign.id, { nomineeCode: code, reason: '家文化特色楼道' }));
  const [s1, s2, s3] = noms as [typeof noms[0], typeof noms[0], typeof noms[0]];
  assert.equal(s1.nominee_kind, 'stairwell');
  const voting = await service.openVote(staff, campaign.id, openWindow());
  assert.equal((await motion(parts, voting.motion_id!)).rule.method, 'rankedChoice');
  const roll = await rollOf(parts, voting.motion_id!);
  // First preferences 2–2–1: s3 is out and its ballot goes to s2, which then has a majority.
  const ballots: string[][] = [[s1.id, s2.id], [s1.id], [s2.id, s1.id], [s2.id], [s3.id, s2.id]];
  for (const [i, ranking] of ballots.entries()) await paper(parts, voting.motion_id!, roll[i]!, ranking);
  const closed = await service.closeVote(staff, campaign.id);
  assert.equal(closed.status, 'published');
  assert.deepEqual((closed.result as { winners: string[] }).winners, [s2.id]);
  const statuses = Object.fromEntries((await service.nominations(campaign.id)).map((n) => [n.id, n.status]));
  assert.deepEqual(statuses, { [s1.id]: 'notChosen', [s2.id]: 'winner', [s3.id]: 'notChosen' });
});

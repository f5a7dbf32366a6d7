import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/support/app.ts';
import { Problem } from '../../../core/http/problem.ts';
import { motion, openWindow, paper, realParts, rollOf, type RealParts } from '../projects/testkit.ts';
import { conventionsService } from './index.ts';
import type { ConventionsService } from './service.ts';

// Ratification through a motion of the village's households, on a whole app: the votes part freezes the
// roll from the roster, takes paper ballots through its API and counts when the amendment's vote closes.
let app: TestApp;
let parts: RealParts;
let service: ConventionsService;
before(async () => {
  app = await startTestApp({ demoScale: 0.02 });
  parts = await realParts(app, 'shanxiazhuang');
  service = conventionsService(app.core, app.modules.motions, parts.places);
});
after(() => app.stop());

/** Six households of the roll vote, `yes` of them for: more than half of the roll takes part. */
async function decide(amendmentId: string, yes: number) {
  const voting = await service.openVote(parts.staff, amendmentId, { electorate: 'households', ...openWindow() });
  assert.deepEqual((await motion(parts, voting.motion_id!)).electorate, { kind: 'households', scopeCode: parts.community.code });
  const roll = await rollOf(parts, voting.motion_id!);
  assert.ok(roll.length >= 6 && roll.length < 12, `a small village: ${roll.length} households`);
  for (const [i, voter] of roll.slice(0, 6).entries()) await paper(parts, voting.motion_id!, voter, i < yes ? 'yes' : 'no');
  return service.closeVote(parts.staff, amendmentId);
}

test('ratified amendments become versions; rejected and stale ones do not', async () => {
  const { staff, resident, community } = parts;
  const c = await service.create(staff, { communityCode: community.code, title: '山下庄村村规民约', estate: '山下庄', clauses: ['一楼道一管家。', '楼道书架共享。', '绿植共养。'] });
  await assert.rejects(service.create(resident, { communityCode: community.code, title: 'x', clauses: ['x'] }), (e: unknown) => e instanceof Problem && e.status === 403);
  const a = await service.propose(resident, c.id, { title: '樱花邻里节', changes: [{ op: 'add', after: 'k3', text: '每年举办樱花邻里节。' }] });
  const b = await service.propose(staff, c.id, { title: '书架', changes: [{ op: 'change', key: 'k2', text: '楼道书架共享，借阅自觉归还。' }] });
  const stale = await service.propose(staff, c.id, { title: '删除书架条款', changes: [{ op: 'remove', key: 'k2' }] });
  const lost = await service.propose(resident, c.id, { title: '取消绿植', changes: [{ op: 'remove', key: 'k3' }] });

  assert.equal((await decide(a.id, 4)).status, 'ratified');
  assert.equal((await decide(b.id, 6)).status, 'ratified');
  assert.equal((await decide(stale.id, 6)).status, 'superseded', 'clause k2 changed since it was drafted');
  assert.equal((await decide(lost.id, 3)).status, 'rejected', 'three yes of six is not more than half');
  await assert.rejects(service.openVote(staff, a.id, { electorate: 'households', ...openWindow() }), (e: unknown) => e instanceof Problem && e.code === 'residentConventions.amendmentNotProposed');

  const now = await service.convention(c.id);
  assert.equal(now.current_version, 3);
  const v3 = await service.version(c.id, 3);
  assert.deepEqual(v3.clauses, [
    { key: 'k1', text: '一楼道一管家。' }, { key: 'k2', text: '楼道书架共享，借阅自觉归还。' },
    { key: 'k3', text: '绿植共养。' }, { key: 'k4', text: '每年举办樱花邻里节。' },
  ]);
  assert.deepEqual((await service.versions(c.id)).map((v) => v.amendment_id), [null, a.id, b.id]);
  assert.equal((await motion(parts, (await service.amendment(lost.id)).motion_id!)).passed, false, 'the motion itself records the failure');
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, type TestDatabase } from '../../../../test/support/database.ts';
import { Problem } from '../../../core/http/problem.ts';
import type { Principal } from '../../access/index.ts';
import { fakeMotions, type FakeMotions } from '../projects/testkit.ts';
import { conventionsService } from './index.ts';
import type { ConventionsService } from './service.ts';

// Ratification through a motion, on a real database, with motions counted in memory by the same tally.
const community = { code: '330481001003', path: '/33/3304/330481/330481001/330481001003/', name: '百合社区', kind: 'community' };
const staff: Principal = { accountId: '00000000-0000-4000-8000-000000000011', username: 'baihe', displayName: '百合社区', via: 'session', bindings: [{ role: 'communityStaff', scopePath: community.path, scopeCode: community.code, scopeName: community.name }] };
const resident: Principal = { accountId: '00000000-0000-4000-8000-000000000012', username: 'r', displayName: '居民乙', via: 'session', bindings: [{ role: 'resident', scopePath: `${community.path}G01/M01/`, scopeCode: 'h', scopeName: 'h' }] };
const voters = ['h1', 'h2', 'h3', 'h4'].map((voterId) => ({ voterId, label: voterId }));
const window = { opensAt: '2026-06-01T09:00:00+08:00', closesAt: '2026-06-08T09:00:00+08:00' };

let database: TestDatabase;
let motions: FakeMotions;
let service: ConventionsService;
before(async () => {
  database = await freshDatabase();
  motions = fakeMotions((source) => (source.kind === 'households' ? voters : []));
  service = conventionsService({ db: database.db }, motions, async (code) => (code === community.code ? community : undefined));
});
after(() => database.drop());

async function decide(amendmentId: string, yes: number) {
  const voting = await service.openVote(staff, amendmentId, { electorate: 'households', ...window });
  assert.deepEqual(motions.motions.get(voting.motion_id!)!.input.electorate, { kind: 'households', scopeCode: community.code });
  voters.forEach((v, i) => motions.cast(voting.motion_id!, v.voterId, i < yes ? 'yes' : 'no'));
  return service.closeVote(staff, amendmentId);
}

test('ratified amendments become versions; rejected and stale ones do not', async () => {
  const c = await service.create(staff, { communityCode: community.code, title: '百合新城小区公约', estate: '百合新城', clauses: ['一楼道一管家。', '楼道书架共享。', '绿植共养。'] });
  await assert.rejects(service.create(resident, { communityCode: community.code, title: 'x', clauses: ['x'] }), (e: unknown) => e instanceof Problem && e.status === 403);
  const a = await service.propose(resident, c.id, { title: '樱花邻里节', changes: [{ op: 'add', after: 'k3', text: '每年举办樱花邻里节。' }] });
  const b = await service.propose(staff, c.id, { title: '书架', changes: [{ op: 'change', key: 'k2', text: '楼道书架共享，借阅自觉归还。' }] });
  const stale = await service.propose(staff, c.id, { title: '删除书架条款', changes: [{ op: 'remove', key: 'k2' }] });
  const lost = await service.propose(resident, c.id, { title: '取消绿植', changes: [{ op: 'remove', key: 'k3' }] });

  assert.equal((await decide(a.id, 3)).status, 'ratified');
  assert.equal((await decide(b.id, 4)).status, 'ratified');
  assert.equal((await decide(stale.id, 4)).status, 'superseded', 'clause k2 changed since it was drafted');
  assert.equal((await decide(lost.id, 2)).status, 'rejected', 'two yes of four is not more than half');
  await assert.rejects(service.openVote(staff, a.id, { electorate: 'households', ...window }), (e: unknown) => e instanceof Problem && e.code === 'residentConventions.amendmentNotProposed');

  const now = await service.convention(c.id);
  assert.equal(now.current_version, 3);
  const v3 = await service.version(c.id, 3);
  assert.deepEqual(v3.clauses, [
    { key: 'k1', text: '一楼道一管家。' }, { key: 'k2', text: '楼道书架共享，借阅自觉归还。' },
    { key: 'k3', text: '绿植共养。' }, { key: 'k4', text: '每年举办樱花邻里节。' },
  ]);
  assert.deepEqual((await service.versions(c.id)).map((v) => v.amendment_id), [null, a.id, b.id]);
});

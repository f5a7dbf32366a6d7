import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tablesOf } from '../../../core/db/database.ts';
import { freshDatabase, type TestDatabase } from '../../../../test/support/database.ts';
import { Problem } from '../../../core/http/problem.ts';
import type { Principal } from '../../access/index.ts';
import { fakeMotions, type FakeMotions } from '../projects/testkit.ts';
import { AwardsService } from './service.ts';
import type { AwardsTables } from './tables.ts';

// A campaign from nominations to published winners, and a tie settled by the managers.
const community = { code: '330481001003', path: '/33/3304/330481/330481001/330481001003/', name: '百合社区', kind: 'community' };
const staff: Principal = { accountId: '00000000-0000-4000-8000-000000000021', username: 'baihe', displayName: '百合社区', via: 'session', bindings: [{ role: 'communityStaff', scopePath: community.path, scopeCode: community.code, scopeName: community.name }] };
const households = ['H1', 'H2', 'H3', 'H4', 'H5'];
const nominee = (code: string) => ({ code, path: `${community.path}G01/M01/${code}/`, place: { estate: '百合新城', building: `${code.slice(1)}幢`, stairwell: '1单元' } });

let database: TestDatabase;
let motions: FakeMotions;
let service: AwardsService;
before(async () => {
  database = await freshDatabase();
  motions = fakeMotions(() => households.map((voterId) => ({ voterId, label: voterId })));
  service = new AwardsService(tablesOf<AwardsTables>(database.db), {
    motions, places: async (code) => (code === community.code ? community : undefined),
    nominees: async (_kind, code) => (households.includes(code) ? nominee(code) : undefined),
  });
  motions.onOutcome('award', (outcome, tx) => service.onOutcome(outcome, tx as never));
});
after(() => database.drop());

const window = { opensAt: '2026-05-01T09:00:00+08:00', closesAt: '2026-05-10T09:00:00+08:00' };

test('households score the nominees; the best totals win; a tie waits for the managers', async () => {
  const campaign = await service.create(staff, { communityCode: community.code, kind: 'family', year: 2026, title: '最美家庭', winners: 2 });
  const [a, b, c] = [await service.nominate(staff, campaign.id, { nomineeCode: 'H1', reason: '孝老爱亲' }), await service.nominate(staff, campaign.id, { nomineeCode: 'H2', reason: '邻里和睦', agreedName: '陈家' }), await service.nominate(staff, campaign.id, { nomineeCode: 'H3', reason: '绿色家庭' })];
  assert.equal(a.label, '百合新城1幢1单元');
  assert.equal(b.label, '陈家（百合新城2幢1单元）');
  await assert.rejects(service.nominate(staff, campaign.id, { nomineeCode: 'X9', reason: 'x' }), (e: unknown) => e instanceof Problem && e.code === 'awards.nomineeUnknown');
  const voting = await service.openVote(staff, campaign.id, window);
  await assert.rejects(service.nominate(staff, campaign.id, { nomineeCode: 'H4', reason: '迟到' }), (e: unknown) => e instanceof Problem && e.status === 409);
  const cast = (voter: string, scores: [string, number][]) => motions.cast(voting.motion_id!, voter, Object.fromEntries(scores));
  cast('H1', [[a.id, 5], [b.id, 4], [c.id, 3]]);
  cast('H2', [[a.id, 4], [b.id, 5], [c.id, 4]]);
  cast('H3', [[a.id, 5], [c.id, 2]]);
  const closed = await service.closeVote(staff, campaign.id);
  assert.equal(closed.status, 'tied', 'b and c both total 9 for the second award');
  await assert.rejects(service.resolveTie(staff, campaign.id, { picked: [a.id], note: 'x' }), (e: unknown) => e instanceof Problem && e.code === 'awards.tiePick');
  const done = await service.resolveTie(staff, campaign.id, { picked: [c.id], note: '评审小组复议' });
  assert.equal(done.status, 'published');
  const statuses = Object.fromEntries((await service.nominations(campaign.id)).map((n) => [n.id, n.status]));
  assert.deepEqual(statuses, { [a.id]: 'winner', [b.id]: 'notChosen', [c.id]: 'winner' });
});

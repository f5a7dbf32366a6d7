import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/support/app.ts';

// Access and validation of the yearly cycle, conventions and awards over HTTP, on the demo county.
let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
});
after(() => app.stop());

const xishan = '330481001001';
type Json = Record<string, unknown> & { id: string; status: string };
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string | null, payload?: object) =>
  app.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
async function ok<T = Json>(method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string | null, payload?: object, status = method === 'POST' ? 201 : 200): Promise<T> {
  const res = await call(method, url, cookie, payload);
  assert.equal(res.statusCode, status, `${method} ${url} → ${res.body}`);
  return res.json() as T;
}
const residentHousehold = () => app.demo!.accounts.find((a) => a.username === 'resident-xishan')!.unitCode;

test('residents propose and deliberate in their own community; only managers shape the ballot', async () => {
  const staff = await app.login('xishan');
  const resident = await app.login('resident-xishan');
  const other = await app.login('xinjie');
  const round = await ok('POST', '/api/decisions/rounds', staff, { communityCode: xishan, year: 2026, councilId: 'assembly' });
  assert.deepEqual(round.seats, [{ constituency: 'partyMember', count: 1 }, { constituency: 'localResident', count: 1 }, { constituency: 'newResident', count: 1 }, { count: 2 }]);
  assert.equal((await call('POST', '/api/decisions/rounds', resident, { communityCode: xishan, year: 2027, councilId: 'a' })).statusCode, 403);
  const bad = await call('POST', '/api/decisions/rounds', staff, { communityCode: xishan, year: 1999, councilId: 'a' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal((await call('POST', '/api/decisions/rounds', staff, { communityCode: `${xishan}G01`, year: 2026, councilId: 'a' })).json().code, 'projects.notACommunity');

  const proposal = await ok('POST', `/api/decisions/rounds/${round.id}/proposals`, resident, { title: '水月亭小区路灯增亮', description: '景观河边晚上黑漆漆的' });
  assert.equal(proposal.source, 'resident');
  assert.equal((await call('POST', `/api/decisions/rounds/${round.id}/proposals`, resident, { title: '案件', description: 'x', source: 'case', sourceRef: 'GZ-2026-000001' })).statusCode, 403);
  assert.equal((await call('POST', `/api/decisions/rounds/${round.id}/proposals`, other, { title: '外社区', description: 'x' })).statusCode, 403);
  const fromCase = await ok('POST', `/api/decisions/rounds/${round.id}/proposals`, staff, { title: '监控盲区整治', description: '79 处监控盲区', source: 'case', sourceRef: 'GZ-2026-000042' });
  assert.equal(fromCase.sourceRef, 'GZ-2026-000042');
  await ok('POST', `/api/decisions/proposals/${proposal.id}/comments`, resident, { stance: 'for', body: '支持，老人晚上散步需要' });
  await ok('POST', `/api/decisions/proposals/${proposal.id}/comments`, staff, { stance: 'against', body: '先排摸点位' });
  assert.equal((await call('POST', `/api/decisions/proposals/${proposal.id}/comments`, resident, { stance: 'maybe', body: 'x' })).statusCode, 400);
  const detail = await ok<{ comments: object; items: { stance: string; author: string }[] }>('GET', `/api/decisions/proposals/${proposal.id}`, resident);
  assert.deepEqual(detail.comments, { for: 1, against: 1, neutral: 0 });
  assert.equal(detail.items[0]!.stance, 'for');
  const full = await ok<{ items: { author: string }[] }>('GET', `/api/decisions/proposals/${proposal.id}`, staff);
  assert.match(detail.items[0]!.author, /^.\*+$/, 'neighbours see a masked name');
  assert.notEqual(full.items[0]!.author, detail.items[0]!.author, 'managers see the full name');
  assert.equal((await call('POST', `/api/decisions/proposals/${proposal.id}/ballot`, resident, { status: 'onBallot' })).statusCode, 403);
  assert.equal((await ok<{ constituency: string }>('POST', `/api/decisions/proposals/${proposal.id}/ballot`, staff, { status: 'onBallot', constituency: 'localResident' }, 200)).constituency, 'localResident');

  assert.equal((await call('GET', `/api/decisions/rounds/${round.id}`, other)).statusCode, 403);
  assert.ok((await ok<{ items: Json[] }>('GET', '/api/decisions/rounds', resident)).items.some((r) => r.id === round.id));
  assert.ok(!(await ok<{ items: Json[] }>('GET', '/api/decisions/rounds', other)).items.some((r) => r.id === round.id));
  const vote = await call('POST', `/api/decisions/rounds/${round.id}/vote`, staff, { opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 3_600_000).toISOString() });
  assert.equal(vote.statusCode, 409, 'the vote follows deliberation');
  assert.equal(vote.json().code, 'projects.roundWrongStatus');

  // Nothing is published before the vote: the public page lists no round.
  const pub = await ok<{ rounds: unknown[] }>('GET', `/api/public/communities/${xishan}/projects`, null);
  assert.deepEqual(pub.rounds, []);
  assert.equal((await call('GET', '/api/public/communities/nowhere/projects', null)).statusCode, 404);
});

test('a convention: version 1, an amendment proposed by a resident, its preview as a clause diff, public text', async () => {
  const staff = await app.login('xishan');
  const resident = await app.login('resident-xishan');
  const convention = await ok('POST', '/api/decisions/conventions', staff, {
    communityCode: xishan, estate: '西山新村', title: '西山新村小区公约',
    clauses: ['爱护公共设施，保持楼道整洁。', '电动车不得进入楼道充电。', '文明饲养宠物，不影响他人正常生活。'],
  });
  assert.equal(convention.kind, 'estate');
  assert.equal(convention.currentVersion, 1);
  assert.equal((await call('POST', '/api/decisions/conventions', resident, { communityCode: xishan, title: '公约', clauses: ['x'] })).statusCode, 403);

  const unknown = await call('POST', `/api/decisions/conventions/${convention.id}/amendments`, resident, { title: '修订', changes: [{ op: 'remove', key: 'k9' }] });
  assert.equal(unknown.statusCode, 422);
  assert.equal(unknown.json().code, 'residentConventions.clauseUnknown');
  const amendment = await ok('POST', `/api/decisions/conventions/${convention.id}/amendments`, resident, {
    title: '电动自行车充电', rationale: '小区已建集中充电点',
    changes: [{ op: 'change', key: 'k2', text: '电动自行车应当在集中充电点充电，不得进入楼道。' }, { op: 'add', after: 'k3', text: '高空不抛物。' }],
  });
  assert.equal(amendment.status, 'proposed');
  const preview = await ok<{ diff: { key: string; status: string }[] }>('GET', `/api/decisions/amendments/${amendment.id}`, resident);
  assert.deepEqual(preview.diff.map((d) => `${d.key}:${d.status}`), ['k1:same', 'k2:changed', 'k3:same', 'k4:added']);
  assert.equal((await call('POST', `/api/decisions/amendments/${amendment.id}/vote`, resident, { electorate: 'households', opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 3_600_000).toISOString() })).statusCode, 403);

  const pub = await ok<{ clauses: { number: number; text: string }[]; amendments: Json[] }>('GET', `/api/public/conventions/${convention.id}`, null);
  assert.deepEqual(pub.clauses.map((c) => c.number), [1, 2, 3]);
  assert.equal(pub.amendments[0]!.id, amendment.id);
  assert.ok(!JSON.stringify(pub).includes('proposed_by') && !JSON.stringify(pub).includes('proposedBy'));
  assert.equal((await call('GET', `/api/public/conventions/${convention.id}/diff?from=1&to=2`, null)).statusCode, 404);
  const listed = await ok<{ items: Json[] }>('GET', `/api/public/communities/${xishan}/conventions`, null);
  assert.ok(listed.items.some((c) => c.id === convention.id));
});

test('awards: residents nominate households of their community; labels stop at the stairwell; nothing public before the vote', async () => {
  const staff = await app.login('xishan');
  const resident = await app.login('resident-xishan');
  const campaign = await ok('POST', '/api/decisions/awards', staff, { communityCode: xishan, kind: 'family', year: 2026, title: '2026年度西山社区最美家庭' });
  assert.deepEqual([campaign.method, campaign.winners], ['score', 3]);
  assert.equal((await call('POST', '/api/decisions/awards', staff, { communityCode: xishan, kind: 'family', year: 2026, title: '排序', method: 'rankedChoice', winners: 2 })).json().code, 'awards.awardRankedChoiceOneWinner');

  const own = residentHousehold();
  const nominated = await ok('POST', `/api/decisions/awards/${campaign.id}/nominations`, resident, { nomineeCode: own, reason: '孝老爱亲，邻里和睦' });
  assert.equal(nominated.status, 'nominated');
  const household = app.demo!.households.find((h) => h.code === own)!;
  assert.ok(!String(nominated.label).includes(household.room), 'no room number in a published label');
  assert.equal((await call('POST', `/api/decisions/awards/${campaign.id}/nominations`, resident, { nomineeCode: own, reason: '再次' })).statusCode, 409);
  const elsewhere = app.demo!.households.find((h) => h.code.startsWith('330481001002'))!;
  assert.equal((await call('POST', `/api/decisions/awards/${campaign.id}/nominations`, resident, { nomineeCode: elsewhere.code, reason: 'x' })).json().code, 'awards.nomineeUnknown');
  assert.equal((await call('POST', `/api/decisions/awards/${campaign.id}/nominations`, resident, { nomineeCode: own.slice(0, -1) + '9', reason: 'x', agreedName: '张家' })).statusCode, 403);
  assert.equal((await call('POST', `/api/decisions/nominations/${nominated.id}/review`, resident, { accept: true })).statusCode, 403);
  const accepted = await ok('POST', `/api/decisions/nominations/${nominated.id}/review`, staff, { accept: true, agreedName: '金家' }, 200);
  assert.match(String(accepted.label), /^金家（.+）$/);
  const tooFew = await call('POST', `/api/decisions/awards/${campaign.id}/vote`, staff, { opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 3_600_000).toISOString() });
  assert.equal(tooFew.json().code, 'awards.awardTooFewNominees');
  const seen = await ok<{ nominations: Record<string, unknown>[] }>('GET', `/api/decisions/awards/${campaign.id}`, resident);
  assert.equal(seen.nominations[0]!.nomineeCode, undefined, 'residents see labels, not household codes');
  assert.deepEqual((await ok<{ items: unknown[] }>('GET', `/api/public/communities/${xishan}/awards`, null)).items, []);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testDatabaseUrl } from '../../../../../test/support/database.ts';
import { startTestApp, type TestApp } from '../../../../../test/support/app.ts';
import { assertRecountMatches, client, minutesFromNow, type MotionView } from './testkit.ts';

// On PostgreSQL the full street (3,500 households) and 2,000 voters; on the embedded database, which has
// one connection, fewer: the point there is the same code path, not the load.
const onPostgres = testDatabaseUrl !== undefined;
const voters = onPostgres ? 2000 : 150;
const twice = onPostgres ? 200 : 20;

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: onPostgres ? 1 : 0.3 });
});
after(() => app.stop());

test(`${voters} voters cast ${voters + twice} ballots at once (${twice} of them twice at the same moment): none lost, none counted twice`, async () => {
  const { get, post } = client(app);
  const street = app.demo!.accounts.find((a) => a.username === 'street')!;
  const streetCookie = await app.login('street');
  const created = await post('/api/motions', await app.login('county'), {
    title: '街道居民议事：垃圾分类积分', rule: { method: 'simpleMajority', quorum: { atLeast: '1/2' }, majorityBase: 'votesCast' },
    electorate: { kind: 'households', scopeCode: street.unitCode }, scopeCode: street.unitCode, opensAt: minutesFromNow(-1), closesAt: minutesFromNow(60),
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = (created.json() as MotionView).id;
  assert.equal((await post(`/api/motions/${id}/announce`, await app.login('county'))).statusCode, 200);
  const roll = (await get(`/api/motions/${id}/roll`, streetCookie)).json() as { size: number; entries: { voterId: string }[] };
  assert.ok(roll.size >= voters, `the roll has ${roll.size} households`);

  // Each community's staff enter the paper ballots of their own households; grid workers go door to door.
  const communityOf = new Map<string, string>();
  const buildingOf = new Map(app.demo!.buildings.map((b) => [b.code, b.microGridCode]));
  for (const h of app.demo!.households) communityOf.set(h.code, buildingOf.get(h.buildingCode)!.slice(0, 12));
  const collectors = new Map<string, string>();
  for (const a of app.demo!.accounts.filter((a) => a.role === 'communityStaff')) collectors.set(a.unitCode, await app.login(a.username));
  const choices = ['yes', 'no', 'abstain'] as const;
  const chosen = roll.entries.slice(0, voters).map((e) => e.voterId);
  const requests: { voter: string; choice: string; cookie: string; channel: 'paper' | 'doorToDoor' }[] = chosen.map((voter, i) => ({
    voter, choice: choices[i % 3]!, cookie: collectors.get(communityOf.get(voter)!)!, channel: i % 2 ? 'paper' : 'doorToDoor',
  }));
  for (let i = 0; i < twice; i++) requests.push({ ...requests[i * 7]!, choice: choices[(i * 7 + 1) % 3]! });

  const started = performance.now();
  const responses = await Promise.all(requests.map((r) => post(`/api/motions/${id}/ballots`, r.cookie, { voterId: r.voter, channel: r.channel, choice: r.choice })));
  const seconds = (performance.now() - started) / 1000;
  for (const res of responses) assert.equal(res.statusCode, 201, res.body);
  console.log(`# ${requests.length} concurrent ballots on ${onPostgres ? 'PostgreSQL' : 'PGlite'} in ${seconds.toFixed(1)} s`);

  // What must count: for each voter, the choice of the ballot the server stamped latest.
  const latest = new Map<string, { at: string; choice: string }>();
  responses.forEach((res, i) => {
    const at = (res.json() as { castAt: string }).castAt;
    const prev = latest.get(requests[i]!.voter);
    assert.notEqual(prev?.at, at, 'two ballots of one voter never share an instant');
    if (!prev || prev.at < at) latest.set(requests[i]!.voter, { at, choice: requests[i]!.choice });
  });
  const expected = { yes: 0, no: 0, abstain: 0 };
  for (const v of latest.values()) expected[v.choice as keyof typeof expected]++;

  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ballots WHERE motion_id = ${id}`.execute(app.core.db.kysely);
  assert.equal(rows[0]!.n, voters + twice, 'every ballot stored once');
  const closed = await post(`/api/motions/${id}/close`, await app.login('county'));
  assert.equal(closed.statusCode, 200, closed.body);
  const result = await assertRecountMatches(app, id) as { voted: number; yes: number; no: number; abstain: number; ballots: { received: number; effective: number; superseded: unknown[]; rejected: unknown[] } };
  assert.deepEqual(
    { received: result.ballots.received, effective: result.ballots.effective, superseded: result.ballots.superseded.length, rejected: result.ballots.rejected.length },
    { received: voters + twice, effective: voters, superseded: twice, rejected: 0 },
  );
  assert.deepEqual({ yes: result.yes, no: result.no, abstain: result.abstain }, expected);
  assert.equal(result.voted, voters);
});

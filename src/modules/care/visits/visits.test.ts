import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../../test/support/app.ts';

let app: TestApp;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const grid01 = '330481001001G01';
type Due = { profileId: string; name: string; riskTier: string; dueOn: string; stage: string; lastVisitAt: string | null };
let due: Due[] = [];
const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: string, payload?: object) =>
  app.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });
const db = () => app.core.db.kysely;
const homeOf = async (profileId: string) => (await req('GET', `/api/care/profiles/${profileId}`, 'xishan')).json().home as { lng: number; lat: number };
const north = (h: { lng: number; lat: number }, metres: number) => ({ lng: h.lng, lat: h.lat + metres / 111_195 });
const chinaDateOf = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(0, 10);
const chinaToday = () => chinaDateOf(Date.now());
const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The daily sweep, brought forward: the job queue's time control, as the alarm tests move the ladder. */
async function sweepNow(): Promise<void> {
  await sql`UPDATE jobs SET run_at = now() WHERE unique_key LIKE 'care:daily:%'`.execute(db());
  await app.core.jobs.drain();
}
const visitTasks = async (profileId: string) => (await sql<{ kind: string; role: string; done: boolean; outcome: string | null }>`
  SELECT kind, role, done_at IS NOT NULL AS done, outcome FROM care_tasks WHERE profile_id = ${profileId} AND kind LIKE 'visitOverdue%' ORDER BY id`.execute(db())).rows;

before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  for (const u of ['xishan', 'xinjie', 'grid-xishan-01', 'volunteer-xishan', 'volunteer-xinjie', 'resident-xishan', 'county']) {
    cookies[u] = await app.login(u);
    ids[u] = (await req('GET', '/api/auth/me', u)).json().accountId as string;
  }
  const res = await req('GET', '/api/care/visits/due', 'grid-xishan-01');
  assert.equal(res.statusCode, 200, res.body);
  due = (res.json() as { items: Due[] }).items.filter((d) => d.riskTier === 'high');
  assert.ok(due.length >= 3, 'the demo has high-risk elderly in grid 01');
});
after(() => app?.stop());

test('a new high-risk profile is due a week after it was created; others see nothing of another community', async () => {
  assert.equal(due[0]!.dueOn, plusDays(chinaToday(), 7));
  assert.equal(due[0]!.stage, 'none');
  const other = (await req('GET', '/api/care/visits/due', 'volunteer-xinjie')).json() as { items: Due[] };
  assert.ok(!other.items.some((d) => d.profileId === due[0]!.profileId));
});

test('a visit logged on the spot: near home is fine, far is flagged but kept, a remembered one is refused', async () => {
  const p = due[0]!;
  const home = await homeOf(p.profileId);
  const near = await req('POST', `/api/care/profiles/${p.profileId}/visits`, 'volunteer-xishan', { minutes: 40, ...north(home, 60), findings: ['allWell'], notes: '聊天，测血压' });
  assert.equal(near.statusCode, 201, near.body);
  // The visit began 40 minutes ago: just after midnight in China that is still yesterday, and the week counts from then.
  const visitedOn = chinaDateOf(Date.now() - 40 * 60_000);
  assert.deepEqual({ ...near.json<object>(), id: 0 }, { id: 0, distanceM: 60, far: false, nextDue: plusDays(visitedOn, 7), hoursPending: true });
  const far = await req('POST', `/api/care/profiles/${p.profileId}/visits`, 'grid-xishan-01', { minutes: 15, ...north(home, 2000), findings: ['needsRepair'], notes: '' });
  assert.equal(far.statusCode, 201, far.body);
  assert.equal(far.json().far, true);
  assert.equal(far.json().hoursPending, false, 'a grid worker visits as their job, not as a volunteer');
  const late = await req('POST', `/api/care/profiles/${p.profileId}/visits`, 'volunteer-xishan', { minutes: 30, startedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(), findings: [] });
  assert.equal(late.statusCode, 422);
  assert.match(late.headers['content-type'] as string, /application\/problem\+json/);
  assert.equal(late.json().code, 'care.visitTimeOutOfRange');
  const bad = await req('POST', `/api/care/profiles/${p.profileId}/visits`, 'volunteer-xishan', { minutes: 30, findings: ['dancing'] });
  assert.equal(bad.statusCode, 400);
  assert.equal((await req('POST', `/api/care/profiles/${p.profileId}/visits`, 'volunteer-xinjie', { minutes: 30 })).statusCode, 404, 'outside scope');
  const history = (await req('GET', `/api/care/profiles/${p.profileId}/visits`, 'xishan')).json() as { items: { far: boolean; findings: string[] }[] };
  assert.deepEqual(history.items.map((v) => v.far), [true, false]);
});

test('mutual-aid groups: CRUD within scope; a member may visit the elderly the group covers', async () => {
  const p = due[1]!;
  const body = { unitCode: grid01, name: '西山一网格互助小组', leadAccountId: ids['volunteer-xishan'], memberAccountIds: [ids['resident-xishan']], profileIds: [p.profileId] };
  assert.equal((await req('POST', '/api/care/groups', 'xinjie', body)).statusCode, 403);
  const created = await req('POST', '/api/care/groups', 'grid-xishan-01', body);
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;
  const group = (await req('GET', `/api/care/groups/${id}`, 'xishan')).json() as { memberAccountIds: string[]; profiles: { id: string }[]; leadAccountId: string };
  assert.deepEqual(new Set(group.memberAccountIds), new Set([ids['volunteer-xishan'], ids['resident-xishan']]), 'the lead is a member');
  assert.deepEqual(group.profiles.map((x) => x.id), [p.profileId]);
  const mine = (await req('GET', '/api/care/groups', 'resident-xishan')).json() as { items: { id: string }[] };
  assert.deepEqual(mine.items.map((g) => g.id), [id], 'a resident member sees their group');
  assert.equal((await req('GET', `/api/care/groups/${id}`, 'volunteer-xinjie')).statusCode, 404);

  const visit = await req('POST', `/api/care/profiles/${p.profileId}/visits`, 'resident-xishan', { minutes: 25, findings: ['lonely'], notes: '邻里陪伴' });
  assert.equal(visit.statusCode, 201, visit.body);
  assert.equal(visit.json().far, true, 'no position: flagged');
  assert.equal((await req('POST', `/api/care/profiles/${due[2]!.profileId}/visits`, 'resident-xishan', { minutes: 25 })).statusCode, 404, 'not covered by the group');

  const elsewhere = (await req('GET', '/api/care/visits/due', 'volunteer-xinjie')).json() as { items: Due[] };
  const outside = await req('PUT', `/api/care/groups/${id}`, 'grid-xishan-01', { ...body, unitCode: undefined, profileIds: [p.profileId, elsewhere.items[0]!.profileId] });
  assert.equal(outside.statusCode, 422);
  assert.equal(outside.json().code, 'care.groupProfileOutside');
  const renamed = await req('PUT', `/api/care/groups/${id}`, 'grid-xishan-01', { name: '暖心互助组', leadAccountId: ids['volunteer-xishan'], memberAccountIds: [], profileIds: [p.profileId] });
  assert.equal(renamed.statusCode, 200, renamed.body);
  assert.equal((await req('GET', '/api/care/groups', 'resident-xishan')).json().items.length, 0, 'removed from the group');
  assert.equal((await req('DELETE', `/api/care/groups/${id}`, 'volunteer-xishan')).statusCode, 403);
  assert.equal((await req('DELETE', `/api/care/groups/${id}`, 'xishan')).statusCode, 204);
  assert.equal((await req('GET', `/api/care/groups/${id}`, 'xishan')).statusCode, 404);
});

test('an overdue visit raises one task for the grid worker, then one for the community after the further period', async () => {
  const p = due[3] ?? due[2]!;
  assert.equal((await req('PUT', '/api/care/settings/330481001001/visits', 'xinjie', { escalateDays: 5 })).statusCode, 403);
  assert.equal((await req('PUT', '/api/care/settings/330481001001/visits', 'xishan', { escalateDays: 5 })).statusCode, 200);
  // Nine days pass without a visit: due two days ago.
  await sql`UPDATE care_profiles SET created_at = now() - interval '9 days' WHERE id = ${p.profileId}`.execute(db());
  await sweepNow();
  assert.deepEqual(await visitTasks(p.profileId), [{ kind: 'visitOverdue', role: 'gridWorker', done: false, outcome: null }]);
  const tasks = (await req('GET', '/api/care/tasks', 'grid-xishan-01')).json() as { items: { kind: string; profile_id: string }[] };
  assert.ok(tasks.items.some((x) => x.kind === 'visitOverdue' && x.profile_id === p.profileId), 'in the grid worker’s task list');
  await sweepNow();
  assert.equal((await visitTasks(p.profileId)).length, 1, 'one task per overdue, not one per sweep');
  const flagged = (await req('GET', '/api/care/visits/due', 'grid-xishan-01')).json() as { items: Due[] };
  assert.equal(flagged.items.find((d) => d.profileId === p.profileId)!.stage, 'grid');

  // Six more days pass (everything dated moves back together): past the community's escalation period.
  await sql`UPDATE care_profiles SET created_at = created_at - interval '6 days' WHERE id = ${p.profileId}`.execute(db());
  await sql`UPDATE care_visit_overdue SET due_on = due_on - 6, raised_at = raised_at - interval '6 days' WHERE profile_id = ${p.profileId}`.execute(db());
  await sweepNow();
  await sweepNow();
  assert.deepEqual((await visitTasks(p.profileId)).map((x) => [x.kind, x.role]), [['visitOverdue', 'gridWorker'], ['visitOverdueEscalated', 'communityStaff']]);
  const open = (await req('GET', '/api/care/visits/overdue', 'xishan')).json() as { items: { profileId: string; escalatedAt: string | null }[] };
  assert.ok(open.items.find((o) => o.profileId === p.profileId)?.escalatedAt);

  // The visit answers both.
  assert.equal((await req('POST', `/api/care/profiles/${p.profileId}/visits`, 'grid-xishan-01', { minutes: 20, findings: ['unwell'] })).statusCode, 201);
  assert.deepEqual((await visitTasks(p.profileId)).map((x) => [x.done, x.outcome]), [[true, 'visited'], [true, 'visited']]);
  assert.ok(!((await req('GET', '/api/care/visits/overdue', 'xishan')).json() as { items: { profileId: string }[] }).items.some((o) => o.profileId === p.profileId));
  // The sweep keeps running daily: the next run is planned for tomorrow at 02:00 China time.
  const next = (await sql<{ unique_key: string }>`SELECT unique_key FROM jobs WHERE kind = 'care.daily'`.execute(db())).rows;
  assert.equal(next.length, 1);
  assert.match(next[0]!.unique_key, /^care:daily:\d{4}-\d{2}-\d{2}$/);
});

test('coverage: share visited on time this month, per community and grid', async () => {
  const res = await req('GET', '/api/care/visits/coverage', 'xishan');
  assert.equal(res.statusCode, 200, res.body);
  const rows = (res.json() as { items: { level: string; path: string; due: number; onTime: number; late: number; share: number }[] }).items;
  const community = rows.find((r) => r.level === 'community')!;
  assert.equal(community.path, '/33/3304/330481/330481001/330481001001/');
  assert.ok(community.late >= 1, 'the overdue profile was late');
  assert.equal(community.due, community.onTime + community.late);
  assert.ok(rows.some((r) => r.level === 'grid' && r.path.endsWith(`/${grid01}/`)));
  assert.equal((await req('GET', '/api/care/visits/coverage', 'volunteer-xishan')).statusCode, 403);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DemoCare, DemoWristband } from '../../app/demo-care.ts';
import type { DemoData } from '../demo/index.ts';
import type { RosterChange } from '../roster/index.ts';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

// Roster changes reach the care module the way the roster delivers them: RosterService.events.emit inside
// the transaction of the change (decision 0148). The roster's own endpoints are not needed for that.
let app: TestApp;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const xishan = '330481001001';
const xinjie = '330481001002';
const grid01 = '330481001001G01';
let bands: DemoWristband[] = [];
/** The band of the person who dies in the first test (and comes back in the last). */
let gone: DemoWristband;

type Due = { profileId: string; name: string; dueOn: string; stage: string };
type Stored = {
  id: string; resident_id: string; name: string; path: string; community_path: string; address: string; home_lng: number | null; home_lat: number | null;
  closed_at: Date | null; closed_reason: string | null; closed_on: string | null;
};

const req = (method: 'GET' | 'POST' | 'PUT', url: string, who: string | null, payload?: object, headers: Record<string, string> = {}) =>
  app.app.inject({ method, url, headers: { ...(who ? { cookie: cookies[who]! } : {}), ...headers }, ...(payload ? { payload } : {}) });
const db = () => app.core.db.kysely;
const chinaDateOf = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(0, 10);
const chinaToday = () => chinaDateOf(Date.now());
const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const emit = (change: RosterChange) => db().transaction().execute((trx) => app.modules.roster.events.emit(change, trx));
const stored = async (profileId: string) => (await sql<Stored>`
  SELECT id, resident_id, name, path, community_path, address, home_lng, home_lat, closed_at, closed_reason, closed_on::text AS closed_on
  FROM care_profiles WHERE id = ${profileId}`.execute(db())).rows[0]!;
/** What the roster says of a resident where they live now. */
async function placeOf(profileId: string, householdCode: string) {
  const p = await stored(profileId);
  const household = app.demo!.households.find((h) => h.code === householdCode)!;
  const home = p.home_lng != null && p.home_lat != null ? { lng: p.home_lng, lat: p.home_lat } : null;
  return { residentId: p.resident_id, name: p.name, path: p.path, householdCode, buildingCode: household.buildingCode, address: p.address, home };
}
const deviceProfile = async (deviceId: string) => (await sql<{ profile_id: string | null }>`SELECT profile_id FROM care_devices WHERE id = ${deviceId}`.execute(db())).rows[0]!.profile_id;
const tasksOf = async (profileId: string) => (await sql<{ kind: string; done: boolean; outcome: string | null; device_id: string | null; community_path: string | null }>`
  SELECT kind, done_at IS NOT NULL AS done, outcome, device_id, community_path FROM care_tasks WHERE profile_id = ${profileId} AND alarm_id IS NULL ORDER BY id`.execute(db())).rows;
const openOverdue = async (profileId: string) => (await sql<{ due_on: string; community_path: string }>`
  SELECT due_on::text AS due_on, community_path FROM care_visit_overdue WHERE profile_id = ${profileId} AND resolved_at IS NULL`.execute(db())).rows;
const dueFor = async (who: string) => ((await req('GET', '/api/care/visits/due', who)).json() as { items: Due[] }).items;

/** The daily sweep, brought forward (as visits.test.ts does). */
async function sweepNow(): Promise<void> {
  await sql`UPDATE jobs SET run_at = now() WHERE unique_key LIKE 'care:daily:%'`.execute(db());
  await app.core.jobs.drain();
}
/** Moves a profile's start back so its first visit was due two days ago, and lets the sweep flag it. */
async function makeOverdue(profileId: string): Promise<string> {
  const everyDays = (await req('GET', `/api/care/profiles/${profileId}`, 'xishan')).json().visitEveryDays as number;
  await sql`UPDATE care_profiles SET created_at = now() - make_interval(days => ${everyDays + 2}) WHERE id = ${profileId}`.execute(db());
  await sweepNow();
  const open = await openOverdue(profileId);
  assert.equal(open.length, 1, 'the sweep flagged the missed visit');
  return open[0]!.due_on;
}

before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  for (const u of ['xishan', 'xinjie', 'grid-xishan-01', 'volunteer-xishan']) {
    cookies[u] = await app.login(u);
    ids[u] = (await req('GET', '/api/auth/me', u)).json().accountId as string;
  }
  const buildingOf = (householdCode: string) => app.demo!.households.find((h) => h.code === householdCode)!.buildingCode;
  const inGrid01 = (householdCode: string) => app.demo!.buildings.find((b) => b.code === buildingOf(householdCode))!.microGridCode.startsWith(grid01);
  bands = (app.demo as DemoData & { care: DemoCare }).care.wristbands.filter((w) => inGrid01(w.householdCode));
  assert.ok(bands.length >= 5, `the demo has wristbands in grid 01 (${bands.length})`);
  gone = bands[0]!;
});
after(() => app?.stop());

test('a death closes the care profile: band freed, overdue visit resolved, out of groups, lists and the sweep; a running alarm goes on', async () => {
  const profileId = gone.profileId;
  const dueOn = await makeOverdue(profileId);
  const group = await req('POST', '/api/care/groups', 'xishan', { unitCode: xishan, name: 'Neighbours', leadAccountId: ids['volunteer-xishan'], memberAccountIds: [], profileIds: [profileId] });
  assert.equal(group.statusCode, 201, group.body);
  const kitchen = await req('POST', '/api/care/kitchens', 'xishan', { unitCode: xishan, name: 'Community kitchen' });
  assert.equal(kitchen.statusCode, 201, kitchen.body);
  const kitchenId = kitchen.json().id as string;
  const order = await req('POST', '/api/care/meal-orders', 'grid-xishan-01', { profileId, kitchenId, serviceDate: plusDays(chinaToday(), 1), meal: 'lunch' });
  assert.equal(order.statusCode, 201, order.body);
  const press = await req('POST', `/api/devices/${gone.deviceId}/events`, null, { id: 'before-death', type: 'alarm' }, { 'x-device-token': gone.token });
  assert.equal(press.statusCode, 201, press.body);
  const alarmId = press.json().alarmId as number;
  const heartbeat = `care:device:${gone.deviceId}:heartbeat`;
  assert.equal((await sql`SELECT 1 FROM jobs WHERE unique_key = ${heartbeat}`.execute(db())).rows.length, 1, 'the band’s heartbeat timer runs');
  const month = dueOn.slice(0, 7);
  // A community with nobody due in the month has no row.
  const coverage = async () => ((await req('GET', `/api/care/visits/coverage?month=${month}`, 'xishan')).json() as { items: { level: string; due: number; late: number }[] }).items
    .find((r) => r.level === 'community') ?? { due: 0, late: 0 };
  const before = await coverage();
  assert.ok(before.late >= 1, 'the missed visit is late');

  // Died three days ago, a day before the visit was due: registered today.
  const diedOn = plusDays(chinaToday(), -3);
  await emit({ kind: 'departed', reason: 'deceased', on: diedOn, ...(await placeOf(profileId, gone.householdCode)) });

  const profile = await stored(profileId);
  assert.ok(profile.closed_at, 'closed, not deleted');
  assert.deepEqual([profile.closed_reason, profile.closed_on], ['deceased', diedOn]);
  const shown = (await req('GET', `/api/care/profiles/${profileId}`, 'xishan')).json() as { name: string; closed: { reason: string; on: string } | null };
  assert.equal(shown.name, profile.name, 'a closed profile is still read by id');
  assert.deepEqual({ reason: shown.closed?.reason, on: shown.closed?.on }, { reason: 'deceased', on: diedOn });

  assert.equal(await deviceProfile(gone.deviceId), null, 'the band is unlinked');
  assert.equal((await sql`SELECT 1 FROM jobs WHERE unique_key = ${heartbeat}`.execute(db())).rows.length, 0, 'no heartbeat timer for a band nobody wears');
  assert.deepEqual(await openOverdue(profileId), []);
  const tasks = await tasksOf(profileId);
  assert.deepEqual(tasks.filter((t) => t.kind === 'visitOverdue').map((t) => [t.done, t.outcome]), [[true, 'profileClosed']]);
  assert.deepEqual(tasks.filter((t) => t.kind === 'wristbandFreed').map((t) => [t.done, t.device_id, t.community_path]), [[false, gone.deviceId, profile.community_path]], 'the grid worker collects the band');
  assert.deepEqual(((await req('GET', `/api/care/groups/${group.json().id}`, 'xishan')).json() as { profiles: unknown[] }).profiles, [], 'no longer covered by the group');
  assert.equal((await sql<{ status: string }>`SELECT status FROM care_meal_orders WHERE id = ${order.json().id}`.execute(db())).rows[0]!.status, 'cancelled');
  assert.equal((await req('GET', `/api/alarms/${alarmId}`, 'xishan')).json().status, 'open', 'a running alarm is the operator’s to close');

  assert.ok(!(await dueFor('grid-xishan-01')).some((d) => d.profileId === profileId), 'not in the due list');
  assert.ok(!((await req('GET', '/api/care/visits/overdue', 'xishan')).json() as { items: { profileId: string }[] }).items.some((o) => o.profileId === profileId));
  const after = await coverage();
  assert.deepEqual([after.due, after.late], [before.due - 1, before.late - 1], 'nothing was due after the day they died');

  const visit = await req('POST', `/api/care/profiles/${profileId}/visits`, 'grid-xishan-01', { minutes: 20, findings: [] });
  assert.equal(visit.statusCode, 409);
  assert.equal(visit.json().code, 'care.profileClosed');
  assert.equal((await req('POST', '/api/care/meal-orders', 'grid-xishan-01', { profileId, kitchenId, serviceDate: plusDays(chinaToday(), 1), meal: 'soup' })).json().code, 'care.profileClosed');

  // Weeks go by: the sweep finds nothing to raise for someone who has left.
  await sql`UPDATE care_profiles SET created_at = created_at - interval '30 days' WHERE id = ${profileId}`.execute(db());
  await sweepNow();
  assert.deepEqual(await openOverdue(profileId), []);
  assert.equal((await tasksOf(profileId)).filter((t) => t.kind.startsWith('visitOverdue') && !t.done).length, 0);
});

test('a freed band is an unknown device until it is bound to someone else; not to a closed profile', async () => {
  const home = gone.home;
  const press = await req('POST', `/api/devices/${gone.deviceId}/events`, null, { id: 'after-death', type: 'alarm', lng: home.lng, lat: home.lat, battery: 5 }, { 'x-device-token': gone.token });
  assert.equal(press.statusCode, 201, press.body);
  const alarm = (await sql<{ profile_id: string | null; community_path: string | null }>`SELECT profile_id, community_path FROM care_alarms WHERE id = ${press.json().alarmId}`.execute(db())).rows[0]!;
  assert.equal(alarm.profile_id, null, 'an alarm from a band without a profile is still an alarm');
  assert.ok(alarm.community_path?.includes(`/${xishan}/`), 'placed by its position');
  const callback = (await sql<{ detail: { unknownDevice: boolean } }>`SELECT detail FROM care_tasks WHERE alarm_id = ${press.json().alarmId} AND kind = 'callback'`.execute(db())).rows[0]!;
  assert.equal(callback.detail.unknownDevice, true);
  assert.equal((await sql`SELECT 1 FROM jobs WHERE unique_key = ${`care:device:${gone.deviceId}:heartbeat`}`.execute(db())).rows.length, 0);
  assert.equal((await sql`SELECT 1 FROM care_tasks WHERE device_id = ${gone.deviceId} AND kind = 'lowBattery'`.execute(db())).rows.length, 0, 'no battery upkeep for a band nobody wears');

  const toClosed = await req('POST', '/api/care/devices', 'xishan', { deviceId: gone.deviceId, profileId: gone.profileId });
  assert.equal(toClosed.statusCode, 409);
  assert.equal(toClosed.json().code, 'care.profileClosed');
  const next = (await dueFor('grid-xishan-01')).find((d) => !bands.some((b) => b.profileId === d.profileId))!;
  const bound = await req('POST', '/api/care/devices', 'xishan', { deviceId: gone.deviceId, profileId: next.profileId });
  assert.equal(bound.statusCode, 201, bound.body);
  assert.equal(await deviceProfile(gone.deviceId), next.profileId);
  assert.deepEqual((await tasksOf(gone.profileId)).filter((t) => t.kind === 'wristbandFreed').map((t) => [t.done, t.outcome]), [[true, 'registered']]);
});

test('a move to another community takes the profile along: path, address, home, open work; the old grid’s group lets go', async () => {
  const mover = bands[1]!;
  await makeOverdue(mover.profileId);
  const group = await req('POST', '/api/care/groups', 'grid-xishan-01', { unitCode: grid01, name: 'Stairwell 1', leadAccountId: ids['volunteer-xishan'], memberAccountIds: [], profileIds: [mover.profileId] });
  assert.equal(group.statusCode, 201, group.body);
  // A household in the neighbouring community.
  const xinjiePath = (await app.modules.tree.repo.byCode(xinjie))!.path;
  const target = app.demo!.households.find((h) => h.code.startsWith(xinjie))!;
  const household = (await app.modules.roster.repo.householdByCode(target.code))!;
  const building = (await app.modules.roster.repo.buildingByCode(target.buildingCode))!;
  assert.ok(building.lng !== null && building.lat !== null, 'the demo places its buildings');

  const from = await placeOf(mover.profileId, mover.householdCode);
  await emit({ kind: 'moved', fromPath: from.path, ...from, path: household.path, householdCode: target.code, buildingCode: target.buildingCode, address: 'Xinjie, building 3, room 502', home: { lng: building.lng!, lat: building.lat! } });

  const p = await stored(mover.profileId);
  assert.deepEqual(
    { path: p.path, community: p.community_path, address: p.address, home: [p.home_lng, p.home_lat], open: p.closed_at },
    { path: household.path, community: xinjiePath, address: 'Xinjie, building 3, room 502', home: [building.lng, building.lat], open: null },
  );
  assert.deepEqual((await req('GET', `/api/care/profiles/${mover.profileId}`, 'xinjie')).json().home, { lng: building.lng, lat: building.lat });
  assert.deepEqual((await openOverdue(mover.profileId)).map((o) => o.community_path), [xinjiePath], 'the overdue visit is the new community’s');
  assert.deepEqual((await tasksOf(mover.profileId)).filter((t) => !t.done).map((t) => t.community_path), [xinjiePath]);
  assert.ok((await dueFor('xinjie')).some((d) => d.profileId === mover.profileId), 'due with the new community');
  assert.ok(!(await dueFor('grid-xishan-01')).some((d) => d.profileId === mover.profileId), 'gone from the old grid');
  assert.deepEqual(((await req('GET', `/api/care/groups/${group.json().id}`, 'xishan')).json() as { profiles: unknown[] }).profiles, []);
  assert.equal(await deviceProfile(mover.deviceId), mover.profileId, 'a move keeps the band on the wrist');
});

test('a new name on the roster is the name on the care profile', async () => {
  const renamed = bands[2]!;
  const place = await placeOf(renamed.profileId, renamed.householdCode);
  await emit({ kind: 'renamed', formerName: place.name, ...place, name: 'Renamed Person' });
  assert.equal((await stored(renamed.profileId)).name, 'Renamed Person');
  assert.equal((await dueFor('grid-xishan-01')).find((d) => d.profileId === renamed.profileId)?.name, 'Renamed Person');
});

test('a roster change that fails rolls the care module’s part back with it', async () => {
  const kept = bands[3]!;
  const departure: RosterChange = { kind: 'departed', reason: 'movedOut', on: chinaToday(), ...(await placeOf(kept.profileId, kept.householdCode)) };
  await assert.rejects(db().transaction().execute(async (trx) => {
    await app.modules.roster.events.emit(departure, trx);
    throw new Error('the roster could not write the departure');
  }), /could not write the departure/);
  const stillOpen = async () => {
    assert.equal((await stored(kept.profileId)).closed_at, null);
    assert.equal(await deviceProfile(kept.deviceId), kept.profileId);
    assert.ok(!(await tasksOf(kept.profileId)).some((t) => t.kind === 'wristbandFreed'));
  };
  await stillOpen();

  // Another module that refuses the change (a listener after care's) undoes what care wrote.
  let refuse = true;
  app.modules.roster.onChange(async () => {
    if (refuse) throw new Error('another module refuses');
  });
  await assert.rejects(emit(departure), /another module refuses/);
  refuse = false;
  await stillOpen();
  assert.ok((await dueFor('grid-xishan-01')).some((d) => d.profileId === kept.profileId));
});

test('through the roster’s own endpoints: a move takes the profile to the new building, a departure closes it', async () => {
  const band = bands[4]!;
  const residentId = (await stored(band.profileId)).resident_id;
  const fromBuilding = app.demo!.households.find((h) => h.code === band.householdCode)!.buildingCode;
  const target = app.demo!.households.find((h) => h.code.startsWith(xishan) && h.buildingCode !== fromBuilding)!;
  const building = (await app.modules.roster.repo.buildingByCode(target.buildingCode))!;
  const moved = await req('POST', `/api/residents/${residentId}/move`, 'xishan', { householdCode: target.code, householdRole: 'other' });
  assert.equal(moved.statusCode, 200, moved.body);
  const p = await stored(band.profileId);
  assert.deepEqual({ path: p.path, home: [p.home_lng, p.home_lat] }, { path: (await app.modules.roster.repo.householdByCode(target.code))!.path, home: [building.lng, building.lat] });
  assert.ok(p.address.endsWith(target.room), `the new address (${p.address})`);

  const left = await req('POST', `/api/residents/${residentId}/departure`, 'xishan', { reason: 'movedOut', on: chinaToday() });
  assert.equal(left.statusCode, 200, left.body);
  assert.deepEqual([(await stored(band.profileId)).closed_reason, await deviceProfile(band.deviceId)], ['movedOut', null]);
});

test('the profile of someone who comes back opens again, with a schedule that starts over', async () => {
  const res = await req('POST', '/api/care/profiles', 'xishan', {
    householdCode: gone.householdCode, residentId: (await stored(gone.profileId)).resident_id, riskTier: 'high', contacts: [], pairedAccountIds: [],
  });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().id, gone.profileId, 'the same profile, with its history');
  const p = await stored(gone.profileId);
  assert.deepEqual([p.closed_at, p.closed_reason, p.closed_on], [null, null, null]);
  assert.equal((await req('GET', `/api/care/profiles/${gone.profileId}`, 'xishan')).json().closed, null);
  // Its start lies 40 days back and nobody visited: counted from the reopening, it is due in a week, not overdue.
  const due = (await dueFor('grid-xishan-01')).find((d) => d.profileId === gone.profileId);
  assert.deepEqual({ dueOn: due?.dueOn, stage: due?.stage }, { dueOn: plusDays(chinaToday(), 7), stage: 'none' });
  await sweepNow();
  assert.deepEqual(await openOverdue(gone.profileId), []);
  const visit = await req('POST', `/api/care/profiles/${gone.profileId}/visits`, 'grid-xishan-01', { minutes: 20, findings: ['allWell'] });
  assert.equal(visit.statusCode, 201, visit.body);
});

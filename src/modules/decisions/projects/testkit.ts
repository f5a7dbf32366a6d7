import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestApp } from '../../../../test/support/app.ts';
import type { Principal, Role } from '../../access/index.ts';
import { treePlaces, type Place, type PlaceLookup } from './places.ts';

/**
 * The real parts for the service tests of projects, conventions and awards: a whole app (its votes and
 * councils parts, roster and tree), ballots entered through the votes API as staff enter paper ones, and
 * motions closed by the votes part. The services under test are built over the app's database and its
 * `app.modules.motions`; the app's own instances of the same services listen to outcomes too, which every
 * listener tolerates by design (an outcome for a subject no longer voting is ignored).
 */
export interface RealParts {
  app: TestApp;
  places: PlaceLookup;
  community: Place;
  /** Session cookie of the community's staff login, for the votes API. */
  staffCookie: string;
  staff: Principal;
  resident: Principal;
  /** A resident of another community. */
  outsider: Principal;
}

const principal = (accountId: string, username: string, role: Role, scope: Place): Principal => ({
  accountId, username, displayName: scope.name, via: 'session', bindings: [{ role, scopePath: scope.path, scopeCode: scope.code, scopeName: scope.name }],
});

/** `staffLogin` is a demo community staff account (its unit is the community the test works in). */
export async function realParts(app: TestApp, staffLogin: string): Promise<RealParts> {
  const places = treePlaces(app.modules.tree);
  const account = app.demo!.accounts.find((a) => a.username === staffLogin)!;
  const community = (await places(account.unitCode))!;
  const other = app.demo!.accounts.find((a) => a.role === 'communityStaff' && a.unitCode !== community.code)!;
  const otherPlace = (await places(other.unitCode))!;
  const household = (p: Place): Place => ({ code: `${p.code}H`, path: `${p.path}${p.code}G01/${p.code}G01M01/`, name: p.name, kind: 'household' });
  return {
    app, places, community,
    staffCookie: await app.login(staffLogin),
    staff: principal((await app.modules.access.findAccountId(staffLogin))!, staffLogin, 'communityStaff', community),
    resident: principal('00000000-0000-4000-8000-000000000002', 'resident', 'resident', household(community)),
    outsider: principal('00000000-0000-4000-8000-000000000003', 'outsider', 'resident', household(otherPlace)),
  };
}

async function post<T>(parts: RealParts, url: string, payload: object, status = 201): Promise<T> {
  const res = await parts.app.app.inject({ method: 'POST', url, headers: { cookie: parts.staffCookie }, payload });
  assert.equal(res.statusCode, status, `POST ${url} → ${res.body}`);
  return res.json() as T;
}

/** A council of the community with one seated member per resident, constituencies in the order given. */
export async function seatedCouncil(parts: RealParts, constituencies: string[]): Promise<{ id: string; members: { id: string; constituency: string }[] }> {
  const council = await post<{ id: string }>(parts, '/api/councils', { kind: 'representativeAssembly', name: `${parts.community.name}居民代表大会`, scopeCode: parts.community.code });
  const term = await post<{ id: string }>(parts, `/api/councils/${council.id}/terms`, { name: '第一届', startsOn: '2024-01-01', endsOn: '2029-12-31' });
  const { rows } = await sql<{ id: string; household: string }>`
    SELECT DISTINCT ON (h.code) r.id, h.code AS household FROM residents r JOIN households h ON h.id = r.household_id
    WHERE h.code LIKE ${`${parts.community.code}%`} ORDER BY h.code, r.id LIMIT ${constituencies.length}`.execute(parts.app.core.db.kysely);
  assert.equal(rows.length, constituencies.length, 'enough households for the council');
  const members = [];
  for (const [i, r] of rows.entries()) {
    const constituency = constituencies[i]!;
    const m = await post<{ id: string }>(parts, `/api/councils/${council.id}/members`, { householdCode: r.household, residentId: r.id, seat: { termId: term.id, constituency } });
    members.push({ id: m.id, constituency });
  }
  return { id: council.id, members };
}

/** A ballot entered by staff from paper, through the votes API. */
export const paper = (parts: RealParts, motionId: string, voterId: string, choice: unknown) =>
  post(parts, `/api/motions/${motionId}/ballots`, { voterId, channel: 'paper', choice });

/** Closes a motion by hand through the votes API, as staff do before the deadline. */
export const closeMotion = (parts: RealParts, motionId: string) => post(parts, `/api/motions/${motionId}/close`, {}, 200);

export interface MotionSeen {
  rule: { method: string };
  electorate: unknown;
  subject: { kind: string; id: string } | null;
  state: string;
  passed: boolean | null;
  rollSize: number | null;
}

export async function motion(parts: RealParts, motionId: string): Promise<MotionSeen> {
  const res = await parts.app.app.inject({ method: 'GET', url: `/api/motions/${motionId}`, headers: { cookie: parts.staffCookie } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as MotionSeen;
}

/** The voters on a motion's frozen roll, in roll order. */
export async function rollOf(parts: RealParts, motionId: string): Promise<string[]> {
  const res = await parts.app.app.inject({ method: 'GET', url: `/api/motions/${motionId}/roll`, headers: { cookie: parts.staffCookie } });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { entries: { voterId: string }[] }).entries.map((e) => e.voterId);
}

/** A voting window open now: ballots are accepted at once and the closing timer is an hour away. */
export const openWindow = (startsInMinutes = -1) => ({
  opensAt: new Date(Date.now() + startsInMinutes * 60_000).toISOString(),
  closesAt: new Date(Date.now() + (startsInMinutes + 60) * 60_000).toISOString(),
});

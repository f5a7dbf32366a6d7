import type { AccessService } from '../modules/access/index.ts';
import type { CareService } from '../modules/care/index.ts';
import type { DemoData, DemoResident } from '../modules/demo/index.ts';
import { householdAddress, type RosterService } from '../modules/roster/index.ts';
import type { TreeService } from '../modules/tree/index.ts';

export interface DemoCareModules {
  access: AccessService;
  tree: TreeService;
  roster: RosterService;
  care: CareService;
}

export interface DemoWristband {
  deviceId: string;
  /** Shown once by the care service and kept only as a hash there: this is the one copy (tests, the demo banner). */
  token: string;
  profileId: string;
  residentIdNumber: string;
  householdCode: string;
  home: { lng: number; lat: number };
  pairedUsernames: string[];
}

export interface DemoCare {
  profiles: number;
  wristbands: DemoWristband[];
  responders: { username: string; role: string; home: { lng: number; lat: number } | null }[];
}

type Seed = Parameters<CareService['addProfiles']>[0][number];

/** Health notes are invented demo data (Chinese like the names), on a few profiles only. */
const healthNotes = ['高血压，每日服药', '糖尿病，冰箱里有胰岛素', '行动不便，使用助行器', '听力较弱，敲门请用力', '心脏支架术后，注意胸闷'];
const responderRoles = new Set(['volunteer', 'microGridLeader', 'gridWorker']);
/** How many wristband wearers each volunteer is paired with (结对), nearest first. */
const pairsPerVolunteer = 3;

function centroid(polygon: number[][][] | undefined): { lng: number; lat: number } | null {
  const ring = polygon?.[0]?.slice(0, -1) ?? [];
  if (ring.length === 0) return null;
  return { lng: ring.reduce((s, p) => s + p[0]!, 0) / ring.length, lat: ring.reduce((s, p) => s + p[1]!, 0) / ring.length };
}

const metres = (a: { lng: number; lat: number }, b: { lng: number; lat: number }) =>
  Math.hypot((a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * 110_574);

/** Deterministic digits from an id number, so a demo's key-safe codes and contact phones stay the same run to run. */
function digits(idNumber: string, salt: number, n: number): string {
  let h = salt;
  for (const c of idNumber) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return String(h % 10 ** n).padStart(n, '0');
}

/**
 * The care demo, through the care service: a profile for every resident tagged livingAlone or
 * sosWristband, a wristband (with its device token) for each sosWristband wearer, the demo's volunteer,
 * micro-grid-leader and grid-worker accounts as responders (off duty, home at their building or unit),
 * and each volunteer paired with the nearest wristband wearers of their grid.
 */
export async function loadDemoCare(modules: DemoCareModules, data: DemoData): Promise<DemoCare> {
  const households = new Map(data.households.map((h) => [h.code, h]));
  const buildings = new Map(data.buildings.map((b) => [b.code, b]));
  const units = new Map(data.units.map((u) => [u.code, u]));
  const homeOf = (r: DemoResident) => {
    const b = buildings.get(households.get(r.householdCode)?.buildingCode ?? '');
    return b ? { lng: b.lng, lat: b.lat } : null;
  };
  const byIdNumber = new Map(data.residents.map((r) => [r.idNumber, r]));

  // Responders: where each account lives (a resident on the roll) or else the centre of its unit.
  const placed = await modules.tree.repo.byCodes([...new Set(data.accounts.map((a) => a.unitCode))]);
  const paths = new Map(placed.map((u) => [u.code, u.path]));
  const responders: DemoCare['responders'] = [];
  const accountIds = new Map<string, string>();
  for (const a of data.accounts.filter((x) => responderRoles.has(x.role))) {
    const id = await modules.access.findAccountId(a.username);
    const scopePath = paths.get(a.unitCode);
    if (!id || !scopePath) continue;
    const member = data.team.find((m) => m.unitCode === a.unitCode && m.role === a.role);
    const resident = member?.residentIdNumber ? byIdNumber.get(member.residentIdNumber) : undefined;
    const home = (resident ? homeOf(resident) : null) ?? centroid(units.get(a.unitCode)?.polygon);
    await modules.care.addResponder({ accountId: id, role: a.role, scopePath, home, skills: a.role === 'microGridLeader' ? ['firstAid'] : [] });
    accountIds.set(a.username, id);
    responders.push({ username: a.username, role: a.role, home });
  }

  // The roster's ids for the residents we care for, matched by household, name and birth date.
  const cared = data.residents.filter((r) => r.tags.includes('livingAlone') || r.tags.includes('sosWristband'));
  const rows = new Map<string, { id: string; path: string; address: string }>();
  for (const tag of ['livingAlone', 'sosWristband']) {
    const found = await modules.roster.repo.residents({ scopes: ['/'], tags: [tag], limit: 1_000_000, offset: 0 });
    for (const r of found.rows) {
      rows.set(`${r.household_code}|${r.name}|${r.birth_date}`, { id: r.id, path: r.path, address: householdAddress({ estate: r.estate, building: r.building_name, stairwell: r.stairwell, room: r.room }) });
    }
  }

  // Pairings: each volunteer with the nearest wristband wearers in the grid the account is bound to.
  const pairedWith = new Map<string, string[]>();
  for (const a of data.accounts.filter((x) => x.role === 'volunteer')) {
    const home = responders.find((r) => r.username === a.username)?.home;
    const id = accountIds.get(a.username);
    if (!home || !id) continue;
    const nearest = cared
      .filter((r) => r.tags.includes('sosWristband') && households.get(r.householdCode)?.buildingCode && buildings.get(households.get(r.householdCode)!.buildingCode)?.microGridCode.startsWith(a.unitCode))
      .map((r) => ({ r, d: metres(home, homeOf(r) ?? home) }))
      .sort((x, y) => x.d - y.d)
      .slice(0, pairsPerVolunteer);
    for (const { r } of nearest) pairedWith.set(r.idNumber, [...(pairedWith.get(r.idNumber) ?? []), a.username]);
  }

  const seeds: (Seed & { resident: DemoResident })[] = [];
  for (const [i, r] of cared.entries()) {
    const row = rows.get(`${r.householdCode}|${r.name}|${r.birthDate}`);
    if (!row) continue;
    const alone = r.tags.includes('livingAlone');
    const old = r.tags.includes('advancedAge');
    seeds.push({
      resident: r, residentId: row.id, path: row.path, name: r.name, address: row.address, home: homeOf(r),
      riskTier: alone && old ? 'high' : alone || old ? 'key' : 'other',
      contacts: [{ name: `${r.name.slice(0, 1)}${r.gender === 'F' ? '先生' : '女士'}`, relation: 'child', phone: `139${digits(r.idNumber, 7, 8)}` }],
      ...(i % 4 === 0 ? { healthNotes: healthNotes[i % healthNotes.length]! } : {}),
      ...(r.tags.includes('sosWristband') ? { keySafeCode: digits(r.idNumber, 11, 4) } : {}),
      pairedAccountIds: (pairedWith.get(r.idNumber) ?? []).map((u) => accountIds.get(u)!),
    });
  }
  const profileIds = await modules.care.addProfiles(seeds.map(({ resident: _r, ...s }) => s));

  const wristbands: DemoWristband[] = [];
  for (const s of seeds.filter((x) => x.resident.tags.includes('sosWristband'))) {
    const profileId = profileIds.get(s.residentId);
    if (!profileId || !s.home) continue;
    const { deviceId, token } = await modules.care.registerDevice(`GZW-${wristbands.length + 1}`, profileId, {});
    wristbands.push({
      deviceId, token, profileId, residentIdNumber: s.resident.idNumber, householdCode: s.resident.householdCode, home: s.home,
      pairedUsernames: pairedWith.get(s.resident.idNumber) ?? [],
    });
  }
  return { profiles: profileIds.size, wristbands, responders };
}

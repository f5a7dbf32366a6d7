import { county, street } from './communities.ts';
import type { PlannedCommunity, PlannedGrid } from './layout.ts';
import { drawGivenName, drawSurname } from './names.ts';
import type { Rng } from './prng.ts';
import { type Registry, ageOn } from './residents.ts';
import type { DemoAccount, DemoResident, DemoTeamMember, TeamRole } from './types.ts';

/** Every demo login uses this password; documented in docs/demo-data.md. */
export const demoPassword = 'gongzhi2026';

type ResidentsOf = (householdCode: string) => readonly DemoResident[];

interface Person {
  name: string;
  phone: string;
  residentIdNumber?: string;
}

function staff(rng: Rng, registry: Registry): Person {
  const gender = rng.chance(0.6) ? 'F' : 'M';
  const birthYear = rng.int(1971, 2000);
  return { name: drawSurname(rng, 'local') + drawGivenName(rng, birthYear, gender), phone: registry.phone(rng) };
}

function asPerson(r: DemoResident): Person {
  return { name: r.name, phone: r.phone!, residentIdNumber: r.idNumber };
}

/**
 * A resident who fits, preferring those who match `prefer` and have no team role yet;
 * falls back to any fitting resident, then to one from the wider pool (the micro-grid),
 * then to a staff member from outside the roll.
 */
function chooseResident(
  rng: Rng,
  registry: Registry,
  pool: readonly DemoResident[],
  fits: (r: DemoResident) => boolean,
  prefer: (r: DemoResident) => boolean,
  taken: Set<string>,
  widerPool: readonly DemoResident[] = [],
): Person {
  let fitting = pool.filter((r) => r.phone !== null && fits(r));
  if (fitting.length === 0) fitting = widerPool.filter((r) => r.phone !== null && fits(r));
  const tiers = [
    fitting.filter((r) => prefer(r) && !taken.has(r.idNumber)),
    fitting.filter((r) => !taken.has(r.idNumber)),
    fitting,
  ];
  const tier = tiers.find((t) => t.length > 0);
  if (!tier) return staff(rng, registry);
  const r = rng.pick(tier);
  taken.add(r.idNumber);
  return asPerson(r);
}

const ageBetween = (lo: number, hi: number) => (r: DemoResident): boolean => {
  const age = ageOn(r.birthDate);
  return age >= lo && age <= hi;
};
const isParty = (r: DemoResident): boolean => r.tags.includes('partyMember');

function member(unitCode: string, role: TeamRole, p: Person, buildingCode?: string): DemoTeamMember {
  const m: DemoTeamMember = { unitCode, role, name: p.name, phone: p.phone };
  if (buildingCode) m.buildingCode = buildingCode;
  if (p.residentIdNumber) m.residentIdNumber = p.residentIdNumber;
  return m;
}

/** A village house has no stairwell; its steward is the 联户长 of an even run of about ten neighbouring houses. */
const housesPerSteward = 10;

function gridTeam(rng: Rng, registry: Registry, grid: PlannedGrid, residentsOf: ResidentsOf): DemoTeamMember[] {
  const taken = new Set<string>();
  const code = grid.unit.code;
  const inGrid = grid.microGrids.flatMap((mg) => mg.buildings.flatMap((b) => b.households.flatMap((h) => residentsOf(h.code))));
  const team: DemoTeamMember[] = [
    member(code, 'gridLeader', staff(rng, registry)),
    member(code, 'gridWorker', staff(rng, registry)),
    member(code, 'partyMember', chooseResident(rng, registry, inGrid, (r) => isParty(r) && ageBetween(25, 75)(r), isParty, taken)),
    member(code, 'volunteer', chooseResident(rng, registry, inGrid, ageBetween(20, 70), (r) => !isParty(r), taken)),
    member(code, 'socialWorker', staff(rng, registry)),
    member(code, 'propertyManager', staff(rng, registry)),
    member(code, 'owner', chooseResident(rng, registry, inGrid, (r) => r.householdRole === 'head' && r.residency === 'local' && ageBetween(30, 75)(r), () => true, taken)),
  ];
  for (const mg of grid.microGrids) {
    const inMicroGrid = mg.buildings.flatMap((b) => b.households.flatMap((h) => residentsOf(h.code)));
    team.push(member(mg.unit.code, 'microGridLeader', chooseResident(rng, registry, inMicroGrid, ageBetween(35, 72), isParty, taken)));
    if (mg.buildings[0]?.housing === 'house') {
      const runs = Math.max(1, Math.round(mg.buildings.length / housesPerSteward));
      for (let k = 0; k < runs; k++) {
        const run = mg.buildings.slice(Math.round((k * mg.buildings.length) / runs), Math.round(((k + 1) * mg.buildings.length) / runs));
        const people = run.flatMap((b) => b.households.flatMap((h) => residentsOf(h.code)));
        const steward = chooseResident(rng, registry, people, ageBetween(30, 75), isParty, taken, inMicroGrid);
        for (const b of run) team.push(member(mg.unit.code, 'buildingSteward', steward, b.building.code));
      }
    } else {
      for (const b of mg.buildings) {
        const people = b.households.flatMap((h) => residentsOf(h.code));
        const steward = chooseResident(rng, registry, people, ageBetween(30, 75), isParty, taken, inMicroGrid);
        team.push(member(mg.unit.code, 'buildingSteward', steward, b.building.code));
      }
    }
  }
  return team;
}

export function buildTeam(rng: Rng, registry: Registry, plan: readonly PlannedCommunity[], residentsOf: ResidentsOf): DemoTeamMember[] {
  return plan.flatMap((c) => c.grids.flatMap((g) => gridTeam(rng, registry, g, residentsOf)));
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A resident login per community, chosen to show the roles' views: an elder alone, a newcomer, a family. */
function residentAccount(c: PlannedCommunity, residentsOf: ResidentsOf): DemoAccount | null {
  const households = c.grids.flatMap((g) => g.microGrids.flatMap((mg) => mg.buildings.flatMap((b) => b.households)));
  const wanted: Record<string, (people: readonly DemoResident[]) => boolean> = {
    olderUrban: (p) => p.length === 1 && p[0]!.tags.includes('livingAlone') && p[0]!.tags.includes('advancedAge') && p[0]!.phone !== null,
    resettlement: (p) => p[0]!.residency === 'newResident' && p.some((r) => r.tags.includes('child')) && p[0]!.phone !== null,
    urban: (p) => p.some((r) => r.tags.includes('child')) && p[0]!.phone !== null,
    village: (p) => p.some((r) => r.householdRole === 'grandchild') && p[0]!.phone !== null,
  };
  const test = wanted[c.spec.kind]!;
  const h = households.find((x) => {
    const people = residentsOf(x.code);
    return people.length > 0 && test(people);
  });
  if (!h) return null;
  const head = residentsOf(h.code)[0]!;
  return { username: `resident-${c.spec.slug}`, password: demoPassword, displayName: head.name, role: 'resident', unitCode: h.code };
}

export function buildAccounts(rng: Rng, registry: Registry, plan: readonly PlannedCommunity[], team: readonly DemoTeamMember[], residentsOf: ResidentsOf): DemoAccount[] {
  const account = (username: string, role: DemoAccount['role'], unitCode: string, displayName: string): DemoAccount => ({
    username, password: demoPassword, displayName, role, unitCode,
  });
  const teamName = (unitCode: string, role: TeamRole): string =>
    team.find((m) => m.unitCode === unitCode && m.role === role)?.name ?? staff(rng, registry).name;
  const accounts: DemoAccount[] = [
    account('county', 'countyCentre', county.code, staff(rng, registry).name),
    account('street', 'streetStaff', street.code, staff(rng, registry).name),
  ];
  for (const c of plan) {
    const slug = c.spec.slug;
    accounts.push(account(slug, 'communityStaff', c.unit.code, staff(rng, registry).name));
    for (const g of c.grids) {
      const nn = pad2(g.number);
      accounts.push(account(`grid-${slug}-${nn}`, 'gridWorker', g.unit.code, teamName(g.unit.code, 'gridWorker')));
      accounts.push(account(`gridleader-${slug}-${nn}`, 'gridLeader', g.unit.code, teamName(g.unit.code, 'gridLeader')));
      const mg = g.microGrids[0];
      if (mg) accounts.push(account(`mg-${slug}-${nn}-01`, 'microGridLeader', mg.unit.code, teamName(mg.unit.code, 'microGridLeader')));
    }
    const first = c.grids[0];
    if (first) {
      if (c.spec.kind !== 'village') {
        accounts.push(account(`property-${slug}`, 'propertyManager', first.unit.code, teamName(first.unit.code, 'propertyManager')));
      }
      accounts.push(account(`volunteer-${slug}`, 'volunteer', first.unit.code, teamName(first.unit.code, 'volunteer')));
    }
    const resident = residentAccount(c, residentsOf);
    if (resident) accounts.push(resident);
  }
  return accounts;
}

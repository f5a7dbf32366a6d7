import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AccountRole, type DemoData, generateDemo } from './index.ts';

const data = generateDemo();

function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}

test('the same seed gives byte-identical output, another seed different output', () => {
  const again = generateDemo();
  assert.deepEqual(again, data);
  assert.equal(JSON.stringify(again), JSON.stringify(data));
  const other = generateDemo({ seed: 7 });
  assert.notDeepEqual(other.residents.slice(0, 50), data.residents.slice(0, 50));
  assert.deepEqual(generateDemo({ seed: 7, scale: 0.3 }), generateDemo({ seed: 7, scale: 0.3 }));
});

test('scale 1 generates in under two seconds', () => {
  const t = performance.now();
  generateDemo({ seed: 99 });
  assert.ok(performance.now() - t < 2000);
});

test('sizes at scale 1 are several thousand households and residents', () => {
  assert.ok(data.households.length >= 3000 && data.households.length <= 4000, `${data.households.length} households`);
  assert.ok(data.residents.length >= 8000 && data.residents.length <= 10000, `${data.residents.length} residents`);
  const kinds = countBy(data.units, (u) => u.kind);
  assert.deepEqual([kinds.get('province'), kinds.get('city'), kinds.get('county'), kinds.get('street'), kinds.get('community')], [1, 1, 1, 1, 4]);
  const small = generateDemo({ scale: 0.3 });
  assert.ok(small.households.length < data.households.length / 2);
  assert.throws(() => generateDemo({ scale: 0 }), RangeError);
});

test('administrative codes are the real ones, statistical codes 12 digits', () => {
  const byCode = new Map(data.units.map((u) => [u.code, u]));
  assert.equal(byCode.get('33')?.kind, 'province');
  assert.equal(byCode.get('3304')?.kind, 'city');
  assert.equal(byCode.get('330481')?.kind, 'county');
  assert.equal(byCode.get('330481001')?.kind, 'street');
  for (const u of data.units.filter((x) => x.kind === 'community')) assert.match(u.code, /^330481001\d{3}$/);
  for (const u of data.units.filter((x) => x.kind === 'grid')) assert.match(u.code, /^\d{12}G\d{2}$/);
  for (const u of data.units.filter((x) => x.kind === 'microGrid')) assert.match(u.code, /^\d{12}G\d{2}M\d{2}$/);
});

test('codes are unique and every reference resolves', () => {
  const unique = (xs: readonly string[]) => assert.equal(new Set(xs).size, xs.length);
  unique(data.units.map((u) => u.code));
  unique(data.buildings.map((b) => b.code));
  unique(data.households.map((h) => h.code));
  unique(data.accounts.map((a) => a.username));
  const units = new Map(data.units.map((u) => [u.code, u]));
  const parentKind = { province: null, city: 'province', county: 'city', street: 'county', community: 'street', grid: 'community', microGrid: 'grid' } as const;
  for (const u of data.units) {
    const expected = parentKind[u.kind];
    assert.equal(u.parentCode === null ? null : units.get(u.parentCode)?.kind, expected, u.code);
  }
  const buildings = new Map(data.buildings.map((b) => [b.code, b]));
  for (const b of data.buildings) assert.equal(units.get(b.microGridCode)?.kind, 'microGrid');
  for (const h of data.households) {
    const b = buildings.get(h.buildingCode);
    assert.ok(b, h.code);
    if (b.stairwells.length === 0) assert.equal(h.stairwell, '');
    else assert.ok(b.stairwells.includes(h.stairwell), h.code);
  }
  unique(data.households.map((h) => `${h.buildingCode}/${h.stairwell}/${h.room}`));
  const people = countBy(data.residents, (r) => r.householdCode);
  const heads = countBy(data.residents.filter((r) => r.householdRole === 'head'), (r) => r.householdCode);
  for (const h of data.households) {
    assert.ok((people.get(h.code) ?? 0) >= 1, `${h.code} is empty`);
    assert.equal(heads.get(h.code), 1, `${h.code} heads`);
  }
  assert.equal(people.size, data.households.length);
});

test('floor areas are plausible: flats 45–140 m², village houses larger', () => {
  const buildings = new Map(data.buildings.map((b) => [b.code, b]));
  for (const h of data.households) {
    assert.ok(Number.isInteger(h.floorAreaCenti));
    const [lo, hi] = buildings.get(h.buildingCode)!.stairwells.length === 0 ? [15_000, 32_000] : [4_500, 14_000];
    assert.ok(h.floorAreaCenti >= lo && h.floorAreaCenti <= hi, `${h.code} ${h.floorAreaCenti}`);
  }
});

test('micro-grids hold 20–60 households and grids a few hundred', () => {
  const buildings = new Map(data.buildings.map((b) => [b.code, b]));
  const perMicroGrid = countBy(data.households, (h) => buildings.get(h.buildingCode)!.microGridCode);
  for (const u of data.units.filter((x) => x.kind === 'microGrid')) {
    const n = perMicroGrid.get(u.code) ?? 0;
    assert.ok(n >= 20 && n <= 60, `${u.code} has ${n}`);
  }
  const perGrid = countBy(data.households, (h) => buildings.get(h.buildingCode)!.microGridCode.slice(0, 15));
  for (const [grid, n] of perGrid) assert.ok(n >= 150 && n <= 500, `${grid} has ${n}`);
});

test('the team: 一格六员 and a leader per grid, a leader per micro-grid, a steward per building', () => {
  const gridRoles = ['partyMember', 'gridWorker', 'volunteer', 'socialWorker', 'propertyManager', 'owner', 'gridLeader'];
  const residents = new Map(data.residents.map((r) => [r.idNumber, r]));
  const buildings = new Map(data.buildings.map((b) => [b.code, b]));
  for (const g of data.units.filter((u) => u.kind === 'grid')) {
    const roles = data.team.filter((m) => m.unitCode === g.code).map((m) => m.role).sort();
    assert.deepEqual(roles, [...gridRoles].sort(), g.code);
  }
  for (const mg of data.units.filter((u) => u.kind === 'microGrid')) {
    assert.equal(data.team.filter((m) => m.unitCode === mg.code && m.role === 'microGridLeader').length, 1, mg.code);
  }
  const stewards = data.team.filter((m) => m.role === 'buildingSteward');
  assert.deepEqual(stewards.map((m) => m.buildingCode).sort(), data.buildings.map((b) => b.code).sort());
  for (const m of stewards) assert.equal(buildings.get(m.buildingCode!)!.microGridCode, m.unitCode);
  for (const m of data.team) {
    assert.match(m.phone, /^1[3-9]\d{9}$/);
    if (!m.residentIdNumber) continue;
    const r = residents.get(m.residentIdNumber);
    assert.ok(r, `${m.name} is not a resident`);
    assert.equal(r.name, m.name);
    assert.equal(r.phone, m.phone);
  }
  const fromTheRoll = ['partyMember', 'volunteer', 'owner', 'microGridLeader', 'buildingSteward'];
  const households = new Map(data.households.map((h) => [h.code, h]));
  for (const m of data.team.filter((x) => fromTheRoll.includes(x.role))) {
    assert.ok(m.residentIdNumber, `${m.role} ${m.unitCode} is not a resident`);
    const home = buildings.get(households.get(residents.get(m.residentIdNumber)!.householdCode)!.buildingCode)!;
    assert.ok(home.microGridCode.startsWith(m.unitCode.slice(0, 15)), `${m.name} lives outside ${m.unitCode}`);
    if (m.role !== 'partyMember' && m.role !== 'volunteer' && m.role !== 'owner') assert.equal(home.microGridCode, m.unitCode);
  }
});

test('accounts: every role, bound to an existing node or household', () => {
  const roles: AccountRole[] = ['countyCentre', 'streetStaff', 'communityStaff', 'gridWorker', 'gridLeader', 'microGridLeader', 'propertyManager', 'volunteer', 'resident'];
  const units = new Map(data.units.map((u) => [u.code, u]));
  const households = new Set(data.households.map((h) => h.code));
  const expectedKind: Record<AccountRole, string> = {
    countyCentre: 'county', streetStaff: 'street', communityStaff: 'community', gridWorker: 'grid', gridLeader: 'grid',
    microGridLeader: 'microGrid', propertyManager: 'grid', volunteer: 'grid', resident: 'household',
  };
  for (const role of roles) assert.ok(data.accounts.some((a) => a.role === role), role);
  for (const a of data.accounts) {
    assert.ok(a.password.length >= 8);
    if (a.role === 'resident') assert.ok(households.has(a.unitCode), a.username);
    else assert.equal(units.get(a.unitCode)?.kind, expectedKind[a.role], a.username);
  }
  const fixed = (d: DemoData, u: string) => d.accounts.find((a) => a.username === u)?.unitCode;
  assert.equal(fixed(data, 'county'), '330481');
  assert.equal(fixed(data, 'xishan'), '330481001001');
  assert.equal(fixed(data, 'grid-xishan-01'), '330481001001G01');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boxAround, distanceM, radiusForEta, rankResponders, widerRadius, type Candidate } from './ranking.ts';

const home = { lng: 120.68, lat: 30.51 };
const at = (dLatM: number) => ({ lng: home.lng, lat: home.lat + dLatM / 111_195 });
const c = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  accountId: id, role: 'volunteer', onDuty: true, busy: false, position: { ...at(500), ageSeconds: 10 }, home: null, skills: [], recentLoad: 0, paired: false, ...over,
});

test('distance is the great-circle distance', () => {
  assert.ok(Math.abs(distanceM(home, at(1000)) - 1000) < 1);
});

test('nearest first, off-duty and busy responders left out, N kept', () => {
  const ranked = rankResponders(home, [
    c('far', { position: { ...at(2000), ageSeconds: 5 } }),
    c('near', { position: { ...at(100), ageSeconds: 5 } }),
    c('mid'),
    c('off', { onDuty: false, position: { ...at(10), ageSeconds: 5 } }),
    c('busy', { busy: true, position: { ...at(10), ageSeconds: 5 } }),
  ], { count: 2 });
  assert.deepEqual(ranked.map((r) => r.accountId), ['near', 'mid']);
  assert.equal(ranked[0]!.etaSeconds, Math.round((100 * 1.3) / 1.2));
});

test('the paired volunteer is always offered first, even off duty', () => {
  const ranked = rankResponders(home, [c('near', { position: { ...at(50), ageSeconds: 1 } }), c('pair', { paired: true, onDuty: false, position: { ...at(3000), ageSeconds: 1 } })], { count: 1 });
  assert.deepEqual(ranked.map((r) => [r.accountId, r.reason]), [['pair', 'paired'], ['near', 'nearest']]);
});

test('a stale position gives way to home; recent load and missing skills push back', () => {
  const ranked = rankResponders(home, [
    c('stale', { position: { ...at(50), ageSeconds: 3600 }, home: at(900) }),
    c('tired', { position: { ...at(300), ageSeconds: 1 }, recentLoad: 5 }),
    c('medic', { position: { ...at(400), ageSeconds: 1 }, skills: ['firstAid'] }),
    c('plain', { position: { ...at(380), ageSeconds: 1 } }),
  ], { count: 4, wantedSkills: ['firstAid'] });
  assert.deepEqual(ranked.map((r) => r.accountId), ['medic', 'plain', 'tired', 'stale']);
  assert.equal(ranked.find((r) => r.accountId === 'stale')!.distanceM, 900);
});

test('too far is not offered; already offered is excluded (widening)', () => {
  const ranked = rankResponders(home, [c('a'), c('b', { position: { ...at(20_000), ageSeconds: 1 } })], { count: 5, maxEtaSeconds: 1200, exclude: new Set(['a']) });
  assert.deepEqual(ranked, []);
  assert.equal(rankResponders(home, [c('b', { position: { ...at(20_000), ageSeconds: 1 } })], { count: 5, maxEtaSeconds: 40_000 }).length, 1);
});

test('the box around a circle holds every point of the circle', () => {
  fc.assert(fc.property(fc.double({ min: -60, max: 60, noNaN: true }), fc.double({ min: 10, max: 20_000, noNaN: true }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), (lat, r, bearing) => {
    const centre = { lng: 120, lat };
    const p = { lng: 120 + ((r * Math.sin(bearing)) / (111_320 * Math.cos((lat * Math.PI) / 180))) * 0.999, lat: lat + ((r * Math.cos(bearing)) / 110_574) * 0.999 };
    const b = boxAround(centre, r);
    return distanceM(centre, p) > r || (p.lng >= b.west && p.lng <= b.east && p.lat >= b.south && p.lat <= b.north);
  }));
});

/** What dispatch does with the database's box query: rank those inside, widen until nobody outside could win. */
function searchGrowing(target: { lng: number; lat: number }, all: Candidate[], count: number, maxEtaSeconds: number): { ranked: ReturnType<typeof rankResponders>; rounds: number } {
  const inside = (p: { lng: number; lat: number } | null, b: ReturnType<typeof boxAround>) => !!p && p.lng >= b.west && p.lng <= b.east && p.lat >= b.south && p.lat <= b.north;
  const maxRadius = radiusForEta(maxEtaSeconds);
  let radius = Math.min(300, maxRadius);
  for (let rounds = 1; ; rounds++) {
    const box = boxAround(target, radius);
    const ranked = rankResponders(target, all.filter((c) => c.paired || inside(c.position, box) || inside(c.home, box)), { count, maxEtaSeconds, wantedSkills: ['firstAid'] });
    const wider = widerRadius(ranked, count, radius, maxRadius);
    if (wider === null) return { ranked, rounds };
    radius = wider;
  }
}

test('searching a growing box offers exactly what ranking every responder offers', () => {
  const candidate = fc.record({
    north: fc.integer({ min: -4000, max: 4000 }), east: fc.integer({ min: -4000, max: 4000 }),
    homeNorth: fc.integer({ min: -4000, max: 4000 }), ageSeconds: fc.constantFrom(5, 600, 3600),
    hasPosition: fc.boolean(), hasHome: fc.boolean(), load: fc.integer({ min: 0, max: 6 }), medic: fc.boolean(), busy: fc.boolean(), paired: fc.boolean(), onDuty: fc.boolean(),
  });
  fc.assert(fc.property(fc.array(candidate, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(1800, 3600), (specs, count, maxEta) => {
    const all = specs.map((s, i): Candidate => c(`r${String(i).padStart(2, '0')}`, {
      position: s.hasPosition ? { lng: home.lng + s.east / 95_800, lat: home.lat + s.north / 111_195, ageSeconds: s.ageSeconds } : null,
      home: s.hasHome ? at(s.homeNorth) : null, recentLoad: s.load, skills: s.medic ? ['firstAid'] : [], busy: s.busy, paired: s.paired, onDuty: s.onDuty,
    }));
    const everyone = rankResponders(home, all, { count, maxEtaSeconds: maxEta, wantedSkills: ['firstAid'] });
    assert.deepEqual(searchGrowing(home, all, count, maxEta).ranked, everyone);
  }), { numRuns: 300 });
});

test('in a town one box is usually enough', () => {
  const all = Array.from({ length: 2000 }, (_, i) => c(`r${i}`, { position: { lng: home.lng + (((i * 7919) % 4000) - 2000) / 95_800, lat: home.lat + (((i * 104_729) % 4000) - 2000) / 111_195, ageSeconds: 5 } }));
  const { ranked, rounds } = searchGrowing(home, all, 5, 1800);
  assert.equal(ranked.length, 5);
  assert.equal(rounds, 1);
});

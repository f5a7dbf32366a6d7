import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distanceM, rankResponders, type Candidate } from './ranking.ts';

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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkNotice, monthlyDays, noticeDaysGiven, periodsOverlap, quorum, shanghaiInstant, thresholdOf } from './rules.ts';
import { councilKinds, kindDefaults } from './kinds.ts';

test('the notice period counts Shanghai calendar days, not hours', () => {
  const published = new Date('2026-03-01T23:30:00+08:00');
  assert.equal(noticeDaysGiven(published, shanghaiInstant('2026-03-16', '08:00')), 15);
  assert.deepEqual(checkNotice(published, shanghaiInstant('2026-03-16', '08:00'), 15), { ok: true });
  assert.deepEqual(checkNotice(published, shanghaiInstant('2026-03-15', '20:00'), 15), { ok: false, given: 14, required: 15, earliest: '2026-03-16' });
  // 23:30 UTC on 28 Feb is already 1 March in Shanghai.
  assert.equal(noticeDaysGiven(new Date('2026-02-28T23:30:00Z'), shanghaiInstant('2026-03-02', '09:00')), 1);
});

test('a zero-day notice allows a meeting the same day but never one already past', () => {
  const now = new Date('2026-05-20T10:00:00+08:00');
  assert.deepEqual(checkNotice(now, shanghaiInstant('2026-05-20', '09:00'), 0), { ok: true });
  assert.equal(checkNotice(now, shanghaiInstant('2026-05-19', '19:00'), 0).ok, false);
});

test('owners’ assemblies default to 15 days’ notice; every kind has defaults', () => {
  assert.equal(kindDefaults.ownersAssembly.noticeDays, 15);
  assert.equal(kindDefaults.adviceHall.monthlyDay, 20);
  assert.equal(kindDefaults.sevenPlusX.standingSeats, 7);
  for (const kind of councilKinds) assert.ok(thresholdOf(kindDefaults[kind].quorum), kind);
});

test('a monthly body meets on the 20th of each month, weekends kept, across the year end', () => {
  assert.deepEqual(monthlyDays('2026-11', 4, 20), ['2026-11-20', '2026-12-20', '2027-01-20', '2027-02-20']);
  // 2026-12-20 is a Sunday: kept as it is.
  assert.equal(new Date('2026-12-20T00:00:00Z').getUTCDay(), 0);
  assert.deepEqual(monthlyDays('2027-01', 3, 31), ['2027-01-31', '2027-02-28', '2027-03-31']);
  assert.throws(() => monthlyDays('2027-1', 1, 20));
});

test('terms overlap when they share a day; open-ended terms overlap everything after them', () => {
  assert.equal(periodsOverlap({ from: '2024-01-01', to: '2026-12-31' }, { from: '2027-01-01', to: null }), false);
  assert.equal(periodsOverlap({ from: '2024-01-01', to: '2026-12-31' }, { from: '2026-12-31', to: null }), true);
  assert.equal(periodsOverlap({ from: '2024-01-01', to: null }, { from: '2030-01-01', to: '2030-02-01' }), true);
  assert.equal(periodsOverlap({ from: '2030-01-01', to: '2030-02-01' }, { from: '2024-01-01', to: '2029-12-31' }), false);
});

test('overlap is symmetric', () => {
  const day = fc.integer({ min: 0, max: 3000 }).map((d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10));
  const period = fc.tuple(day, fc.option(day)).map(([a, b]) => (b === null ? { from: a, to: null } : a <= b ? { from: a, to: b } : { from: b, to: a }));
  fc.assert(fc.property(period, period, (a, b) => periodsOverlap(a, b) === periodsOverlap(b, a)));
});

test('the quorum is members present out of voting members, exactly', () => {
  const twoThirds = thresholdOf({ atLeast: '2/3' })!;
  assert.deepEqual(quorum(31, 20, twoThirds), { members: 31, present: 20, required: 21, met: false });
  assert.deepEqual(quorum(31, 21, twoThirds), { members: 31, present: 21, required: 21, met: true });
  const half = thresholdOf({ moreThan: '1/2' })!;
  assert.deepEqual(quorum(8, 4, half), { members: 8, present: 4, required: 5, met: false });
  assert.equal(quorum(0, 0, half).met, false, 'a body without members is never quorate');
  assert.equal(quorum(5, 1, thresholdOf({ atLeastCount: 1 })!).met, true);
  assert.equal(thresholdOf({ atLeast: '3/2' }), null);
});

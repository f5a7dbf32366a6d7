import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, chinaDate, defaultVisitDays, nextDue, overdueStage, periodCoverage } from './schedule.ts';
import { checkPlace } from './place.ts';

const at = (iso: string) => new Date(iso);

test('China dates: 23:30 UTC is already the next day in Haining', () => {
  assert.equal(chinaDate(at('2026-11-21T15:59:59Z')), '2026-11-21');
  assert.equal(chinaDate(at('2026-11-21T16:00:00Z')), '2026-11-22');
  assert.equal(addDays('2026-12-30', 3), '2027-01-02');
  assert.equal(addDays('2028-02-27', 2), '2028-02-29');
});

test('next due: last visit plus the tier interval (weekly, monthly, quarterly)', () => {
  const base = { visitDays: defaultVisitDays, createdAt: at('2026-01-01T02:00:00Z') };
  assert.equal(nextDue({ ...base, tier: 'high', lastVisitAt: at('2026-11-02T01:00:00Z') }), '2026-11-09');
  assert.equal(nextDue({ ...base, tier: 'key', lastVisitAt: at('2026-11-02T01:00:00Z') }), '2026-12-02');
  assert.equal(nextDue({ ...base, tier: 'other', lastVisitAt: at('2026-11-02T01:00:00Z') }), '2027-01-31');
  assert.equal(nextDue({ ...base, tier: 'high', lastVisitAt: null }), '2026-01-08', 'never visited: from the profile’s creation');
  assert.equal(nextDue({ ...base, visitDays: { high: 3, key: 14, other: 60 }, tier: 'high', lastVisitAt: at('2026-11-02T01:00:00Z') }), '2026-11-05', 'per community');
});

test('a tier raised after the last visit is due at once, not overdue in the past; a lowered tier waits longer', () => {
  const base = { visitDays: defaultVisitDays, createdAt: at('2026-01-01T02:00:00Z'), lastVisitAt: at('2026-09-01T02:00:00Z') };
  assert.equal(nextDue({ ...base, tier: 'high', tierChangedAt: at('2026-11-20T02:00:00Z') }), '2026-11-20');
  assert.equal(nextDue({ ...base, tier: 'high', tierChangedAt: at('2026-09-03T02:00:00Z') }), '2026-09-08', 'raised soon after: the new interval from the visit');
  assert.equal(nextDue({ ...base, tier: 'other', tierChangedAt: at('2026-09-10T02:00:00Z') }), '2026-11-30');
  assert.equal(nextDue({ ...base, tier: 'high', tierChangedAt: at('2026-08-01T02:00:00Z') }), '2026-09-08', 'a change before the visit is history');
});

test('overdue: the grid worker from the day after, the community after the further period', () => {
  assert.equal(overdueStage('2026-11-09', '2026-11-09', 7), 'none', 'a visit on the due date is on time');
  assert.equal(overdueStage('2026-11-09', '2026-11-10', 7), 'grid');
  assert.equal(overdueStage('2026-11-09', '2026-11-16', 7), 'grid');
  assert.equal(overdueStage('2026-11-09', '2026-11-17', 7), 'community');
});

test('the stage only moves up as days pass', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 30 }), (offset, days, escalate) => {
    const due = addDays('2026-01-01', offset);
    const rank = { none: 0, grid: 1, community: 2 };
    return rank[overdueStage(due, addDays(due, days), escalate)] <= rank[overdueStage(due, addDays(due, days + 1), escalate)];
  }));
});

test('coverage in a period: every due date met counts as on time', () => {
  const month = { from: '2026-11-01', to: '2026-11-30', today: '2026-11-30' };
  assert.equal(periodCoverage({ ...month, interval: 7, before: '2026-10-30', visits: ['2026-11-05', '2026-11-12', '2026-11-19', '2026-11-26'] }), 'onTime');
  assert.equal(periodCoverage({ ...month, interval: 7, before: '2026-10-30', visits: ['2026-11-05', '2026-11-19', '2026-11-26'] }), 'late', 'a week missed');
  assert.equal(periodCoverage({ ...month, interval: 90, before: '2026-10-30', visits: [] }), 'notDue');
  assert.equal(periodCoverage({ ...month, interval: 30, before: '2026-09-20', visits: ['2026-11-02'] }), 'late', 'overdue coming into the month');
  assert.equal(periodCoverage({ ...month, today: '2026-11-10', interval: 7, before: '2026-10-30', visits: ['2026-11-05'] }), 'onTime', 'dues after today are not judged yet');
});

test('place: within 300 m is fine, farther or unknown is flagged', () => {
  const home = { lng: 120.688, lat: 30.526 };
  assert.deepEqual(checkPlace(home, { lng: 120.688, lat: 30.526 + 100 / 111_195 }), { distanceM: 100, far: false });
  assert.equal(checkPlace(home, { lng: 120.688, lat: 30.526 + 1000 / 111_195 }).far, true);
  assert.deepEqual(checkPlace(home, null), { distanceM: null, far: true });
  assert.deepEqual(checkPlace(null, home), { distanceM: null, far: false });
});

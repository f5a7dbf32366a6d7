import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doorSeconds, orderAllowed, withinPromise } from './rules.ts';

test('dinner is ordered the day before; soup and lunch the same day; never for a past day', () => {
  const now = new Date('2026-11-22T03:00:00Z'); // 11:00 in China
  assert.deepEqual(orderAllowed('dinner', '2026-11-22', now), { ok: false, reason: 'dinnerDayBefore' });
  assert.deepEqual(orderAllowed('dinner', '2026-11-23', now), { ok: true });
  assert.deepEqual(orderAllowed('soup', '2026-11-22', now), { ok: true });
  assert.deepEqual(orderAllowed('lunch', '2026-11-21', now), { ok: false, reason: 'past' });
  // 23:59 China time on the 22nd is still the day before the 23rd.
  assert.deepEqual(orderAllowed('dinner', '2026-11-23', new Date('2026-11-22T15:59:00Z')), { ok: true });
  assert.deepEqual(orderAllowed('dinner', '2026-11-23', new Date('2026-11-22T16:00:00Z')), { ok: false, reason: 'dinnerDayBefore' });
});

test('kitchen to door: seconds from dispatch, within 10 minutes or not', () => {
  const out = new Date('2026-11-22T09:00:00Z');
  assert.equal(doorSeconds(out, new Date('2026-11-22T09:07:30Z')), 450);
  assert.equal(withinPromise(doorSeconds(out, new Date('2026-11-22T09:10:00Z'))), true, 'exactly 10 minutes keeps the promise');
  assert.equal(withinPromise(doorSeconds(out, new Date('2026-11-22T09:10:01Z'))), false);
  assert.equal(doorSeconds(out, new Date('2026-11-22T08:59:00Z')), 0);
});

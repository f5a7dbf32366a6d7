import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alarmMinutes, maxEntryMinutes, roundMinutes, totals, visitMinutes } from './rules.ts';

const t = (hm: string) => new Date(`2026-11-22T${hm}:00Z`);

test('an alarm counts from arrival to resolved, not the way there', () => {
  assert.equal(alarmMinutes(t('09:12'), t('09:47')), 35);
  assert.equal(alarmMinutes(null, t('09:47')), null, 'never arrived: no service to count');
  assert.equal(alarmMinutes(t('09:12'), null), null);
  assert.equal(alarmMinutes(t('01:00'), t('23:00')), maxEntryMinutes, 'a forgotten done is capped');
});

test('a visit counts its logged duration', () => {
  assert.equal(visitMinutes(45), 45);
  assert.equal(visitMinutes(0.2), 1);
});

test('a meal round counts from dispatch to the last door', () => {
  assert.equal(roundMinutes(t('11:00'), [t('11:06'), t('11:19'), t('11:09')]), 19);
  assert.equal(roundMinutes(null, [t('11:06')]), null);
  assert.equal(roundMinutes(t('11:00'), []), null);
});

test('totals in hours by status', () => {
  assert.deepEqual(totals([{ status: 'approved', minutes: 90 }, { status: 'approved', minutes: 35 }, { status: 'pending', minutes: 20 }, { status: 'declined', minutes: 60 }]), { approved: 2.08, pending: 0.33, declined: 1 });
});

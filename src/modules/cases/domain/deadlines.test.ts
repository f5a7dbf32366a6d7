import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar, bundledCalendarYears, formatShanghai as fmt, shanghaiTime as at } from '../../calendar/index.ts';
import { limitFor, planDeadline, shiftAfterSuspension, type TimeLimitPolicy } from './deadlines.ts';

const cal = buildCalendar(bundledCalendarYears());

test('planDeadline in working days, with a reminder 4 working hours before', () => {
  const d = planDeadline(cal, { amount: 3, unit: 'workingDays', remindBefore: 4 }, at('2025-01-24T17:00'));
  assert.equal(fmt(d.dueAt), '2025-02-05T17:30');
  assert.equal(fmt(d.remindAt ?? 0), '2025-02-05T12:00');
});

test('planDeadline in working hours; a reminder lead longer than the limit means no reminder', () => {
  const d = planDeadline(cal, { amount: 2, unit: 'workingHours', remindBefore: 3 }, at('2025-09-30T16:30'));
  assert.deepEqual(d, { dueAt: at('2025-10-09T09:30') });
  const r = planDeadline(cal, { amount: 2, unit: 'workingHours', remindBefore: 0.5 }, at('2025-09-30T16:30'));
  assert.equal(fmt(r.remindAt ?? 0), '2025-10-09T09:00');
});

test('after a suspension the working time left is carried over from the resumption', () => {
  const deadline = { dueAt: at('2025-03-06T17:30'), remindAt: at('2025-03-06T13:30') };
  // Suspended Wednesday 03-05 17:30 with 7.5 working hours left; resumed Monday 03-10 08:30.
  const shifted = shiftAfterSuspension(cal, deadline, at('2025-03-05T17:30'), at('2025-03-10T08:30'));
  assert.equal(fmt(shifted.dueAt), '2025-03-10T17:30');
  // 3.5 working hours before the reminder: lands on the end of the morning period, not the next start.
  assert.equal(fmt(shifted.remindAt ?? 0), '2025-03-10T12:00');
  assert.deepEqual(shiftAfterSuspension(cal, deadline, at('2025-03-07T09:00'), at('2025-03-10T09:00')), deadline);
});

test('limitFor looks up category and step, then the default', () => {
  const policy: TimeLimitPolicy = {
    default: { case: { amount: 5, unit: 'workingDays' }, accepted: { amount: 2, unit: 'workingHours' } },
    elevator: { case: { amount: 1, unit: 'workingDays' } },
  };
  assert.deepEqual(limitFor(policy, 'elevator', 'case'), { amount: 1, unit: 'workingDays' });
  assert.deepEqual(limitFor(policy, 'elevator', 'accepted'), { amount: 2, unit: 'workingHours' });
  assert.equal(limitFor(policy, 'elevator', 'handled'), undefined);
});

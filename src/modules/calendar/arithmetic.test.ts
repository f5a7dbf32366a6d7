import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addWorkingDays,
  addWorkingHours,
  isWorkingDay,
  nextWorkingMoment,
  workingTimeBetween,
} from './arithmetic.ts';
import { bundledCalendarYears } from './bundled.ts';
import { buildCalendar } from './data.ts';
import { CalendarError } from './errors.ts';
import { formatShanghai, shanghaiTime as at } from './time.ts';

const cal = buildCalendar(bundledCalendarYears());
const fmt = formatShanghai;

const isYearNotLoaded = (year: number) => (e: unknown) =>
  e instanceof CalendarError && e.code === 'yearNotLoaded' && e.params['year'] === year;

test('shanghaiTime is UTC+8 whatever the machine TZ', () => {
  assert.equal(at('2025-01-24T17:00'), Date.UTC(2025, 0, 24, 9, 0));
  assert.equal(fmt(Date.UTC(2025, 0, 24, 16, 30)), '2025-01-25T00:30');
});

test('isWorkingDay: weekdays, weekends, holidays and make-up days of 2025 and 2026', () => {
  const cases: [string, boolean][] = [
    ['2025-01-01', false], // New Year's Day, Wednesday
    ['2025-01-02', true],
    ['2025-01-25', false], // plain Saturday
    ['2025-01-26', true], // make-up Sunday before Spring Festival
    ['2025-01-28', false],
    ['2025-02-04', false], // last day of Spring Festival, Tuesday
    ['2025-02-05', true],
    ['2025-02-08', true], // make-up Saturday
    ['2025-04-27', true], // make-up Sunday before Labour Day
    ['2025-05-05', false],
    ['2025-06-02', false],
    ['2025-09-28', true],
    ['2025-10-08', false],
    ['2025-10-11', true],
    ['2025-10-12', false],
    ['2026-01-02', false],
    ['2026-01-04', true], // make-up Sunday
    ['2026-02-14', true], // make-up Saturday
    ['2026-02-23', false], // Monday inside Spring Festival
    ['2026-02-28', true],
    ['2026-05-09', true],
    ['2026-06-19', false],
    ['2026-09-20', true],
    ['2026-09-25', false],
    ['2026-10-07', false],
    ['2026-10-10', true],
  ];
  for (const [date, expected] of cases) assert.equal(isWorkingDay(cal, date), expected, date);
});

test('isWorkingDay on an instant uses the Shanghai date: 2025-01-25T16:30Z is Sunday 26th, a make-up day', () => {
  assert.equal(isWorkingDay(cal, new Date(Date.UTC(2025, 0, 25, 16, 30))), true);
  assert.equal(isWorkingDay(cal, Date.UTC(2025, 0, 25, 15, 59)), false);
});

test('a year without data raises yearNotLoaded, never a guess', () => {
  assert.throws(() => isWorkingDay(cal, '2024-12-31'), isYearNotLoaded(2024));
  assert.throws(() => isWorkingDay(cal, at('2027-01-04T10:00')), isYearNotLoaded(2027));
  assert.throws(() => addWorkingDays(cal, at('2026-12-30T10:00'), 3), isYearNotLoaded(2027));
  assert.throws(() => addWorkingHours(cal, at('2026-12-31T17:00'), 1), isYearNotLoaded(2027));
  assert.throws(() => workingTimeBetween(cal, at('2026-12-31T10:00'), at('2027-01-01T10:00')), isYearNotLoaded(2027));
});

test('accepted Friday 2025-01-24 17:00 with 3 working days is due Wednesday 2025-02-05 17:30', () => {
  // Day 1 is the make-up Sunday 01-26, day 2 Monday 01-27, then Spring Festival 01-28..02-04, day 3 is 02-05.
  assert.equal(fmt(addWorkingDays(cal, at('2025-01-24T17:00'), 3)), '2025-02-05T17:30');
  assert.equal(fmt(addWorkingDays(cal, at('2025-01-24T17:00'), 1)), '2025-01-26T17:30');
  assert.equal(fmt(addWorkingDays(cal, at('2025-01-24T17:00'), 4)), '2025-02-06T17:30');
});

test('addWorkingDays ignores the start day even when it is a day off, and 0 means the same working day', () => {
  assert.equal(fmt(addWorkingDays(cal, at('2025-01-25T10:00'), 1)), '2025-01-26T17:30');
  assert.equal(fmt(addWorkingDays(cal, at('2025-03-03T09:00'), 0)), '2025-03-03T17:30');
  assert.equal(fmt(addWorkingDays(cal, at('2025-03-03T18:00'), 0)), '2025-03-04T17:30');
  assert.equal(fmt(addWorkingDays(cal, at('2025-03-07T18:00'), 0)), '2025-03-10T17:30');
});

test('addWorkingDays across National Day 2025 and Spring Festival 2026 lands on make-up Saturdays', () => {
  assert.equal(fmt(addWorkingDays(cal, at('2025-09-30T10:00'), 1)), '2025-10-09T17:30');
  assert.equal(fmt(addWorkingDays(cal, at('2025-09-30T10:00'), 3)), '2025-10-11T17:30');
  assert.equal(fmt(addWorkingDays(cal, at('2025-09-26T10:00'), 1)), '2025-09-28T17:30');
  assert.equal(fmt(addWorkingDays(cal, at('2026-02-13T10:00'), 1)), '2026-02-14T17:30');
  assert.equal(fmt(addWorkingDays(cal, at('2026-02-13T10:00'), 2)), '2026-02-24T17:30');
  assert.equal(fmt(addWorkingDays(cal, at('2025-12-31T10:00'), 1)), '2026-01-04T17:30');
});

test('addWorkingHours: starts at the next working period and ends at a period end, not the next start', () => {
  assert.equal(fmt(addWorkingHours(cal, at('2025-01-24T17:00'), 8)), '2025-01-26T17:30');
  assert.equal(fmt(addWorkingHours(cal, at('2025-03-03T07:00'), 1)), '2025-03-03T09:30');
  assert.equal(fmt(addWorkingHours(cal, at('2025-03-03T12:30'), 1)), '2025-03-03T14:30');
  assert.equal(fmt(addWorkingHours(cal, at('2025-03-03T08:30'), 3.5)), '2025-03-03T12:00');
  assert.equal(fmt(addWorkingHours(cal, at('2025-03-03T11:00'), 1.5)), '2025-03-03T14:00');
  assert.equal(fmt(addWorkingHours(cal, at('2025-03-07T17:00'), 1)), '2025-03-10T09:00');
  assert.equal(fmt(addWorkingHours(cal, at('2025-09-30T16:00'), 4)), '2025-10-09T11:00');
  assert.equal(fmt(addWorkingHours(cal, at('2025-03-03T10:00'), 0.25)), '2025-03-03T10:15');
});

test('nextWorkingMoment: inside a period it is the start itself; at a period end it is the next period', () => {
  assert.equal(fmt(nextWorkingMoment(cal, at('2025-03-03T10:00'))), '2025-03-03T10:00');
  assert.equal(fmt(nextWorkingMoment(cal, at('2025-03-03T12:00'))), '2025-03-03T13:30');
  assert.equal(fmt(nextWorkingMoment(cal, at('2025-01-27T18:00'))), '2025-02-05T08:30');
});

test('configurable working hours', () => {
  const hours = [{ from: '09:00', to: '17:00' }];
  assert.equal(fmt(addWorkingHours(cal, at('2025-03-03T16:00'), 2, hours)), '2025-03-04T10:00');
  assert.equal(fmt(addWorkingDays(cal, at('2025-03-03T16:00'), 1, hours)), '2025-03-04T17:00');
  assert.equal(workingTimeBetween(cal, at('2025-03-03T00:00'), at('2025-03-04T00:00'), hours), 480);
  assert.throws(() => addWorkingHours(cal, 0, 1, [{ from: '12:00', to: '08:00' }]), CalendarError);
  assert.throws(() => addWorkingHours(cal, 0, 1, [{ from: '08:00', to: '12:00' }, { from: '11:00', to: '13:00' }]), CalendarError);
  assert.throws(() => addWorkingHours(cal, 0, 1, []), CalendarError);
});

test('workingTimeBetween counts working minutes and is negative when reversed', () => {
  assert.equal(workingTimeBetween(cal, at('2025-01-24T17:00'), at('2025-02-05T17:30')), 30 + 3 * 450);
  assert.equal(workingTimeBetween(cal, at('2025-03-03T11:00'), at('2025-03-03T14:00')), 90);
  assert.equal(workingTimeBetween(cal, at('2025-03-03T14:00'), at('2025-03-03T11:00')), -90);
  assert.equal(workingTimeBetween(cal, at('2025-10-01T09:00'), at('2025-10-08T17:00')), 0);
  assert.equal(workingTimeBetween(cal, at('2025-03-03T10:00'), at('2025-03-03T10:00:30')), 0.5);
});

test('invalid amounts are refused', () => {
  assert.throws(() => addWorkingDays(cal, at('2025-03-03T10:00'), 1.5), CalendarError);
  assert.throws(() => addWorkingDays(cal, at('2025-03-03T10:00'), -1), CalendarError);
  assert.throws(() => addWorkingHours(cal, at('2025-03-03T10:00'), -1), CalendarError);
  assert.throws(() => isWorkingDay(cal, new Date(Number.NaN)), CalendarError);
});

test('property: workingTimeBetween(start, addWorkingHours(start, h)) equals h hours', () => {
  const lo = at('2025-01-01T00:00');
  const hi = at('2026-06-30T00:00');
  fc.assert(
    fc.property(fc.integer({ min: lo, max: hi }), fc.integer({ min: 0, max: 400 }), (start, quarterHours) => {
      const end = addWorkingHours(cal, start, quarterHours / 4);
      assert.equal(workingTimeBetween(cal, start, end), quarterHours * 15);
      assert.equal(end >= start, true);
    }),
    { numRuns: 300 },
  );
});

test('property: the deadline of n working days is a working day and n working days after the start day', () => {
  const lo = at('2025-01-01T00:00');
  const hi = at('2026-10-31T00:00');
  fc.assert(
    fc.property(fc.integer({ min: lo, max: hi }), fc.integer({ min: 1, max: 30 }), (start, n) => {
      const due = addWorkingDays(cal, start, n);
      assert.equal(isWorkingDay(cal, due), true);
      assert.equal(fmt(due).slice(11), '17:30');
      const dayAfterStart = at(`${fmt(start).slice(0, 10)}T23:59`) + 60_000;
      assert.equal(workingTimeBetween(cal, dayAfterStart, due), n * 450);
    }),
    { numRuns: 200 },
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar, validateCalendarYear } from './data.ts';
import { bundledCalendarYears } from './bundled.ts';
import { CalendarError } from './errors.ts';
import { isoToDay, isWeekendDay } from './time.ts';

test('the bundled 2025 and 2026 files are valid and every make-up day is a weekend day', () => {
  const years = bundledCalendarYears();
  assert.equal(years.length >= 2, true);
  for (const y of years) assert.deepEqual(validateCalendarYear(y), []);
  const cal = buildCalendar(years);
  assert.deepEqual([...cal.years.keys()].sort(), [2025, 2026]);
  for (const y of cal.years.values()) for (const d of y.makeUpDays) assert.equal(isWeekendDay(d), true);
});

test('the bundled files hold the published day counts (2025: 28 holiday days, 5 make-up; 2026: 33, 6)', () => {
  const cal = buildCalendar(bundledCalendarYears());
  assert.equal(cal.years.get(2025)?.holidays.size, 1 + 8 + 3 + 5 + 3 + 8);
  assert.equal(cal.years.get(2025)?.makeUpDays.size, 5);
  assert.equal(cal.years.get(2026)?.holidays.size, 3 + 9 + 3 + 5 + 3 + 3 + 7);
  assert.equal(cal.years.get(2026)?.makeUpDays.size, 6);
});

test('a date that is both a holiday and a make-up day is rejected', () => {
  const issues = validateCalendarYear({
    year: 2025,
    holidays: [{ name: 'x', from: '2025-02-01', to: '2025-02-02', makeUpDays: ['2025-02-01'] }],
  });
  assert.deepEqual(issues, [{ code: 'holidayAndMakeUp', params: { date: '2025-02-01', holiday: 'x' } }]);
});

test('a make-up day on a weekday is rejected', () => {
  const issues = validateCalendarYear({
    year: 2025,
    holidays: [{ name: 'x', from: '2025-02-01', to: '2025-02-01', makeUpDays: ['2025-02-05'] }],
  });
  assert.deepEqual(issues, [{ code: 'makeUpNotWeekend', params: { date: '2025-02-05', holiday: 'x' } }]);
});

test('a date outside the file year is rejected, for holidays and make-up days alike', () => {
  const issues = validateCalendarYear({
    year: 2026,
    holidays: [{ name: 'x', from: '2025-12-31', to: '2026-01-01', makeUpDays: ['2025-12-27'] }],
  });
  assert.deepEqual(
    issues.map((i) => [i.code, i.params['date']]),
    [
      ['dateOutsideYear', '2025-12-31'],
      ['dateOutsideYear', '2025-12-27'],
    ],
  );
});

test('malformed input: not an object, bad year, missing list, bad dates, reversed range, missing name', () => {
  assert.deepEqual(validateCalendarYear(null), [{ code: 'notAnObject', params: {} }]);
  assert.deepEqual(
    validateCalendarYear({ year: 'x' }).map((i) => i.code),
    ['yearInvalid', 'holidaysMissing'],
  );
  const issues = validateCalendarYear({
    year: 2025,
    holidays: [
      { name: 'a', from: '2025-02-30', to: '2025-03-01' },
      { name: 'b', from: '2025-03-05', to: '2025-03-04' },
      { from: '2025-04-01', to: '2025-04-01' },
    ],
  });
  assert.deepEqual(issues.map((i) => i.code), ['dateInvalid', 'rangeReversed', 'nameMissing']);
});

test('overlapping periods are reported as duplicate dates', () => {
  const issues = validateCalendarYear({
    year: 2025,
    holidays: [
      { name: 'a', from: '2025-03-03', to: '2025-03-04' },
      { name: 'b', from: '2025-03-04', to: '2025-03-05' },
    ],
  });
  assert.deepEqual(issues, [{ code: 'duplicateDate', params: { date: '2025-03-04', holiday: 'b' } }]);
});

test('buildCalendar throws invalidCalendar with the issues, and refuses the same year twice', () => {
  assert.throws(
    () => buildCalendar([{ year: 2025, holidays: [{ name: 'x', from: '2025-01-01', to: '2025-01-01', makeUpDays: ['2025-01-02'] }] }]),
    (e: unknown) => e instanceof CalendarError && e.code === 'invalidCalendar' && e.issues[0]?.code === 'makeUpNotWeekend',
  );
  const y = { year: 2025, holidays: [] };
  assert.throws(() => buildCalendar([y, y]), (e: unknown) => e instanceof CalendarError && e.code === 'duplicateYear');
});

test('isoToDay rejects impossible dates', () => {
  assert.equal(isoToDay('2025-02-29'), undefined);
  assert.equal(isoToDay('2024-02-29') !== undefined, true);
  assert.equal(isoToDay('2025-1-1'), undefined);
});

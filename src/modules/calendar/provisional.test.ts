import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar, bundledCalendarYears, isWorkingDay, withProvisionalYears, type CalendarYearData } from './index.ts';

test('years after the last loaded notice count Monday–Friday, and are reported', () => {
  const { years, provisional } = withProvisionalYears(bundledCalendarYears() as CalendarYearData[], 2027);
  assert.deepEqual(provisional, [2027]);
  const cal = buildCalendar(years);
  assert.equal(isWorkingDay(cal, '2027-01-04'), true, 'a Monday');
  assert.equal(isWorkingDay(cal, '2027-01-02'), false, 'a Saturday');
  assert.equal(isWorkingDay(cal, '2026-10-01'), false, 'loaded years keep their holidays');
  assert.deepEqual(withProvisionalYears(bundledCalendarYears() as CalendarYearData[], 2026).provisional, []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasKey, locales } from '../../core/i18n.ts';
import { bundledCalendarYears } from './bundled.ts';
import type { CalendarYearData } from './data.ts';
import type { CalendarErrorCode, CalendarIssueCode } from './errors.ts';

const errors: Record<CalendarErrorCode, true> = {
  yearNotLoaded: true, invalidCalendar: true, duplicateYear: true, invalidInstant: true,
  invalidAmount: true, invalidWorkingHours: true, invalidLocalTime: true,
};
const issues: Record<CalendarIssueCode, true> = {
  notAnObject: true, yearInvalid: true, holidaysMissing: true, nameMissing: true, dateInvalid: true,
  dateOutsideYear: true, rangeReversed: true, holidayAndMakeUp: true, makeUpNotWeekend: true, duplicateDate: true,
};

test('every calendar error, validation issue and bundled holiday name has a message in both locales', () => {
  const names = (bundledCalendarYears() as CalendarYearData[]).flatMap((y) => y.holidays.map((h) => h.name));
  const keys = [
    ...Object.keys(errors).map((c) => `calendar.error.${c}`),
    ...Object.keys(issues).map((c) => `calendar.issue.${c}`),
    ...names.map((n) => `calendar.holiday.${n}`),
  ];
  for (const locale of locales) for (const key of keys) assert.ok(hasKey(locale, key), `${locale} ${key}`);
});

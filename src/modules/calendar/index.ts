export { CalendarError, type CalendarErrorCode, type CalendarIssue, type CalendarIssueCode } from './errors.ts';
export {
  buildCalendar,
  validateCalendarYear,
  type CalendarYearData,
  type HolidayPeriod,
  type WorkingCalendar,
} from './data.ts';
export {
  addWorkingDays,
  addWorkingHours,
  defaultWorkingHours,
  isWorkingDay,
  nextWorkingMoment,
  workingTimeBetween,
  type WorkingPeriod,
} from './arithmetic.ts';
export { formatShanghai, shanghaiTime, type Instant } from './time.ts';
export { bundledCalendarYears } from './bundled.ts';
export { withProvisionalYears } from './provisional.ts';

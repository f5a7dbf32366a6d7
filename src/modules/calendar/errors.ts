/**
 * Calendar failures carry a code and params so the caller can show `t(locale, 'calendar.error.<code>')`.
 * They are thrown, not returned: a missing year or a broken calendar file is a configuration fault that
 * must stop the computation, never be worked around silently.
 */
export type CalendarErrorCode =
  | 'yearNotLoaded'
  | 'invalidCalendar'
  | 'duplicateYear'
  | 'invalidInstant'
  | 'invalidAmount'
  | 'invalidWorkingHours'
  | 'invalidLocalTime';

export interface CalendarIssue {
  code: CalendarIssueCode;
  params: Record<string, string | number>;
}

export type CalendarIssueCode =
  | 'notAnObject'
  | 'yearInvalid'
  | 'holidaysMissing'
  | 'nameMissing'
  | 'dateInvalid'
  | 'dateOutsideYear'
  | 'rangeReversed'
  | 'holidayAndMakeUp'
  | 'makeUpNotWeekend'
  | 'duplicateDate';

export class CalendarError extends Error {
  readonly code: CalendarErrorCode;
  readonly params: Record<string, string | number>;
  readonly issues: CalendarIssue[];

  constructor(code: CalendarErrorCode, params: Record<string, string | number> = {}, issues: CalendarIssue[] = []) {
    const detail = issues.length ? `: ${issues.map((i) => `${i.code} ${JSON.stringify(i.params)}`).join('; ')}` : '';
    super(`calendar.${code} ${JSON.stringify(params)}${detail}`);
    this.name = 'CalendarError';
    this.code = code;
    this.params = params;
    this.issues = issues;
  }
}

import { t, type Locale, type Params } from '../../../core/i18n.ts';

/**
 * One problem in an uploaded roster, located the way the office sees it in Excel: `row` is the sheet's
 * row number (header = 1; 0 for problems with the whole file) and `column` the header as written in
 * the file ('' when no single column is at fault).
 */
export interface RosterIssue {
  row: number;
  column: string;
  code: IssueCode;
  params: Params;
  message: string;
}
/** The brief's name for a row-level issue; file-level issues have the same shape. */
export type RowIssue = RosterIssue;

export type FileIssueCode =
  | 'fileUnsupported'
  | 'fileLegacyXls'
  | 'fileUnreadable'
  | 'fileEmpty'
  | 'fileTooLarge'
  | 'headerMissing'
  | 'columnMissing'
  | 'columnDuplicate'
  | 'noRows';

export type RowIssueCode =
  | 'required'
  | 'nameDigits'
  | 'idFormat'
  | 'idScientific'
  | 'idBirthDate'
  | 'idCheckDigit'
  | 'duplicateInFile'
  | 'alreadyKnown'
  | 'phoneFormat'
  | 'phoneAreaCode'
  | 'birthDateFormat'
  | 'birthDateMismatch'
  | 'genderValue'
  | 'genderMismatch'
  | 'roleValue'
  | 'residencyValue'
  | 'tagUnknown'
  | 'buildingUnknown'
  | 'buildingUnknownInEstate'
  | 'stairwellUnknown'
  | 'stairwellRequired'
  | 'areaInvalid'
  | 'areaMissing'
  | 'areaConflict'
  | 'areaConflictRoster'
  | 'headMissing'
  | 'headDuplicate'
  | 'headOnRoster';

export type IssueCode = FileIssueCode | RowIssueCode;

export function makeIssue(locale: Locale, row: number, column: string, code: IssueCode, params: Params = {}): RosterIssue {
  return { row, column, code, params, message: t(locale, `roster.issue.${code}`, { column, ...params }) };
}

export function joinList(locale: Locale, items: readonly (string | number)[]): string {
  return items.join(t(locale, 'roster.listSeparator'));
}

/** Sheet order: by row, then file-level issues first within a row; stable otherwise. */
export function sortIssues(issues: RosterIssue[]): RosterIssue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => a.issue.row - b.issue.row || a.i - b.i)
    .map(({ issue }) => issue);
}

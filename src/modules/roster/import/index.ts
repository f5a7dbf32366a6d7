/**
 * Roster (台账) import and export: parse an .xlsx or CSV the way community offices keep it, check every
 * row, and hand back households ready to store, or every problem with its row, column and message.
 * Pure: the caller supplies the bytes and the lookups (buildings, tags, known people).
 */
import { defaultLocale, type Locale } from '../../../core/i18n.ts';
import { parseRosterFile } from './parse.ts';
import { validateRoster, type RosterContext, type RosterValidation } from './validate.ts';

export {
  columnKeys,
  requiredColumns,
  householdRoles,
  residencies,
  type ColumnKey,
  type HouseholdRole,
  type Residency,
  type Gender,
} from './columns.ts';
export type { RosterIssue, RowIssue, IssueCode, FileIssueCode, RowIssueCode } from './issues.ts';
export { parseRosterFile, openRosterFile, readAll, rowCountIssue, UnreadableRows, maxRosterRows, type ParsedSheet, type SheetHead, type SheetRow, type ParseOutcome, type OpenOutcome, type OpenedSheet } from './parse.ts';
export {
  validateRoster,
  RosterValidator,
  type RosterContext,
  type ResolvedBuilding,
  type RosterValidation,
  type ValidHousehold,
  type ValidResident,
} from './validate.ts';
export type { HouseholdOnRoster } from './households.ts';
export { writeRosterXlsx, rosterTemplateXlsx, type RosterExportRow } from './export.ts';
export { formatAreaCenti, parseAreaCenti } from './values.ts';

/** Parse and validate in one step, as the import wizard does. */
export async function importRoster(
  bytes: Uint8Array,
  fileName: string,
  context: RosterContext,
  locale: Locale = defaultLocale,
): Promise<RosterValidation> {
  const parsed = await parseRosterFile(bytes, fileName, locale);
  if (!parsed.ok) return parsed;
  return validateRoster(parsed.sheet, context, locale);
}

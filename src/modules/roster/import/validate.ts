import { defaultLocale, type Locale } from '../../../core/i18n.ts';
import type { Gender, HouseholdRole, Residency } from './columns.ts';
import { checkHousehold, type HouseholdOnRoster } from './households.ts';
import { joinList, makeIssue, sortIssues, type RosterIssue } from './issues.ts';
import type { ParsedSheet, SheetHead, SheetRow } from './parse.ts';
import { RowChecker, type RowDraft } from './row-check.ts';

export interface ResolvedBuilding {
  buildingId: string;
  stairwells: string[];
}

export interface RosterContext {
  /** The building named in the sheet (with its estate when the sheet has one), or null if unknown. */
  resolveBuilding(estate: string | undefined, building: string): ResolvedBuilding | null;
  /** Configured tags; `label` is how the sheet writes it (独居老人), `code` what is stored. */
  tags: { code: string; label: string }[];
  /** True when the person is already in the database (the caller hashes the normalised number). */
  isKnownIdHash?(idNumber: string): boolean;
  /**
   * The household at this place when it is already on the roster. Asked only by `finish`, so an import
   * can look households up while it checks rows and answer from what it found.
   */
  householdOnRoster?(buildingId: string, stairwell: string, room: string): HouseholdOnRoster | undefined;
}

export interface ValidResident {
  rowNumber: number;
  name: string;
  /** Normalised: 18 characters, upper-case X. */
  idNumber: string;
  /** 11-digit mobile or `0573-87654321`; null only for minors who gave none. */
  phone: string | null;
  /** YYYY-MM-DD, from the ID number. */
  birthDate: string;
  /** From the ID number. */
  gender: Gender;
  role: HouseholdRole;
  residency: Residency;
  tagCodes: string[];
}

export interface ValidHousehold {
  buildingId: string;
  stairwell: string | null;
  room: string;
  /** null only for a household already on the roster without an area, to which the file gives none. */
  floorAreaCenti: number | null;
  residents: ValidResident[];
}

export type RosterValidation =
  | { ok: true; households: ValidHousehold[]; residentCount: number }
  | { ok: false; issues: RosterIssue[] };

function householdKey(d: RowDraft): string {
  if (d.place) return `${d.place.buildingId}\u0000${d.place.stairwell ?? ''}\u0000${d.room}`;
  // Unresolved places still group, so head and area checks run on them too.
  return `?\u0000${d.cells.estate}\u0000${d.cells.building}\u0000${d.cells.stairwell}\u0000${d.room}`;
}

/**
 * The checks of a roster, one row at a time, then across rows (the same person twice, a household's
 * head and area). Row by row so an import can start writing the rows that pass while it checks the
 * rest; it rolls back if `finish` finds any problem.
 */
export class RosterValidator {
  private readonly checker: RowChecker;
  private readonly rowsById = new Map<string, number | number[]>();
  private readonly households = new Map<string, RowDraft[]>();

  constructor(private readonly context: RosterContext, private readonly locale: Locale, sheet: SheetHead) {
    this.checker = new RowChecker(sheet, context, locale);
  }

  /** Problems found so far. */
  get issueCount(): number {
    return this.checker.issues.length;
  }

  /** Checks one row; `clean` when the row itself has no problem (its household may still have one). */
  check(row: SheetRow): { draft: RowDraft; clean: boolean } {
    const before = this.checker.issues.length;
    const draft = this.checker.check(row);
    const id = draft.resident.idNumber;
    if (id !== undefined) {
      // A number while the person appears once (nearly always): 100,000 rows need no 100,000 arrays.
      const same = this.rowsById.get(id);
      if (same === undefined) this.rowsById.set(id, draft.rowNumber);
      else if (typeof same === 'number') this.rowsById.set(id, [same, draft.rowNumber]);
      else same.push(draft.rowNumber);
    }
    const key = householdKey(draft);
    const members = this.households.get(key);
    if (members) members.push(draft);
    else this.households.set(key, [draft]);
    return { draft, clean: this.checker.issues.length === before && draft.place !== undefined };
  }

  /** All or nothing: households only when no row has a problem; otherwise every problem, in sheet order. */
  finish(rowCount: number): RosterValidation {
    const { checker, locale } = this;
    const issues = checker.issues;
    const idColumn = checker.column('idNumber');
    for (const rows of this.rowsById.values()) {
      if (typeof rows === 'number') continue;
      for (const row of rows) {
        const others = joinList(locale, rows.filter((r) => r !== row));
        issues.push(makeIssue(locale, row, idColumn, 'duplicateInFile', { rows: others }));
      }
    }

    const valid: ValidHousehold[] = [];
    const columns = { floorArea: checker.column('floorArea'), role: checker.column('role') };
    for (const drafts of this.households.values()) {
      const { cells, room, place } = drafts[0]!;
      const where = [cells.estate, cells.building, cells.stairwell, room];
      const onRoster = place ? this.context.householdOnRoster?.(place.buildingId, place.stairwell ?? '', room) : undefined;
      const checked = checkHousehold(drafts.map((d) => d.member), where, columns, locale, onRoster);
      issues.push(...checked.issues);
      if (issues.length === 0 && place && checked.areaCenti !== undefined) {
        // With no issue anywhere, every field of every resident has been set by the row checks.
        valid.push({ ...place, floorAreaCenti: checked.areaCenti, residents: drafts.map((d) => d.resident as ValidResident) });
      }
    }

    if (issues.length > 0) return { ok: false, issues: sortIssues(issues) };
    return { ok: true, households: valid, residentCount: rowCount };
  }
}

/** All or nothing. Households come back only when no row has a problem; otherwise every problem, in sheet order. */
export function validateRoster(sheet: ParsedSheet, context: RosterContext, locale: Locale = defaultLocale): RosterValidation {
  const validator = new RosterValidator(context, locale, sheet);
  for (const row of sheet.rows) validator.check(row);
  return validator.finish(sheet.rows.length);
}

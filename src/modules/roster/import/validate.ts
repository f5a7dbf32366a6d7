import { defaultLocale, type Locale } from '../../../core/i18n.ts';
import type { Gender, HouseholdRole, Residency } from './columns.ts';
import { checkHousehold, type HouseholdMember, type HouseholdOnRoster } from './households.ts';
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
  /** Empty when the validator was made with `keepResidents: false` (an import writes each row as it passes). */
  residents: ValidResident[];
}

export type RosterValidation =
  | { ok: true; households: ValidHousehold[]; residentCount: number }
  | { ok: false; issues: RosterIssue[] };

/** What the checks across a household need of its rows; the rows themselves are not kept. */
interface HouseholdTally {
  /** Estate, building and stairwell as written in its first row, and its room: for messages. */
  where: string[];
  place: RowDraft['place'];
  members: HouseholdMember[];
  residents: ValidResident[];
}

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
  private readonly households = new Map<string, HouseholdTally>();
  private readonly keepResidents: boolean;

  /**
   * `keepResidents: false` keeps of each row only what the checks across rows need, not the resident: on a
   * file of 100,000 rows that is most of the memory the checks hold, and of the collector's work.
   */
  constructor(private readonly context: RosterContext, private readonly locale: Locale, sheet: SheetHead, options: { keepResidents?: boolean } = {}) {
    this.checker = new RowChecker(sheet, context, locale);
    this.keepResidents = options.keepResidents ?? true;
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
    let household = this.households.get(key);
    if (!household) {
      household = { where: [draft.cells.estate, draft.cells.building, draft.cells.stairwell, draft.room], place: draft.place, members: [], residents: [] };
      this.households.set(key, household);
    }
    household.members.push(draft.member);
    if (this.keepResidents) household.residents.push(draft.resident as ValidResident);
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
    for (const { where, place, members, residents } of this.households.values()) {
      const onRoster = place ? this.context.householdOnRoster?.(place.buildingId, place.stairwell ?? '', place.room) : undefined;
      const checked = checkHousehold(members, where, columns, locale, onRoster);
      issues.push(...checked.issues);
      if (issues.length === 0 && place && checked.areaCenti !== undefined) {
        // With no issue anywhere, every field of every resident has been set by the row checks.
        valid.push({ ...place, floorAreaCenti: checked.areaCenti, residents });
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

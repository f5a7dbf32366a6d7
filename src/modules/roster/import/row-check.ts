import { t, type Locale, type Params } from '../../../core/i18n.ts';
import { gb11643CheckDigit, normalizeIdNumber, parseIdNumber } from '../../../core/identity/id-number.ts';
import { parsePhone } from '../../../core/identity/phone.ts';
import { columnLabel, householdRoles, looseKey, matchGender, matchResidency, matchRole, residencies, type ColumnKey } from './columns.ts';
import type { HouseholdMember } from './households.ts';
import { joinList, makeIssue, type RosterIssue, type RowIssueCode } from './issues.ts';
import type { SheetHead, SheetRow } from './parse.ts';
import type { ResolvedBuilding, RosterContext, ValidResident } from './validate.ts';
import { cleanName, isScientific, nameHasDigits, parseAreaCenti, parseBirthDate, splitTags } from './values.ts';

/** One row after its own checks: what it contributes to its household, and the resident if all was well. */
export interface RowDraft {
  rowNumber: number;
  cells: SheetRow['cells'];
  room: string;
  resident: Partial<ValidResident> & { rowNumber: number };
  member: HouseholdMember;
  /** Set when building, stairwell and room all resolved. */
  place: { buildingId: string; stairwell: string | null; room: string } | undefined;
}

/** "1" for "1单元" and the other way round; otherwise the names must match loosely. */
function matchStairwell(cell: string, known: string[]): string | undefined {
  const key = looseKey(cell);
  const exact = known.find((s) => looseKey(s) === key);
  if (exact !== undefined) return exact;
  const digits = (s: string): string | undefined => /^\d+/.exec(looseKey(s))?.[0];
  const pureDigits = (s: string): boolean => /^\d+$/.test(looseKey(s));
  const d = digits(cell);
  if (d === undefined) return undefined;
  return known.find((s) => digits(s) === d && (pureDigits(cell) || pureDigits(s)));
}

/**
 * The checks that need only one row (plus cached lookups). Written as a class with no per-row closures:
 * the loop runs 100,000 times per import and allocation dominates its cost.
 */
export class RowChecker {
  readonly issues: RosterIssue[] = [];
  private readonly buildings = new Map<string, ResolvedBuilding | null>();
  private readonly stairwells = new Map<string, string | undefined>();
  private readonly tagCodes = new Map<string, string>();

  constructor(
    private readonly sheet: SheetHead,
    private readonly context: RosterContext,
    private readonly locale: Locale,
  ) {
    for (const tag of context.tags) {
      this.tagCodes.set(looseKey(tag.code), tag.code);
      this.tagCodes.set(looseKey(tag.label), tag.code);
    }
  }

  column(key: ColumnKey): string {
    return this.sheet.headers[key] ?? columnLabel(this.locale, key);
  }

  private report(row: number, key: ColumnKey, code: RowIssueCode, params: Params = {}): void {
    this.issues.push(makeIssue(this.locale, row, this.column(key), code, params));
  }

  private labels(prefix: 'role' | 'residency'): string {
    const values: readonly string[] = prefix === 'role' ? householdRoles : residencies;
    return joinList(this.locale, values.map((v) => t(this.locale, `roster.${prefix}.${v}`)));
  }

  check(row: SheetRow): RowDraft {
    const { rowNumber, cells } = row;
    const draft: RowDraft = {
      rowNumber,
      cells,
      room: cells.room.endsWith('\u5ba4') ? cells.room.replace(/^(\d+)\u5ba4$/, '$1') : cells.room, // "301室" is room 301
      resident: { rowNumber },
      member: { rowNumber, areaCenti: undefined, role: undefined },
      place: undefined,
    };
    this.checkPlace(draft);
    this.checkIdentity(draft);
    this.checkHouseholdFields(draft);
    return draft;
  }

  private resolveBuilding(estate: string, building: string): ResolvedBuilding | null {
    const key = `${estate}\u0000${building}`;
    let resolved = this.buildings.get(key);
    if (resolved === undefined) {
      resolved = this.context.resolveBuilding(estate || undefined, building);
      this.buildings.set(key, resolved);
    }
    return resolved;
  }

  private stairwellList(known: string[]): string {
    return known.length > 0 ? joinList(this.locale, known) : '-';
  }

  private checkPlace(draft: RowDraft): void {
    const { rowNumber, cells, room } = draft;
    if (!cells.building) this.report(rowNumber, 'building', 'required');
    const resolved = cells.building ? this.resolveBuilding(cells.estate, cells.building) : null;
    // A building without stairwells may be a house (村民自建房): with the room blank it is its own one household.
    const house = resolved !== null && resolved.stairwells.length === 0;
    if (!room && !house) this.report(rowNumber, 'room', 'required');
    if (!cells.building) return;
    if (!resolved) {
      if (cells.estate) this.report(rowNumber, 'building', 'buildingUnknownInEstate', { estate: cells.estate, building: cells.building });
      else this.report(rowNumber, 'building', 'buildingUnknown', { building: cells.building });
      return;
    }
    const known = resolved.stairwells;
    let stairwell: string | null | undefined = null;
    if (!cells.stairwell) {
      if (known.length === 1) stairwell = known[0]!;
      else if (known.length > 1) {
        stairwell = undefined;
        this.report(rowNumber, 'stairwell', 'stairwellRequired', { building: cells.building, allowed: this.stairwellList(known) });
      }
    } else {
      const key = `${resolved.buildingId}\u0000${cells.stairwell}`;
      if (!this.stairwells.has(key)) this.stairwells.set(key, matchStairwell(cells.stairwell, known));
      stairwell = this.stairwells.get(key);
      if (stairwell === undefined) {
        this.report(rowNumber, 'stairwell', 'stairwellUnknown', { building: cells.building, stairwell: cells.stairwell, allowed: this.stairwellList(known) });
      }
    }
    if (stairwell !== undefined && (room || house)) draft.place = { buildingId: resolved.buildingId, stairwell, room };
  }

  private checkIdentity(draft: RowDraft): void {
    const { rowNumber, cells, resident } = draft;
    const name = cleanName(cells.name);
    if (!name) this.report(rowNumber, 'name', 'required');
    else if (nameHasDigits(name)) this.report(rowNumber, 'name', 'nameDigits', { value: name });
    else resident.name = name;

    const id = cells.idNumber;
    if (!id) this.report(rowNumber, 'idNumber', 'required');
    else if (isScientific(id)) this.report(rowNumber, 'idNumber', 'idScientific', { value: id });
    else {
      const parsed = parseIdNumber(id);
      if ('problem' in parsed) {
        if (parsed.problem === 'format') this.report(rowNumber, 'idNumber', 'idFormat', { value: id });
        else if (parsed.problem === 'birthDate') this.report(rowNumber, 'idNumber', 'idBirthDate', { value: id });
        else {
          const expected = gb11643CheckDigit(normalizeIdNumber(id).slice(0, 17));
          this.report(rowNumber, 'idNumber', 'idCheckDigit', { value: id, expected });
        }
      } else {
        resident.idNumber = parsed.normalized;
        resident.birthDate = parsed.birthDate;
        resident.gender = parsed.gender;
        if (this.context.isKnownIdHash?.(parsed.normalized)) this.report(rowNumber, 'idNumber', 'alreadyKnown');
      }
    }

    let birthDate = resident.birthDate;
    if (cells.birthDate) {
      const given = parseBirthDate(cells.birthDate);
      if (!given) this.report(rowNumber, 'birthDate', 'birthDateFormat', { value: cells.birthDate });
      else if (resident.birthDate && given !== resident.birthDate) {
        this.report(rowNumber, 'birthDate', 'birthDateMismatch', { value: given, expected: resident.birthDate });
      }
      birthDate ??= given;
    }

    if (cells.gender) {
      const given = matchGender(cells.gender);
      if (!given) this.report(rowNumber, 'gender', 'genderValue', { value: cells.gender });
      else if (resident.gender && given !== resident.gender) {
        const expected = t(this.locale, `roster.gender.${resident.gender}`);
        this.report(rowNumber, 'gender', 'genderMismatch', { value: cells.gender, expected });
      }
    }

    if (cells.phone) {
      const phone = parsePhone(cells.phone);
      if ('problem' in phone) {
        const code = phone.problem === 'landlineAreaCode' ? 'phoneAreaCode' : 'phoneFormat';
        this.report(rowNumber, 'phone', code, { value: cells.phone });
      } else resident.phone = phone.normalized;
    } else {
      // Blank is allowed at any age: many of the oldest residents have no phone (decision 0143).
      resident.phone = null;
    }
  }

  private checkHouseholdFields(draft: RowDraft): void {
    const { rowNumber, cells, resident, member } = draft;
    if (cells.floorArea) {
      member.areaCenti = parseAreaCenti(cells.floorArea) ?? null;
      if (member.areaCenti === null) this.report(rowNumber, 'floorArea', 'areaInvalid', { value: cells.floorArea });
    }

    if (!cells.role) {
      member.role = null;
      this.report(rowNumber, 'role', 'required');
    } else {
      member.role = matchRole(cells.role) ?? null;
      if (member.role) resident.role = member.role;
      else this.report(rowNumber, 'role', 'roleValue', { value: cells.role, allowed: this.labels('role') });
    }

    if (!cells.residency) this.report(rowNumber, 'residency', 'required');
    else {
      const residency = matchResidency(cells.residency);
      if (residency) resident.residency = residency;
      else this.report(rowNumber, 'residency', 'residencyValue', { value: cells.residency, allowed: this.labels('residency') });
    }

    const codes: string[] = [];
    if (cells.tags) {
      for (const label of splitTags(cells.tags)) {
        const code = this.tagCodes.get(looseKey(label));
        if (code === undefined) {
          const allowed = joinList(this.locale, this.context.tags.map((tag) => tag.label));
          this.report(rowNumber, 'tags', 'tagUnknown', { tag: label, allowed });
        } else if (!codes.includes(code)) codes.push(code);
      }
    }
    resident.tagCodes = codes;
  }
}

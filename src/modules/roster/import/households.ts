import type { Locale } from '../../../core/i18n.ts';
import type { HouseholdRole } from './columns.ts';
import { joinList, makeIssue, type RosterIssue } from './issues.ts';
import { formatAreaCenti } from './values.ts';

/** What the row pass learnt about one row that matters for checks across a household. */
export interface HouseholdMember {
  rowNumber: number;
  /** undefined: blank; null: present but invalid (already reported). */
  areaCenti: number | null | undefined;
  role: HouseholdRole | null | undefined;
}

/** A household the file adds members to: what the roster already holds for the checks across it. */
export interface HouseholdOnRoster {
  hasHead: boolean;
  areaCenti: number | null;
}

export interface HouseholdColumns {
  floorArea: string;
  role: string;
}

/** "西山小区 3幢 1单元 301": how the office names the household in a message. */
function householdLabel(where: readonly string[]): string {
  return where.filter((part) => part !== '').join(' ');
}

/**
 * Area and head checks for one household. A household whose role or area cell is already wrong in
 * some row gets no "missing" report on top: the row-level issue is the one to fix.
 *
 * A household already on the roster (`onRoster`) is checked with what it holds: its head counts (the
 * file may not add a second one, nor need to name it again) and its area stands (a row may repeat it
 * but not contradict it; a household stored without one takes the file's).
 */
export function checkHousehold(
  members: HouseholdMember[],
  /** Estate, building, stairwell and room as written; joined only when a message needs them. */
  where: readonly string[],
  columns: HouseholdColumns,
  locale: Locale,
  onRoster?: HouseholdOnRoster,
): { issues: RosterIssue[]; areaCenti: number | null | undefined } {
  const issues: RosterIssue[] = [];
  const first = members[0]!;
  const heads = members.filter((m) => m.role === 'head');
  const anchor = heads[0] ?? first;

  const withArea = members.filter((m): m is HouseholdMember & { areaCenti: number } => typeof m.areaCenti === 'number');
  const stored = onRoster?.areaCenti ?? null;
  const reference = withArea.find((m) => m.role === 'head') ?? withArea[0];
  if (stored !== null) {
    for (const m of withArea) {
      if (m.areaCenti !== stored) {
        issues.push(makeIssue(locale, m.rowNumber, columns.floorArea, 'areaConflictRoster', { area: formatAreaCenti(m.areaCenti), otherArea: formatAreaCenti(stored) }));
      }
    }
  } else if (!reference) {
    if (!onRoster && !members.some((m) => m.areaCenti === null)) {
      issues.push(makeIssue(locale, anchor.rowNumber, columns.floorArea, 'areaMissing', { household: householdLabel(where) }));
    }
  } else {
    for (const m of withArea) {
      if (m.areaCenti !== reference.areaCenti) {
        issues.push(
          makeIssue(locale, m.rowNumber, columns.floorArea, 'areaConflict', {
            area: formatAreaCenti(m.areaCenti),
            otherArea: formatAreaCenti(reference.areaCenti),
            otherRow: reference.rowNumber,
          }),
        );
      }
    }
  }

  issues.push(...headIssues(members, heads, where, columns, locale, onRoster));
  // undefined: a new household with no valid area (already reported); null: on the roster without one.
  return { issues, areaCenti: stored ?? reference?.areaCenti ?? (onRoster ? null : undefined) };
}

function headIssues(
  members: HouseholdMember[],
  heads: HouseholdMember[],
  where: readonly string[],
  columns: HouseholdColumns,
  locale: Locale,
  onRoster: HouseholdOnRoster | undefined,
): RosterIssue[] {
  const household = householdLabel(where);
  if (onRoster?.hasHead) return heads.map((h) => makeIssue(locale, h.rowNumber, columns.role, 'headOnRoster', { household }));
  if (heads.length === 0 && !members.some((m) => m.role === null)) {
    return [makeIssue(locale, members[0]!.rowNumber, columns.role, 'headMissing', { household })];
  }
  if (heads.length > 1) {
    const rows = joinList(locale, heads.map((h) => h.rowNumber));
    return heads.map((h) => makeIssue(locale, h.rowNumber, columns.role, 'headDuplicate', { household, rows }));
  }
  return [];
}

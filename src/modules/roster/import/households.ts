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

export interface HouseholdColumns {
  floorArea: string;
  role: string;
}

/**
 * Area and head checks for one household. A household whose role or area cell is already wrong in
 * some row gets no "missing" report on top: the row-level issue is the one to fix.
 */
/** "西山小区 3幢 1单元 301": how the office names the household in a message. */
function householdLabel(where: readonly string[]): string {
  return where.filter((part) => part !== '').join(' ');
}

export function checkHousehold(
  members: HouseholdMember[],
  /** Estate, building, stairwell and room as written; joined only when a message needs them. */
  where: readonly string[],
  columns: HouseholdColumns,
  locale: Locale,
): { issues: RosterIssue[]; areaCenti: number | undefined } {
  const issues: RosterIssue[] = [];
  const first = members[0]!;
  const heads = members.filter((m) => m.role === 'head');
  const anchor = heads[0] ?? first;

  const withArea = members.filter((m): m is HouseholdMember & { areaCenti: number } => typeof m.areaCenti === 'number');
  const reference = withArea.find((m) => m.role === 'head') ?? withArea[0];
  if (!reference) {
    if (!members.some((m) => m.areaCenti === null)) {
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

  if (heads.length === 0 && !members.some((m) => m.role === null)) {
    issues.push(makeIssue(locale, first.rowNumber, columns.role, 'headMissing', { household: householdLabel(where) }));
  }
  if (heads.length > 1) {
    const rows = joinList(locale, heads.map((h) => h.rowNumber));
    for (const h of heads) issues.push(makeIssue(locale, h.rowNumber, columns.role, 'headDuplicate', { household: householdLabel(where), rows }));
  }
  return { issues, areaCenti: reference?.areaCenti };
}

import { locales, t, type Locale } from '../../../core/i18n.ts';

/** The columns of the roster (台账), in the order the template lays them out. */
export const columnKeys = [
  'estate',
  'building',
  'stairwell',
  'room',
  'floorArea',
  'name',
  'idNumber',
  'phone',
  'birthDate',
  'gender',
  'role',
  'residency',
  'tags',
] as const;
export type ColumnKey = (typeof columnKeys)[number];

/** Columns the header must contain. Their cells may still be blank where a rule allows it. */
export const requiredColumns: ReadonlySet<ColumnKey> = new Set<ColumnKey>([
  'building',
  'room',
  'floorArea',
  'name',
  'idNumber',
  'phone',
  'role',
  'residency',
]);

export const householdRoles = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const;
export type HouseholdRole = (typeof householdRoles)[number];
export const residencies = ['local', 'newResident'] as const;
export type Residency = (typeof residencies)[number];
export type Gender = 'M' | 'F';

export function columnLabel(locale: Locale, key: ColumnKey): string {
  return t(locale, `roster.column.${key}`);
}

/**
 * Headers and vocabulary are compared loosely: NFKC (full-width letters, ㎡), no whitespace, no
 * required-field stars, no parenthesised units like 建筑面积(㎡), case-insensitive.
 */
// Already loose: no whitespace, parentheses, stars or capitals, and only NFKC-stable characters.
const alreadyLoose = /^[\x21-\x27\x2b-\x40\x5b-\x7e\u3001\u4e00-\u9fff]*$/;

export function looseKey(text: string): string {
  if (alreadyLoose.test(text)) return text;
  return text
    .normalize('NFKC')
    .replace(/\([^)]*\)/g, '')
    .replace(/[\s*\u200b-\u200d\ufeff]/g, '')
    .toLowerCase();
}

/** Label and aliases of `name` in every locale, so an English export re-imports under zh-CN. */
function spellings(name: string, aliasName: string): string[] {
  const out: string[] = [];
  for (const locale of locales) {
    out.push(t(locale, name));
    out.push(...t(locale, aliasName).split('|'));
  }
  return out.map(looseKey).filter((s) => s.length > 0);
}

function vocabulary<T extends string>(values: readonly T[], prefix: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const value of values) {
    for (const s of spellings(`roster.${prefix}.${value}`, `roster.${prefix}Aliases.${value}`)) {
      if (!map.has(s)) map.set(s, value);
    }
  }
  return map;
}

let vocab:
  | {
      headers: Map<string, ColumnKey>;
      roles: Map<string, HouseholdRole>;
      residencies: Map<string, Residency>;
      genders: Map<string, Gender>;
    }
  | undefined;

function loaded(): NonNullable<typeof vocab> {
  vocab ??= {
    headers: vocabulary(columnKeys, 'column'),
    roles: vocabulary(householdRoles, 'role'),
    residencies: vocabulary(residencies, 'residency'),
    genders: vocabulary(['M', 'F'] as const, 'gender'),
  };
  return vocab;
}

export function matchHeader(text: string): ColumnKey | undefined {
  return loaded().headers.get(looseKey(text));
}
export function matchRole(text: string): HouseholdRole | undefined {
  return loaded().roles.get(looseKey(text));
}
export function matchResidency(text: string): Residency | undefined {
  return loaded().residencies.get(looseKey(text));
}
export function matchGender(text: string): Gender | undefined {
  return loaded().genders.get(looseKey(text));
}

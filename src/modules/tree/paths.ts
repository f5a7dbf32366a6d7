import type { UnitKind } from './tables.ts';

const order: UnitKind[] = ['province', 'city', 'county', 'street', 'community', 'grid', 'microGrid'];

/** The kind a child of `kind` must have; the tree is strict so every level's dashboards add up. */
export function childKind(kind: UnitKind): UnitKind | null {
  const i = order.indexOf(kind);
  return order[i + 1] ?? null;
}

export function depthOf(kind: UnitKind): number {
  return order.indexOf(kind);
}

export function childPath(parentPath: string | null, code: string): string {
  return `${parentPath ?? '/'}${code}/`;
}

/** Codes of the path's nodes from the root down: '/33/3304/' → ['33', '3304']. */
export function codesOfPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Code formats: GB/T 2260 above the street, 9-digit town and 12-digit statistical codes below. */
export const codePatterns: Record<UnitKind, RegExp> = {
  province: /^\d{2}$/,
  city: /^\d{4}$/,
  county: /^\d{6}$/,
  street: /^\d{9}$/,
  community: /^\d{12}$/,
  grid: /^[0-9A-Za-z-]{3,40}$/,
  microGrid: /^[0-9A-Za-z-]{3,40}$/,
};

/** Administrative codes must extend their parent's code (330481 is under 3304). */
export function codeFitsParent(kind: UnitKind, code: string, parentCode: string | null): boolean {
  if (!codePatterns[kind].test(code)) return false;
  if (parentCode === null || kind === 'grid' || kind === 'microGrid') return true;
  return code.startsWith(parentCode);
}

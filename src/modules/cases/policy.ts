import { within, type Binding, type Principal } from '../access/index.ts';
import { codesOfPath } from '../tree/index.ts';
import type { UnitKind, UnitRef } from './domain/index.ts';

/** A unit of the workflow with the tree path its scope checks use. */
export interface PlacedUnit extends UnitRef {
  path: string;
}

/**
 * Who works on cases, and as which unit. Kept in this module (not in the access roles) because only
 * cases use it; a role's binding names the node it acts for.
 */
const unitKindOfRole: Partial<Record<Binding['role'], UnitKind>> = {
  countyCentre: 'countyDepartment',
  streetStaff: 'street',
  communityStaff: 'community',
  gridLeader: 'grid',
  gridWorker: 'grid',
  microGridLeader: 'microGrid',
  propertyManager: 'propertyCompany',
};

export function staffBindings(principal: Principal): Binding[] {
  return principal.bindings.filter((b) => unitKindOfRole[b.role] !== undefined);
}

export function isCaseStaff(principal: Principal): boolean {
  return staffBindings(principal).length > 0;
}

export function isResident(principal: Principal): boolean {
  return principal.bindings.some((b) => b.role === 'resident');
}

/** The subtrees in which the principal reads and works on cases, nested ones folded away. */
export function caseScopes(principal: Principal): string[] {
  const paths = staffBindings(principal).map((b) => b.scopePath).sort();
  const folded: string[] = [];
  for (const p of paths) if (!folded.some((f) => within(p, f))) folded.push(p);
  return folded;
}

/** The community code on a path (the fifth code: province, city, county, street, community). */
export function communityOfPath(path: string): string | undefined {
  return codesOfPath(path)[4];
}

/** The units a principal acts for; a property manager acts for the company serving its community. */
export function unitsOf(principal: Principal, propertyCompanyOf: (communityCode: string) => PlacedUnit | undefined): PlacedUnit[] {
  const out: PlacedUnit[] = [];
  for (const b of staffBindings(principal)) {
    const kind = unitKindOfRole[b.role]!;
    if (kind === 'propertyCompany') {
      const community = communityOfPath(b.scopePath);
      const company = community ? propertyCompanyOf(community) : undefined;
      if (company) out.push(company);
    } else {
      out.push({ kind, code: b.scopeCode, path: b.scopePath });
    }
  }
  return out;
}

export const sameUnit = (a: UnitRef | undefined, b: UnitRef | undefined) => !!a && !!b && a.kind === b.kind && a.code === b.code;

/** The unit one level up, on the tree path; a county department is the top. */
export function unitAbove(unit: PlacedUnit, communityPath?: string): PlacedUnit | undefined {
  const codes = codesOfPath(unit.path);
  const pathOf = (n: number) => `/${codes.slice(0, n).join('/')}/`;
  switch (unit.kind) {
    case 'microGrid':
    case 'grid':
    case 'community': {
      const kind: UnitKind = unit.kind === 'microGrid' ? 'grid' : unit.kind === 'grid' ? 'community' : 'street';
      return { kind, code: codes[codes.length - 2]!, path: pathOf(codes.length - 1) };
    }
    case 'street':
      return { kind: 'countyDepartment', code: codes[codes.length - 2]!, path: pathOf(codes.length - 1) };
    case 'propertyCompany': {
      const path = communityPath ?? unit.path;
      const c = codesOfPath(path);
      return { kind: 'community', code: c[c.length - 1]!, path };
    }
    case 'countyDepartment':
      return undefined;
  }
}

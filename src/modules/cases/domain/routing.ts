import type { Affair, UnitKind, UnitRef } from './types.ts';

/** The levels a case can start at, lowest first; a case climbs them until someone fits. */
export const routingLevels = ['microGrid', 'grid', 'community', 'street'] as const;
export type Level = (typeof routingLevels)[number];

/** Who handles a category at a level: a role and a unit kind; `unitCode` pins a fixed unit (a county department). */
export interface HandlerSpec {
  role: string;
  unitKind: UnitKind;
  unitCode?: string;
}

export interface CategoryRoute {
  affair: Affair;
  levels: Partial<Record<Level, HandlerSpec>>;
}

export interface RoutingMatrix {
  categories: Record<string, CategoryRoute>;
  /** Tag for a category missing from the matrix. */
  defaultAffair: Affair;
  /** Households co-signing a joint letter at or above which the case starts at `raisedLevel` (0 = never). */
  jointLetterThreshold: number;
  raisedLevel: Level;
  /** Role at the street office that takes what fits nowhere (the catch-all). */
  fallbackRole: string;
  /** Street used when the place itself has none, so no case is ever routed nowhere. */
  fallbackStreet: string;
}

/** The place as located on the governance tree; grid fields are absent outside every grid. */
export interface LocatedPlace {
  microGrid?: string;
  grid?: string;
  community?: string;
  street?: string;
  propertyCompany?: string;
  /** Outside every grid, the community the locator found nearest (may be absent). */
  nearestCommunity?: string;
}

export interface RoutingRequest {
  category: string;
  place: LocatedPlace;
  priority?: 'normal' | 'urgent';
  /** Distinct households that signed the joint letter (1 for an ordinary report). */
  households?: number;
}

export interface Route {
  unit: UnitRef;
  role: string;
  level: Level;
  affair: Affair;
  /** outsideGrid: located in no grid; fallback: no matrix entry fitted; raised: started above the lowest level. */
  flags: { outsideGrid: boolean; fallback: boolean; raised: boolean };
}

function unitCodeAt(kind: UnitKind, place: LocatedPlace, community: string | undefined): string | undefined {
  switch (kind) {
    case 'microGrid':
      return place.microGrid;
    case 'grid':
      return place.grid;
    case 'community':
      return community;
    case 'street':
      return place.street;
    case 'propertyCompany':
      return place.propertyCompany;
    case 'countyDepartment':
      return undefined;
  }
}

/**
 * The first responsible unit for a new case: starting at the lowest level (or `raisedLevel` for urgent
 * matters and joint letters over the threshold, or the community when outside every grid), the first
 * level whose matrix entry names a unit that exists for this place. Nothing fits: the street office.
 */
export function resolveRoute(matrix: RoutingMatrix, req: RoutingRequest): Route {
  const { place } = req;
  const outsideGrid = !place.microGrid && !place.grid;
  const community = place.community ?? (outsideGrid ? place.nearestCommunity : undefined);
  const raised =
    req.priority === 'urgent' || (matrix.jointLetterThreshold > 0 && (req.households ?? 1) >= matrix.jointLetterThreshold);
  let start = raised ? routingLevels.indexOf(matrix.raisedLevel) : 0;
  if (outsideGrid) start = Math.max(start, routingLevels.indexOf('community'));
  const route = matrix.categories[req.category];
  const affair = route?.affair ?? matrix.defaultAffair;
  const flags = { outsideGrid, fallback: false, raised };
  if (route) {
    for (const level of routingLevels.slice(start)) {
      const spec = route.levels[level];
      const code = spec && (spec.unitCode ?? unitCodeAt(spec.unitKind, place, community));
      if (spec && code) return { unit: { kind: spec.unitKind, code }, role: spec.role, level, affair, flags };
    }
  }
  return {
    unit: { kind: 'street', code: place.street ?? matrix.fallbackStreet },
    role: matrix.fallbackRole,
    level: 'street',
    affair,
    flags: { ...flags, fallback: true },
  };
}

import Flatbush from 'flatbush';
import { geoIssue, type GeoIssue } from './issues.ts';
import { intersectionArea } from './overlap-area.ts';
import { bboxOfParts, frameFor, toFlatShape, toParts, type AnyPolygonCoords, type FlatShape, type MultiPolygonCoords } from './shape.ts';
import { DEFAULT_AREA_TOLERANCE_M2 } from './validate.ts';

export interface ZoneShape {
  code: string;
  polygon: AnyPolygonCoords;
}

export interface OverlapPair {
  /** the smaller code of the two */
  a: string;
  b: string;
  areaM2: number;
  issue: GeoIssue;
}

export interface AreaToleranceOptions {
  /** overlaps up to this many m² are slivers, not errors (default 1 m²) */
  areaToleranceM2?: number;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * Pairs of zones whose interiors overlap by more than the tolerance. Zones that only share an edge
 * or a vertex do not overlap. Candidates come from a flatbush index of bounding boxes; each one is
 * then measured exactly (see `intersectionArea`). Expects polygons that passed `validatePolygon`.
 */
export function findOverlaps(zones: readonly ZoneShape[], options: AreaToleranceOptions = {}): OverlapPair[] {
  const tolerance = options.areaToleranceM2 ?? DEFAULT_AREA_TOLERANCE_M2;
  const pairs: OverlapPair[] = [];
  if (zones.length < 2) return pairs;
  const parts = zones.map((z) => toParts(z.polygon));
  const boxes = parts.map(bboxOfParts);
  const index = new Flatbush(zones.length);
  for (const [minX, minY, maxX, maxY] of boxes) index.add(minX, minY, maxX, maxY);
  index.finish();
  for (let i = 0; i < zones.length; i++) {
    const [minX, minY, maxX, maxY] = boxes[i]!;
    const candidates = index.search(minX, minY, maxX, maxY, (j, x0, y0, x1, y1) =>
      // boxes that merely touch cannot hold a shared interior
      j > i && x0 < maxX && x1 > minX && y0 < maxY && y1 > minY,
    );
    if (candidates.length === 0) continue;
    const frame = frameFor(parts[i]!);
    const shape = toFlatShape(parts[i]!, frame);
    for (const j of candidates) {
      const area = intersectionArea(shape, toFlatShape(parts[j]!, frame));
      if (area <= tolerance) continue;
      const [a, b] = [zones[i]!.code, zones[j]!.code].sort();
      pairs.push({ a: a!, b: b!, areaM2: round2(area), issue: geoIssue('geo.zonesOverlap', { code: a!, otherCode: b!, areaM2: round2(area) }) });
    }
  }
  return pairs.sort((p, q) => (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
}

function shapes(child: MultiPolygonCoords, parent: MultiPolygonCoords): [FlatShape, FlatShape] {
  const frame = frameFor(child);
  return [toFlatShape(child, frame), toFlatShape(parent, frame)];
}

/**
 * `geo.notInsideParent` when more than the tolerance of the child's area lies outside the parent
 * (a micro-grid outside its grid). Sharing the parent's border is fine.
 */
export function checkInsideParent(
  child: ZoneShape,
  parent: ZoneShape,
  options: AreaToleranceOptions = {},
): GeoIssue | null {
  const tolerance = options.areaToleranceM2 ?? DEFAULT_AREA_TOLERANCE_M2;
  const [c, p] = shapes(toParts(child.polygon), toParts(parent.polygon));
  const outside = c.area - intersectionArea(c, p);
  if (outside <= tolerance) return null;
  return geoIssue('geo.notInsideParent', { code: child.code, parentCode: parent.code, outsideM2: round2(outside) });
}

/** `checkInsideParent` for every zone whose `parentCode` names another zone of the list. */
export function findNotInsideParent(
  zones: readonly (ZoneShape & { parentCode: string | null })[],
  options: AreaToleranceOptions = {},
): GeoIssue[] {
  const byCode = new Map(zones.map((z) => [z.code, z] as const));
  const issues: GeoIssue[] = [];
  for (const zone of zones) {
    const parent = zone.parentCode === null ? undefined : byCode.get(zone.parentCode);
    if (!parent) continue;
    const issue = checkInsideParent(zone, parent, options);
    if (issue) issues.push(issue);
  }
  return issues;
}

import { checkPosition } from './crs.ts';
import { geoIssue, roundCoord, type GeoIssue } from './issues.ts';
import { EDGE_EPS_M, intersectionArea } from './overlap-area.ts';
import { ringSignedArea } from './planar.ts';
import { dedupeRing, ringSelfIntersection } from './self-intersection.ts';
import { frameFor, projectRing, toFlatShape, type LocalFrame, type MultiPolygonCoords } from './shape.ts';

/** Rings smaller than this (m²) are treated as having no area: one square decimetre. */
export const ZERO_AREA_M2 = 0.01;
/** Default slack (m²) for "overlaps" and "lies inside": ignores slivers from separate digitising. */
export const DEFAULT_AREA_TOLERANCE_M2 = 1;

export interface ValidateOptions {
  areaToleranceM2?: number;
}

/**
 * Checks GeoJSON Polygon or MultiPolygon `coordinates` as they arrive in an import (so typed
 * `unknown`). Part, ring and position numbers in the issues are 1-based, as shown to users; ring 1 of
 * a part is its shell, the others are holes. An empty list means the polygon is usable.
 */
export function validatePolygon(coordinates: unknown, options: ValidateOptions = {}): GeoIssue[] {
  const tolerance = options.areaToleranceM2 ?? DEFAULT_AREA_TOLERANCE_M2;
  const parsed = parseStructure(coordinates);
  if ('issue' in parsed) return [parsed.issue];
  const parts = parsed.parts;
  const issues: GeoIssue[] = [];
  const usable = parts.map((part, p) => part.map((ring, r) => checkRing(ring, p + 1, r + 1, issues)));
  const frame = frameFor(parts.map((part) => [part[0] ?? []]).filter((_, p) => usable[p]?.[0]));

  const goodParts: number[] = [];
  parts.forEach((part, p) => {
    if (!usable[p]?.[0]) return;
    const shell = toFlatShape([[part[0]!]], frame);
    part.forEach((hole, r) => {
      if (r === 0 || !usable[p]?.[r]) return;
      const h = toFlatShape([[hole]], frame);
      if (h.area - intersectionArea(h, shell) > tolerance) {
        issues.push(geoIssue('geo.holeOutsideShell', { part: p + 1, ring: r + 1 }));
      }
    });
    goodParts.push(p);
  });

  const shapes = goodParts.map((p) => toFlatShape([parts[p]!], frame));
  for (let i = 0; i < shapes.length; i++) {
    for (let j = i + 1; j < shapes.length; j++) {
      const area = intersectionArea(shapes[i]!, shapes[j]!);
      if (area > tolerance) {
        issues.push(geoIssue('geo.partsOverlap', { part: goodParts[i]! + 1, otherPart: goodParts[j]! + 1, areaM2: round2(area) }));
      }
    }
  }
  return issues;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Range, closure, length, area and simplicity of one ring; true when the ring can be used further. */
function checkRing(ring: number[][], part: number, ringNo: number, issues: GeoIssue[]): boolean {
  for (let i = 0; i < ring.length; i++) {
    const [lng, lat] = ring[i]!;
    const bad = checkPosition(lng!, lat!);
    if (bad) {
      issues.push(geoIssue(bad.code, { ...bad.params, part, ring: ringNo, position: i + 1 }));
      return false;
    }
  }
  let ok = true;
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
    issues.push(geoIssue('geo.ringNotClosed', { part, ring: ringNo }));
    ok = false;
  }
  if (ring.length < 4) {
    issues.push(geoIssue('geo.ringTooShort', { part, ring: ringNo, count: ring.length }));
    return false;
  }
  const frame = frameFor([[ring]]);
  const xy = dedupeRing(projectRing(ring, frame), EDGE_EPS_M);
  // a flat ring would also "cross itself" (it runs back over its own edges); call it what it is
  if (isFlat(xy)) {
    issues.push(geoIssue('geo.ringZeroArea', { part, ring: ringNo }));
    return false;
  }
  const hit = ringSelfIntersection(xy, EDGE_EPS_M);
  if (hit) {
    const [lng, lat] = unproject(hit, frame);
    issues.push(geoIssue('geo.ringSelfIntersects', { part, ring: ringNo, lng, lat }));
    return false;
  }
  if (Math.abs(ringSignedArea(xy, 0, xy.length / 2)) < ZERO_AREA_M2) {
    issues.push(geoIssue('geo.ringZeroArea', { part, ring: ringNo }));
    return false;
  }
  return ok;
}

/** All vertices within a millimetre of one straight line (or of one point). */
function isFlat(xy: Float64Array): boolean {
  const n = xy.length / 2;
  if (n < 3) return true;
  const x0 = xy[0]!;
  const y0 = xy[1]!;
  let far = 0;
  let farD2 = 0;
  for (let i = 1; i < n; i++) {
    const d2 = (xy[2 * i]! - x0) ** 2 + (xy[2 * i + 1]! - y0) ** 2;
    if (d2 > farD2) {
      farD2 = d2;
      far = i;
    }
  }
  if (farD2 < 1e-6) return true;
  const ux = xy[2 * far]! - x0;
  const uy = xy[2 * far + 1]! - y0;
  const len = Math.sqrt(farD2);
  for (let i = 1; i < n; i++) {
    if (Math.abs(ux * (xy[2 * i + 1]! - y0) - uy * (xy[2 * i]! - x0)) / len > 1e-3) return false;
  }
  return true;
}

function unproject([x, y]: [number, number], frame: LocalFrame): [number, number] {
  return [roundCoord(frame.lng0 + x / frame.kx), roundCoord(frame.lat0 + y / frame.ky)];
}

type Parsed = { parts: MultiPolygonCoords } | { issue: GeoIssue };

function structureIssue(path: string): { issue: GeoIssue } {
  return { issue: geoIssue('geo.invalidStructure', { path }) };
}

/** Shape checks only: arrays of the right depth ending in [number, number, ...]. */
function parseStructure(coordinates: unknown): Parsed {
  if (!Array.isArray(coordinates) || coordinates.length === 0) return structureIssue('coordinates');
  const multi = Array.isArray(coordinates[0]?.[0]?.[0]);
  const parts: unknown[] = multi ? coordinates : [coordinates];
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    const partPath = multi ? `coordinates[${p}]` : 'coordinates';
    if (!Array.isArray(part) || part.length === 0) return structureIssue(partPath);
    for (let r = 0; r < part.length; r++) {
      const ring: unknown = part[r];
      if (!Array.isArray(ring) || ring.length === 0) return structureIssue(`${partPath}[${r}]`);
      for (let i = 0; i < ring.length; i++) {
        const pos: unknown = ring[i];
        if (!Array.isArray(pos) || pos.length < 2 || typeof pos[0] !== 'number' || typeof pos[1] !== 'number') {
          return structureIssue(`${partPath}[${r}][${i}]`);
        }
      }
    }
  }
  return { parts: parts as MultiPolygonCoords };
}

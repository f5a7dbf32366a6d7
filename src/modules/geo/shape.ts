import { METRES_PER_DEGREE, ringSignedArea } from './planar.ts';

/** GeoJSON `Polygon.coordinates`: rings of [lng, lat], the first the shell, the others holes. */
export type PolygonCoords = number[][][];
/** GeoJSON `MultiPolygon.coordinates`. */
export type MultiPolygonCoords = number[][][][];
export type AnyPolygonCoords = PolygonCoords | MultiPolygonCoords;

export function isMultiPolygon(coords: AnyPolygonCoords): coords is MultiPolygonCoords {
  const first = coords[0]?.[0]?.[0];
  return Array.isArray(first);
}

/** Every polygon as a list of parts, so callers handle Polygon and MultiPolygon alike. */
export function toParts(coords: AnyPolygonCoords): MultiPolygonCoords {
  return isMultiPolygon(coords) ? coords : [coords];
}

/**
 * Local equirectangular projection in metres around (lng0, lat0). Over the few kilometres a polygon
 * or a nearest-grid search spans, its distance error stays well under 0.5 %.
 */
export interface LocalFrame {
  lng0: number;
  lat0: number;
  kx: number;
  ky: number;
}

export function localFrame(lng0: number, lat0: number): LocalFrame {
  return { lng0, lat0, kx: METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180), ky: METRES_PER_DEGREE };
}

/** One polygon in local metres, rings open, shells counter-clockwise and holes clockwise. */
export interface FlatShape {
  xy: Float64Array;
  ringStart: Uint32Array;
  /** area in m² (shells minus holes) */
  area: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Positions of a ring without its closing duplicate. */
export function openLength(ring: number[][]): number {
  const n = ring.length;
  if (n > 1) {
    const a = ring[0]!;
    const b = ring[n - 1]!;
    if (a[0] === b[0] && a[1] === b[1]) return n - 1;
  }
  return n;
}

export function bboxOfParts(parts: MultiPolygonCoords): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const part of parts) {
    for (const p of part[0] ?? []) {
      const x = p[0]!;
      const y = p[1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Frame centred on the polygons' bounding box, shared by shapes that are compared with each other. */
export function frameFor(...shapes: MultiPolygonCoords[]): LocalFrame {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const parts of shapes) {
    const b = bboxOfParts(parts);
    minX = Math.min(minX, b[0]);
    minY = Math.min(minY, b[1]);
    maxX = Math.max(maxX, b[2]);
    maxY = Math.max(maxY, b[3]);
  }
  return localFrame((minX + maxX) / 2, (minY + maxY) / 2);
}

/** Projects one ring into metres; the closing duplicate (if any) is dropped. */
export function projectRing(ring: number[][], frame: LocalFrame): Float64Array {
  const n = openLength(ring);
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const p = ring[i]!;
    out[2 * i] = (p[0]! - frame.lng0) * frame.kx;
    out[2 * i + 1] = (p[1]! - frame.lat0) * frame.ky;
  }
  return out;
}

export function toFlatShape(parts: MultiPolygonCoords, frame: LocalFrame): FlatShape {
  const rings: Float64Array[] = [];
  const holes: boolean[] = [];
  for (const part of parts) {
    part.forEach((ring, i) => {
      rings.push(projectRing(ring, frame));
      holes.push(i > 0);
    });
  }
  let total = 0;
  for (const r of rings) total += r.length;
  const xy = new Float64Array(total);
  const ringStart = new Uint32Array(rings.length + 1);
  let offset = 0;
  let area = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  rings.forEach((ring, r) => {
    const n = ring.length / 2;
    ringStart[r] = offset;
    const signed = ringSignedArea(ring, 0, n);
    // Green's theorem needs each ring in its positive orientation: shells CCW, holes CW
    const flip = holes[r] ? signed > 0 : signed < 0;
    for (let i = 0; i < n; i++) {
      const src = flip ? n - 1 - i : i;
      const x = ring[2 * src]!;
      const y = ring[2 * src + 1]!;
      xy[2 * (offset + i)] = x;
      xy[2 * (offset + i) + 1] = y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    area += holes[r] ? -Math.abs(signed) : Math.abs(signed);
    offset += n;
  });
  ringStart[rings.length] = offset;
  return { xy, ringStart, area, minX, minY, maxX, maxY };
}

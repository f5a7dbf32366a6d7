/**
 * Plane geometry over flat coordinate buffers. Rings are stored open (no repeated closing vertex):
 * ring r spans vertices ringStart[r] .. ringStart[r + 1] - 1 of `xy` (x at 2i, y at 2i + 1).
 */
export const OUTSIDE = 0;
export const INSIDE = 1;
export const BOUNDARY = 2;
export type PointClass = typeof OUTSIDE | typeof INSIDE | typeof BOUNDARY;

/** Mean Earth radius (IUGG), the one haversine and the local projection both use. */
export const EARTH_RADIUS_M = 6_371_008.8;
export const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;

/**
 * Even-odd point-in-polygon over all rings of one polygon (holes and MultiPolygon parts included,
 * which is correct for valid geometry), reporting points within `eps` of any edge as BOUNDARY.
 */
export function classifyPoint(
  xy: Float64Array,
  ringStart: Uint32Array,
  r0: number,
  r1: number,
  x: number,
  y: number,
  eps: number,
): PointClass {
  let inside = false;
  const eps2 = eps * eps;
  for (let r = r0; r < r1; r++) {
    const s = ringStart[r]! * 2;
    const e = ringStart[r + 1]! * 2;
    if (e - s < 2) continue;
    let jx = xy[e - 2]!;
    let jy = xy[e - 1]!;
    for (let k = s; k < e; k += 2) {
      const ix = xy[k]!;
      const iy = xy[k + 1]!;
      if (
        (y <= iy + eps || y <= jy + eps) &&
        (y >= iy - eps || y >= jy - eps) &&
        (x <= ix + eps || x <= jx + eps) &&
        (x >= ix - eps || x >= jx - eps) &&
        segmentDistance2(x, y, ix, iy, jx, jy) <= eps2
      ) {
        return BOUNDARY;
      }
      if (iy > y !== jy > y && x < ix + ((y - iy) * (jx - ix)) / (jy - iy)) inside = !inside;
      jx = ix;
      jy = iy;
    }
  }
  return inside ? INSIDE : OUTSIDE;
}

/** Squared distance from (x, y) to segment a-b. */
export function segmentDistance2(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const ex = ax + t * dx - x;
  const ey = ay + t * dy - y;
  return ex * ex + ey * ey;
}

/** Shoelace area of one ring, positive when counter-clockwise (x east, y north). */
export function ringSignedArea(xy: Float64Array, startVertex: number, endVertex: number): number {
  const s = startVertex * 2;
  const e = endVertex * 2;
  if (e - s < 6) return 0;
  // relative to the first vertex, so large absolute coordinates do not eat the precision
  const ox = xy[s]!;
  const oy = xy[s + 1]!;
  let sum = 0;
  let jx = xy[e - 2]! - ox;
  let jy = xy[e - 1]! - oy;
  for (let k = s; k < e; k += 2) {
    const ix = xy[k]! - ox;
    const iy = xy[k + 1]! - oy;
    sum += jx * iy - ix * jy;
    jx = ix;
    jy = iy;
  }
  return sum / 2;
}

export function cross(ax: number, ay: number, bx: number, by: number): number {
  return ax * by - ay * bx;
}

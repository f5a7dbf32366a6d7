import { BOUNDARY, INSIDE, classifyPoint, cross, segmentDistance2 } from './planar.ts';
import type { FlatShape } from './shape.ts';

/** Within this distance (metres) a point counts as lying on an edge: 0.1 mm, far below survey noise. */
export const EDGE_EPS_M = 1e-4;

/**
 * Area (m²) of the intersection of two polygons, by Green's theorem: the boundary of A ∩ B is the
 * part of A's boundary inside B, the part of B's boundary inside A, and the stretches they share
 * running the same way. Shared stretches running opposite ways (two neighbours with a common edge)
 * enclose nothing, so tiling polygons give exactly 0 and slivers from digitising give tiny areas
 * that a tolerance can ignore. O(nA · nB), meant for candidate pairs of ordinary polygons.
 */
export function intersectionArea(a: FlatShape, b: FlatShape): number {
  if (a.maxX < b.minX || b.maxX < a.minX || a.maxY < b.minY || b.maxY < a.minY) return 0;
  const sum = boundaryInside(a, b, true) + boundaryInside(b, a, false);
  return Math.max(0, sum / 2);
}

/** Sum of x·dy − y·dx over the pieces of `a`'s boundary that lie inside `b`. */
function boundaryInside(a: FlatShape, b: FlatShape, countShared: boolean): number {
  const ts: number[] = [];
  let sum = 0;
  const ra = a.ringStart.length - 1;
  const rb = b.ringStart.length - 1;
  for (let r = 0; r < ra; r++) {
    const s = a.ringStart[r]!;
    const e = a.ringStart[r + 1]!;
    for (let i = s; i < e; i++) {
      const j = i + 1 < e ? i + 1 : s;
      const px = a.xy[2 * i]!;
      const py = a.xy[2 * i + 1]!;
      const qx = a.xy[2 * j]!;
      const qy = a.xy[2 * j + 1]!;
      const eMinX = Math.min(px, qx) - EDGE_EPS_M;
      const eMaxX = Math.max(px, qx) + EDGE_EPS_M;
      const eMinY = Math.min(py, qy) - EDGE_EPS_M;
      const eMaxY = Math.max(py, qy) + EDGE_EPS_M;
      if (eMaxX < b.minX || eMinX > b.maxX || eMaxY < b.minY || eMinY > b.maxY) continue;
      ts.length = 0;
      ts.push(0, 1);
      splitByShape(px, py, qx, qy, eMinX, eMinY, eMaxX, eMaxY, b, ts);
      ts.sort((u, v) => u - v);
      const dx = qx - px;
      const dy = qy - py;
      for (let k = 0; k + 1 < ts.length; k++) {
        const t0 = ts[k]!;
        const t1 = ts[k + 1]!;
        if (t1 - t0 < 1e-12) continue;
        const mid = (t0 + t1) / 2;
        const mx = px + mid * dx;
        const my = py + mid * dy;
        const where = classifyPoint(b.xy, b.ringStart, 0, rb, mx, my, EDGE_EPS_M);
        if (where === INSIDE || (where === BOUNDARY && countShared && sameDirection(b, mx, my, dx, dy))) {
          const x0 = px + t0 * dx;
          const y0 = py + t0 * dy;
          const x1 = px + t1 * dx;
          const y1 = py + t1 * dy;
          sum += cross(x0, y0, x1, y1);
        }
      }
    }
  }
  return sum;
}

/** Adds the parameters along p→q where edges of `b` cross or touch it (or where collinear ones end). */
function splitByShape(
  px: number, py: number, qx: number, qy: number,
  eMinX: number, eMinY: number, eMaxX: number, eMaxY: number,
  b: FlatShape, ts: number[],
): void {
  const rx = qx - px;
  const ry = qy - py;
  const rLen2 = rx * rx + ry * ry;
  if (rLen2 === 0) return;
  const rLen = Math.sqrt(rLen2);
  const rb = b.ringStart.length - 1;
  for (let r = 0; r < rb; r++) {
    const s = b.ringStart[r]!;
    const e = b.ringStart[r + 1]!;
    for (let i = s; i < e; i++) {
      const j = i + 1 < e ? i + 1 : s;
      const cx = b.xy[2 * i]!;
      const cy = b.xy[2 * i + 1]!;
      const dx = b.xy[2 * j]!;
      const dy = b.xy[2 * j + 1]!;
      if ((cx < eMinX && dx < eMinX) || (cx > eMaxX && dx > eMaxX)) continue;
      if ((cy < eMinY && dy < eMinY) || (cy > eMaxY && dy > eMaxY)) continue;
      const sx = dx - cx;
      const sy = dy - cy;
      const sLen = Math.hypot(sx, sy);
      if (sLen === 0) continue;
      const denom = cross(rx, ry, sx, sy);
      const wx = cx - px;
      const wy = cy - py;
      if (Math.abs(denom) > 1e-12 * rLen * sLen) {
        const t = cross(wx, wy, sx, sy) / denom;
        const u = cross(wx, wy, rx, ry) / denom;
        const tEps = EDGE_EPS_M / rLen;
        const uEps = EDGE_EPS_M / sLen;
        if (t > -tEps && t < 1 + tEps && u > -uEps && u < 1 + uEps) ts.push(Math.min(1, Math.max(0, t)));
      } else if (segmentDistance2(cx, cy, px, py, qx, qy) <= EDGE_EPS_M * EDGE_EPS_M ||
                 segmentDistance2(dx, dy, px, py, qx, qy) <= EDGE_EPS_M * EDGE_EPS_M) {
        // collinear: the ends of the shared stretch split the edge
        const tc = (wx * rx + wy * ry) / rLen2;
        const td = ((dx - px) * rx + (dy - py) * ry) / rLen2;
        if (tc > 0 && tc < 1) ts.push(tc);
        if (td > 0 && td < 1) ts.push(td);
      }
    }
  }
}

/** Whether the edge of `b` under point (x, y) runs the same way as direction (dx, dy). */
function sameDirection(b: FlatShape, x: number, y: number, dx: number, dy: number): boolean {
  const eps2 = EDGE_EPS_M * EDGE_EPS_M;
  const rb = b.ringStart.length - 1;
  for (let r = 0; r < rb; r++) {
    const s = b.ringStart[r]!;
    const e = b.ringStart[r + 1]!;
    for (let i = s; i < e; i++) {
      const j = i + 1 < e ? i + 1 : s;
      const cx = b.xy[2 * i]!;
      const cy = b.xy[2 * i + 1]!;
      const ex = b.xy[2 * j]!;
      const ey = b.xy[2 * j + 1]!;
      if (segmentDistance2(x, y, cx, cy, ex, ey) <= eps2) return (ex - cx) * dx + (ey - cy) * dy > 0;
    }
  }
  return false;
}

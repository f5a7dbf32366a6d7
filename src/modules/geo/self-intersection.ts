import { cross, segmentDistance2 } from './planar.ts';

/** Drops consecutive repeated vertices (common in exported data and harmless). */
export function dedupeRing(xy: Float64Array, eps: number): Float64Array {
  const n = xy.length / 2;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    const m = out.length;
    if (m >= 2 && Math.abs(out[m - 2]! - x) <= eps && Math.abs(out[m - 1]! - y) <= eps) continue;
    out.push(x, y);
  }
  while (out.length >= 4 && Math.abs(out[0]! - out[out.length - 2]!) <= eps && Math.abs(out[1]! - out[out.length - 1]!) <= eps) {
    out.length -= 2;
  }
  return Float64Array.from(out);
}

/**
 * First place where an open ring (local metres, no repeated vertices) touches or crosses itself, or
 * null. Edges that follow each other may only share their common vertex; folding back onto each other
 * (a spike) counts as a crossing. A sweep over edges sorted by min x keeps this near O(n log n).
 */
export function ringSelfIntersection(xy: Float64Array, eps: number): [number, number] | null {
  const n = xy.length / 2;
  if (n < 3) return null;
  const minX = new Float64Array(n);
  const maxX = new Float64Array(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    minX[i] = Math.min(xy[2 * i]!, xy[2 * j]!);
    maxX[i] = Math.max(xy[2 * i]!, xy[2 * j]!);
    order[i] = i;
  }
  order.sort((a, b) => minX[a]! - minX[b]!);
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi]!;
    for (let oj = oi + 1; oj < n; oj++) {
      const j = order[oj]!;
      if (minX[j]! > maxX[i]! + eps) break;
      const hit = edgePairHit(xy, n, Math.min(i, j), Math.max(i, j), eps);
      if (hit) return hit;
    }
  }
  return null;
}

function edgePairHit(xy: Float64Array, n: number, i: number, j: number, eps: number): [number, number] | null {
  const ax = xy[2 * i]!;
  const ay = xy[2 * i + 1]!;
  const bx = xy[2 * ((i + 1) % n)]!;
  const by = xy[2 * ((i + 1) % n) + 1]!;
  const cx = xy[2 * j]!;
  const cy = xy[2 * j + 1]!;
  const dx = xy[2 * ((j + 1) % n)]!;
  const dy = xy[2 * ((j + 1) % n) + 1]!;
  if (Math.max(ay, by) + eps < Math.min(cy, dy) || Math.max(cy, dy) + eps < Math.min(ay, by)) return null;
  const eps2 = eps * eps;
  if (j === i + 1) return foldsBack(bx, by, ax, ay, dx, dy, eps2) ? [bx, by] : null; // share b = c
  if (i === 0 && j === n - 1) return foldsBack(ax, ay, bx, by, cx, cy, eps2) ? [ax, ay] : null; // share a = d
  const d1 = cross(bx - ax, by - ay, cx - ax, cy - ay);
  const d2 = cross(bx - ax, by - ay, dx - ax, dy - ay);
  const d3 = cross(dx - cx, dy - cy, ax - cx, ay - cy);
  const d4 = cross(dx - cx, dy - cy, bx - cx, by - cy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    const t = d3 / (d3 - d4);
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  }
  // touching (a vertex on the other edge, or collinear overlap) is not simple either
  if (segmentDistance2(cx, cy, ax, ay, bx, by) <= eps2) return [cx, cy];
  if (segmentDistance2(dx, dy, ax, ay, bx, by) <= eps2) return [dx, dy];
  if (segmentDistance2(ax, ay, cx, cy, dx, dy) <= eps2) return [ax, ay];
  if (segmentDistance2(bx, by, cx, cy, dx, dy) <= eps2) return [bx, by];
  return null;
}

/** Two edges leaving the shared vertex v towards p and q overlap when p or q lies on the other edge. */
function foldsBack(vx: number, vy: number, px: number, py: number, qx: number, qy: number, eps2: number): boolean {
  const pLen2 = (px - vx) ** 2 + (py - vy) ** 2;
  const qLen2 = (qx - vx) ** 2 + (qy - vy) ** 2;
  if (pLen2 <= qLen2) return segmentDistance2(px, py, vx, vy, qx, qy) <= eps2;
  return segmentDistance2(qx, qy, vx, vy, px, py) <= eps2;
}

/**
 * Demo polygons live in a unit square (u east, v north) mapped onto a skewed quadrilateral around
 * 硖石街道 by a bilinear map. Iso-lines of a bilinear map are straight, so an axis-aligned rectangle in
 * (u, v) maps to the quadrilateral of its four mapped corners: rectangles that tile in (u, v) tile on the
 * map too, with shared edges and no overlap, and a point strictly inside a rectangle stays inside.
 */
export interface UvRect {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
}

type LngLat = [number, number];

/** WGS-84 corners of the demo street, counter-clockwise from south-west. */
const corners: { sw: LngLat; se: LngLat; ne: LngLat; nw: LngLat } = {
  sw: [120.6755, 30.5015],
  se: [120.7235, 30.4990],
  ne: [120.7265, 30.5385],
  nw: [120.6790, 30.5410],
};

/** Metres per unit of u and v, to split rectangles along their physically longer side. */
export const metresPerU = 0.048 * 96_000;
export const metresPerV = 0.0395 * 111_000;

export function toLngLat(u: number, v: number): LngLat {
  const { sw, se, ne, nw } = corners;
  const a = (1 - u) * (1 - v);
  const b = u * (1 - v);
  const c = u * v;
  const d = (1 - u) * v;
  return [a * sw[0] + b * se[0] + c * ne[0] + d * nw[0], a * sw[1] + b * se[1] + c * ne[1] + d * nw[1]];
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A closed counter-clockwise ring (GeoJSON Polygon coordinates), rounded to 1e-7° (about 1 cm). */
export function rectPolygon(r: UvRect): number[][][] {
  const ring = [
    toLngLat(r.u0, r.v0),
    toLngLat(r.u1, r.v0),
    toLngLat(r.u1, r.v1),
    toLngLat(r.u0, r.v1),
  ].map(([x, y]) => [round(x, 7), round(y, 7)]);
  ring.push([...ring[0]!]);
  return [ring];
}

export function pointAt(u: number, v: number): { lng: number; lat: number } {
  const [lng, lat] = toLngLat(u, v);
  return { lng: round(lng, 6), lat: round(lat, 6) };
}

/**
 * Splits a rectangle into one piece per weight, areas proportional to weights, keeping order
 * (neighbours in the list end up neighbours on the map), cutting the longer side each time.
 */
export function treemap(rect: UvRect, weights: readonly number[]): UvRect[] {
  if (weights.length === 0) return [];
  if (weights.length === 1) return [rect];
  const total = weights.reduce((s, w) => s + w, 0);
  let acc = 0;
  let k = 1;
  let best = Infinity;
  for (let i = 1; i < weights.length; i++) {
    acc += weights[i - 1]!;
    const gap = Math.abs(acc - total / 2);
    if (gap < best) {
      best = gap;
      k = i;
    }
  }
  const left = weights.slice(0, k);
  const share = left.reduce((s, w) => s + w, 0) / total;
  const wide = (rect.u1 - rect.u0) * metresPerU >= (rect.v1 - rect.v0) * metresPerV;
  let a: UvRect;
  let b: UvRect;
  if (wide) {
    const cut = rect.u0 + (rect.u1 - rect.u0) * share;
    a = { ...rect, u1: cut };
    b = { ...rect, u0: cut };
  } else {
    // Lists run north to south, the way a map is read.
    const cut = rect.v1 - (rect.v1 - rect.v0) * share;
    a = { ...rect, v0: cut };
    b = { ...rect, v1: cut };
  }
  return [...treemap(a, left), ...treemap(b, weights.slice(k))];
}

/**
 * Points for n buildings on a jittered lattice inside a rectangle. Each stays at least a third of a
 * lattice cell from the cell's edge, so it is well inside the rectangle even after rounding.
 */
export function latticePoints(rect: UvRect, n: number, jitter: () => number): { u: number; v: number }[] {
  const w = (rect.u1 - rect.u0) * metresPerU;
  const h = (rect.v1 - rect.v0) * metresPerV;
  const cols = Math.max(1, Math.min(n, Math.round(Math.sqrt((n * w) / h))));
  const rows = Math.ceil(n / cols);
  const points: { u: number; v: number }[] = [];
  for (let i = 0; i < n; i++) {
    const col = i % cols;
    const row = Math.floor(i / cols);
    const fu = (col + 0.5 + (jitter() - 0.5) * 0.3) / cols;
    const fv = 1 - (row + 0.5 + (jitter() - 0.5) * 0.3) / rows;
    points.push({ u: rect.u0 + (rect.u1 - rect.u0) * fu, v: rect.v0 + (rect.v1 - rect.v0) * fv });
  }
  return points;
}

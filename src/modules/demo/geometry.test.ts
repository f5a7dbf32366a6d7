import assert from 'node:assert/strict';
import { test } from 'node:test';
import { treemap } from './geometry.ts';
import { type DemoUnit, generateDemo } from './index.ts';

type Ring = number[][];
const data = generateDemo();
const ringOf = (u: DemoUnit): Ring => u.polygon![0]!;

function area(ring: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}

/** Ray casting; true strictly inside (points within eps of an edge count as outside; a negative eps skips that test). */
function inside(ring: Ring, x: number, y: number, eps = 1e-9): boolean {
  let odd = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    const cross = (xj - xi) * (y - yi) - (yj - yi) * (x - xi);
    const len = Math.hypot(xj - xi, yj - yi);
    const onSegment = Math.abs(cross) / len < eps && x >= Math.min(xi, xj) - eps && x <= Math.max(xi, xj) + eps && y >= Math.min(yi, yj) - eps && y <= Math.max(yi, yj) + eps;
    if (onSegment) return false;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

function insideOrOn(ring: Ring, x: number, y: number): boolean {
  return inside(ring, x, y, -1) || distanceToRing(ring, x, y) < 1e-6;
}

function distanceToRing(ring: Ring, x: number, y: number): number {
  let best = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [ax, ay] = ring[i] as [number, number];
    const [bx, by] = ring[i + 1] as [number, number];
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    best = Math.min(best, Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))));
  }
  return best;
}

const centroid = (ring: Ring): [number, number] => {
  const pts = ring.slice(0, -1);
  return [pts.reduce((s, p) => s + p[0]!, 0) / pts.length, pts.reduce((s, p) => s + p[1]!, 0) / pts.length];
};
const children = (code: string) => data.units.filter((u) => u.parentCode === code);

test('the point-in-polygon helper works', () => {
  const square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
  assert.ok(inside(square, 0.5, 0.5));
  assert.ok(!inside(square, 1.5, 0.5));
  assert.ok(!inside(square, 1, 0.5));
  assert.ok(insideOrOn(square, 1, 0.5));
});

test('treemap splits areas in proportion and keeps order', () => {
  const parts = treemap({ u0: 0, v0: 0, u1: 1, v1: 1 }, [1, 2, 3, 4]);
  const areas = parts.map((r) => (r.u1 - r.u0) * (r.v1 - r.v0));
  areas.forEach((a, i) => assert.ok(Math.abs(a - (i + 1) / 10) < 1e-12));
});

test('polygons are closed, simple, counter-clockwise rings near 硖石街道', () => {
  const withPolygon = data.units.filter((u) => u.kind === 'community' || u.kind === 'grid' || u.kind === 'microGrid');
  for (const u of withPolygon) {
    const ring = ringOf(u);
    assert.ok(ring.length >= 4, u.code);
    assert.deepEqual(ring[0], ring[ring.length - 1], `${u.code} not closed`);
    assert.ok(area(ring) > 0, `${u.code} not counter-clockwise`);
    for (const [lng, lat] of ring as [number, number][]) {
      assert.ok(lng > 120.67 && lng < 120.73 && lat > 30.49 && lat < 30.55, u.code);
    }
    // Convex quadrilaterals: every turn is to the left, so the ring cannot cross itself.
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      const c = ring[(i + 2) % (ring.length - 1)]!;
      assert.ok((b[0]! - a[0]!) * (c[1]! - b[1]!) - (b[1]! - a[1]!) * (c[0]! - b[0]!) > 0, u.code);
    }
  }
});

test('every building lies inside its micro-grid', () => {
  const units = new Map(data.units.map((u) => [u.code, u]));
  for (const b of data.buildings) assert.ok(inside(ringOf(units.get(b.microGridCode)!), b.lng, b.lat), b.code);
});

test('children tile their parent: inside it, areas add up, no two overlap', () => {
  const parents = data.units.filter((u) => u.kind === 'community' || u.kind === 'grid');
  for (const parent of parents) {
    const kids = children(parent.code);
    assert.ok(kids.length > 0, parent.code);
    const outer = ringOf(parent);
    for (const k of kids) for (const [x, y] of ringOf(k) as [number, number][]) assert.ok(insideOrOn(outer, x, y), `${k.code} leaves ${parent.code}`);
    const sum = kids.reduce((s, k) => s + area(ringOf(k)), 0);
    // Vertices are rounded to 1e-7° (about 1 cm), so the areas agree to that precision, not exactly.
    assert.ok(Math.abs(sum - area(outer)) / area(outer) < 1e-4, `${parent.code}: ${sum} vs ${area(outer)}`);
    for (const a of kids) {
      const [cx, cy] = centroid(ringOf(a));
      for (const b of kids) {
        if (a === b) continue;
        assert.ok(!inside(ringOf(b), cx, cy), `${a.code} overlaps ${b.code}`);
        for (const [x, y] of ringOf(a) as [number, number][]) assert.ok(!inside(ringOf(b), x, y, 1e-7), `${a.code} corner in ${b.code}`);
      }
    }
  }
});

test('communities do not overlap one another', () => {
  const cs = data.units.filter((u) => u.kind === 'community');
  for (const a of cs) for (const b of cs) {
    if (a === b) continue;
    for (const [x, y] of ringOf(a) as [number, number][]) assert.ok(!insideOrOn(ringOf(b), x, y), `${a.code} / ${b.code}`);
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import gcoord from 'gcoord';
import { GeoError } from './issues.ts';
import { LocateIndex, type Zone } from './locate-index.ts';
import { METRES_PER_DEGREE } from './planar.ts';
import { rect, ring } from './testing.ts';

const D = 0.01;
const X = 120;
const Y = 30;
const grid = (code: string, polygon: Zone['polygon']): Zone => ({ code, kind: 'grid', parentCode: null, polygon });
const micro = (code: string, parentCode: string | null, polygon: Zone['polygon']): Zone => ({ code, kind: 'microGrid', parentCode, polygon });

/*
 * G1 [X, X+2D]×[Y, Y+2D]: M1a its left half, M1b its bottom-right quarter, top-right quarter uncovered.
 * G2 [X+2D, X+4D]×[Y, Y+2D]: M2a all of it minus a hole; M2s a small square overlapping M2a.
 * G3 a multipolygon of two triangles. G4 covered twice by identical M4a and M4b. G5, G6 have no
 * micro-grids and share an edge. M1x belongs to G1 but lies outside every grid.
 */
const zones: Zone[] = [
  grid('G1', rect(X, Y, X + 2 * D, Y + 2 * D)),
  micro('M1b', 'G1', rect(X + D, Y, X + 2 * D, Y + D)),
  micro('M1a', 'G1', rect(X, Y, X + D, Y + 2 * D)),
  grid('G2', rect(X + 2 * D, Y, X + 4 * D, Y + 2 * D)),
  micro('M2a', 'G2', [...rect(X + 2 * D, Y, X + 4 * D, Y + 2 * D), ...rect(X + 2.5 * D, Y + 0.5 * D, X + 3 * D, Y + D)]),
  micro('M2s', 'G2', rect(X + 3.2 * D, Y + 1.2 * D, X + 3.4 * D, Y + 1.4 * D)),
  grid('G3', [ring([X + 5 * D, Y], [X + 6 * D, Y], [X + 5 * D, Y + D]), ring([X + 7 * D, Y], [X + 8 * D, Y], [X + 7 * D, Y + D])]),
  grid('G4', rect(X + 10 * D, Y, X + 11 * D, Y + D)),
  micro('M4b', 'G4', rect(X + 10 * D, Y, X + 11 * D, Y + D)),
  micro('M4a', 'G4', rect(X + 10 * D, Y, X + 11 * D, Y + D)),
  grid('G5', rect(X + 11 * D, Y, X + 12 * D, Y + D)),
  grid('G6', rect(X + 12 * D, Y, X + 13 * D, Y + D)),
  micro('M1x', 'G1', rect(X - 2 * D, Y, X - D, Y + D)),
];
const index = new LocateIndex(zones);

describe('LocateIndex', () => {
  it('counts what it holds', () => {
    assert.deepEqual(index.size, { grids: 6, microGrids: 7, vertices: 13 * 4 + 4 + 2 });
    assert.ok(index.memoryBytes() > 13 * 4 * 16);
  });

  it('finds the micro-grid and its grid for an interior point', () => {
    assert.deepEqual(index.locate(X + 0.5 * D, Y + 1.5 * D), { status: 'inside', grid: 'G1', microGrid: 'M1a' });
    assert.deepEqual(index.locate(X + 1.5 * D, Y + 0.5 * D), { status: 'inside', grid: 'G1', microGrid: 'M1b' });
  });

  it('gives the grid alone where no micro-grid covers the point', () => {
    assert.deepEqual(index.locate(X + 1.5 * D, Y + 1.5 * D), { status: 'inside', grid: 'G1', microGrid: null });
  });

  it('on an edge shared by two micro-grids: smallest code, status border', () => {
    assert.deepEqual(index.locate(X + D, Y + 0.5 * D), { status: 'border', grid: 'G1', microGrid: 'M1a' });
  });

  it('on a shared vertex: smallest code, status border', () => {
    assert.deepEqual(index.locate(X + D, Y), { status: 'border', grid: 'G1', microGrid: 'M1a' });
    assert.deepEqual(index.locate(X + D, Y + D), { status: 'border', grid: 'G1', microGrid: 'M1a' });
  });

  it('on the edge or vertex of a single polygon: inside', () => {
    assert.deepEqual(index.locate(X, Y + 0.5 * D), { status: 'inside', grid: 'G1', microGrid: 'M1a' });
    assert.deepEqual(index.locate(X, Y), { status: 'inside', grid: 'G1', microGrid: 'M1a' });
    assert.deepEqual(index.locate(X + 2.5 * D, Y + 0.75 * D), { status: 'inside', grid: 'G2', microGrid: 'M2a' }, 'hole edge');
  });

  it('on an edge shared by two grids with no micro-grid: smallest grid code, status border', () => {
    assert.deepEqual(index.locate(X + 12 * D, Y + 0.5 * D), { status: 'border', grid: 'G5', microGrid: null });
    assert.deepEqual(index.locate(X + 2 * D, Y + 1.5 * D), { status: 'inside', grid: 'G2', microGrid: 'M2a' },
      'G1|G2 border, but only M2a has it as an edge');
  });

  it('in a hole of a micro-grid: the grid only', () => {
    assert.deepEqual(index.locate(X + 2.75 * D, Y + 0.75 * D), { status: 'inside', grid: 'G2', microGrid: null });
  });

  it('in either part of a multipolygon', () => {
    assert.deepEqual(index.locate(X + 5.2 * D, Y + 0.2 * D), { status: 'inside', grid: 'G3', microGrid: null });
    assert.deepEqual(index.locate(X + 7.2 * D, Y + 0.2 * D), { status: 'inside', grid: 'G3', microGrid: null });
    assert.equal(index.locate(X + 6.5 * D, Y + 0.2 * D).status, 'outside', 'between the parts');
  });

  it('overlap: the smallest polygon wins, then the smallest code', () => {
    assert.deepEqual(index.locate(X + 3.3 * D, Y + 1.3 * D), { status: 'inside', grid: 'G2', microGrid: 'M2s' });
    assert.deepEqual(index.locate(X + 10.5 * D, Y + 0.5 * D), { status: 'inside', grid: 'G4', microGrid: 'M4a' });
  });

  it('trusts a micro-grid lying outside its grid polygon', () => {
    assert.deepEqual(index.locate(X - 1.5 * D, Y + 0.5 * D), { status: 'inside', grid: 'G1', microGrid: 'M1x' });
  });

  it('outside every grid: the nearest grid within 2 km, by distance to its edges', () => {
    const r = index.locate(X + 0.5 * D, Y - 0.01);
    assert.equal(r.status, 'outside');
    assert.equal(r.grid, null);
    assert.equal(r.microGrid, null);
    assert.equal(r.nearestGrid?.code, 'G1');
    assert.ok(Math.abs(r.nearestGrid.distanceM - 0.01 * METRES_PER_DEGREE) < 0.5, String(r.nearestGrid.distanceM));
    // south-east of G1's corner: distance to the vertex, not to the box or the centre
    const c = index.locate(X - 0.001, Y - 0.001);
    const expected = Math.hypot(0.001 * METRES_PER_DEGREE * Math.cos((Y * Math.PI) / 180), 0.001 * METRES_PER_DEGREE);
    assert.equal(c.nearestGrid?.code, 'G1');
    assert.ok(Math.abs(c.nearestGrid.distanceM - expected) < 0.5);
  });

  it('outside and far away: no nearest grid; the radius is configurable', () => {
    assert.deepEqual(index.locate(X + 0.5 * D, Y - 0.05), { status: 'outside', grid: null, microGrid: null });
    const small = new LocateIndex(zones, { nearestGridRadiusM: 500 });
    assert.deepEqual(small.locate(X + 0.5 * D, Y - 0.01), { status: 'outside', grid: null, microGrid: null });
    assert.equal(small.locate(X + 0.5 * D, Y - 0.004).nearestGrid?.code, 'G1');
  });

  it('the nearest grid in the gap between two: the closer one', () => {
    const r = index.locate(X + 6.7 * D, Y + 0.8 * D);
    assert.equal(r.nearestGrid?.code, 'G3');
    const s = index.locate(X + 9.9 * D, Y + 0.5 * D);
    assert.equal(s.nearestGrid?.code, 'G4');
  });

  it('GCJ-02 and BD-09 input lands where the WGS-84 point does', () => {
    // ~100 m from M1a's east edge: the ~500 m GCJ-02/BD-09 offset, if ignored, would leave M1a
    const wgs: [number, number] = [X + 0.9 * D, Y + 1.5 * D];
    const expected = index.locate(...wgs);
    for (const crs of [gcoord.GCJ02, gcoord.BD09]) {
      const [lng, lat] = gcoord.transform(wgs, gcoord.WGS84, crs);
      assert.ok(Math.abs(lng - wgs[0]) > 1e-3, 'the offset is real');
      assert.deepEqual(index.locate(lng, lat, crs === gcoord.GCJ02 ? 'gcj02' : 'bd09'), expected);
      assert.notDeepEqual(index.locate(lng, lat), expected, 'read as WGS-84 the point would be elsewhere');
    }
  });

  it('rejects invalid coordinates with a code', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        if (e instanceof GeoError) return e.code;
      }
      return undefined;
    };
    assert.equal(code(() => index.locate(Number.NaN, Y)), 'geo.coordinateNotFinite');
    assert.equal(code(() => index.locate(X, 95)), 'geo.coordinateOutOfRange');
    assert.equal(code(() => index.locate(-181, Y, 'gcj02')), 'geo.coordinateOutOfRange');
  });

  it('refuses duplicate codes and broken polygons when building', () => {
    assert.throws(() => new LocateIndex([grid('G1', rect(X, Y, X + D, Y + D)), grid('G1', rect(X, Y, X + D, Y + D))]),
      (e: unknown) => e instanceof GeoError && e.code === 'geo.duplicateCode');
    assert.throws(() => new LocateIndex([grid('G1', [[[X, Y], [X, 200], [X + D, Y], [X, Y]]])]),
      (e: unknown) => e instanceof GeoError && e.code === 'geo.invalidStructure');
    assert.throws(() => new LocateIndex([grid('G1', [])]), (e: unknown) => e instanceof GeoError && e.code === 'geo.invalidStructure');
  });

  it('works empty and from any iterable', () => {
    assert.deepEqual(new LocateIndex([]).locate(X, Y), { status: 'outside', grid: null, microGrid: null });
    function* only(): Generator<Zone> {
      yield grid('G1', rect(X, Y, X + D, Y + D));
    }
    assert.equal(new LocateIndex(only()).locate(X + D / 2, Y + D / 2).grid, 'G1');
  });

  it('agrees with brute force on random points over a jittered tiling', () => {
    const n = 12;
    const v = (i: number, j: number): [number, number] => [
      X + i * D + (i % n && j % n ? 0.3 * D * Math.sin(i * 12.9898 + j * 78.233) : 0),
      Y + j * D + (i % n && j % n ? 0.3 * D * Math.sin(i * 39.3468 + j * 11.135) : 0),
    ];
    const cells: Zone[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) cells.push(micro(`c${i}-${j}`, 'T', ring(v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1))));
    }
    const tiled = new LocateIndex([grid('T', rect(X, Y, X + n * D, Y + n * D)), ...cells]);
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let k = 0; k < 2000; k++) {
      const x = X + rnd() * n * D;
      const y = Y + rnd() * n * D;
      const hits = cells.filter((c) => pointInRing(x, y, (c.polygon as number[][][])[0]!));
      const r = tiled.locate(x, y);
      assert.equal(r.grid, 'T');
      assert.equal(hits.length, 1);
      assert.equal(r.microGrid, hits[0]!.code);
    }
  });
});

function pointInRing(x: number, y: number, pts: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i] as [number, number];
    const [xj, yj] = pts[j] as [number, number];
    if (yi > y !== yj > y && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) inside = !inside;
  }
  return inside;
}

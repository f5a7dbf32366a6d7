import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GeoIssue } from './issues.ts';
import { rect, ring } from './testing.ts';
import { validatePolygon } from './validate.ts';

const codes = (issues: GeoIssue[]): string[] => issues.map((i) => i.code);
/** a 0.01° cell (about 960 m × 1,110 m) near Hangzhou */
const D = 0.01;
const X = 120;
const Y = 30;

describe('validatePolygon', () => {
  it('accepts a square, a triangle, a square with a hole and a multipolygon', () => {
    assert.deepEqual(validatePolygon(rect(X, Y, X + D, Y + D)), []);
    assert.deepEqual(validatePolygon(ring([X, Y], [X + D, Y], [X, Y + D])), []);
    const withHole = [...rect(X, Y, X + 4 * D, Y + 4 * D), ...rect(X + D, Y + D, X + 2 * D, Y + 2 * D)];
    assert.deepEqual(validatePolygon(withHole), []);
    assert.deepEqual(validatePolygon([rect(X, Y, X + D, Y + D), rect(X + D, Y, X + 2 * D, Y + D)]), [], 'parts sharing an edge');
  });

  it('reports a ring that is not closed', () => {
    const open = [[[X, Y], [X + D, Y], [X + D, Y + D], [X, Y + D]]];
    assert.deepEqual(validatePolygon(open), [{ code: 'geo.ringNotClosed', params: { part: 1, ring: 1 } }]);
  });

  it('reports fewer than 4 positions', () => {
    const issues = validatePolygon([[[X, Y], [X + D, Y], [X, Y]]]);
    assert.deepEqual(issues, [{ code: 'geo.ringTooShort', params: { part: 1, ring: 1, count: 3 } }]);
  });

  it('reports zero area', () => {
    assert.deepEqual(codes(validatePolygon(ring([X, Y], [X + D, Y], [X + 2 * D, Y]))), ['geo.ringZeroArea']);
    assert.deepEqual(codes(validatePolygon(ring([X, Y], [X, Y], [X, Y]))), ['geo.ringZeroArea']);
  });

  it('reports a bow-tie with the crossing point', () => {
    const [issue, ...rest] = validatePolygon(ring([X, Y], [X + D, Y + D], [X + D, Y], [X, Y + D]));
    assert.equal(rest.length, 0);
    assert.equal(issue?.code, 'geo.ringSelfIntersects');
    assert.ok(Math.abs(Number(issue.params.lng) - (X + D / 2)) < 1e-6);
    assert.ok(Math.abs(Number(issue.params.lat) - (Y + D / 2)) < 1e-6);
  });

  it('reports a spike and a ring touching itself at a vertex', () => {
    const spike = ring([X, Y], [X + D, Y], [X + D, Y + D], [X + D, Y + 2 * D], [X + D, Y + D], [X, Y + D]);
    assert.deepEqual(codes(validatePolygon(spike)), ['geo.ringSelfIntersects']);
    const figureEight = ring([X, Y], [X + D, Y], [X + D, Y + D], [X + 2 * D, Y + D], [X + 2 * D, Y + 2 * D], [X + D, Y + 2 * D], [X + D, Y + D], [X, Y + D]);
    assert.deepEqual(codes(validatePolygon(figureEight)), ['geo.ringSelfIntersects']);
  });

  it('tolerates repeated consecutive positions', () => {
    assert.deepEqual(validatePolygon([[[X, Y], [X + D, Y], [X + D, Y], [X + D, Y + D], [X, Y + D], [X, Y]]]), []);
  });

  it('reports out-of-range and non-finite coordinates with their position', () => {
    assert.deepEqual(validatePolygon(ring([X, Y], [X + D, Y], [X + D, 91])), [
      { code: 'geo.coordinateOutOfRange', params: { lng: X + D, lat: 91, part: 1, ring: 1, position: 3 } },
    ]);
    assert.deepEqual(codes(validatePolygon(ring([Number.NaN, Y], [X + D, Y], [X + D, Y + D]))), ['geo.coordinateNotFinite']);
  });

  it('reports a hole outside its shell, and one that crosses it', () => {
    const outside = [...rect(X, Y, X + D, Y + D), ...rect(X + 2 * D, Y, X + 3 * D, Y + D)];
    assert.deepEqual(validatePolygon(outside), [{ code: 'geo.holeOutsideShell', params: { part: 1, ring: 2 } }]);
    const crossing = [...rect(X, Y, X + 2 * D, Y + 2 * D), ...rect(X + D, Y + D, X + 3 * D, Y + 1.5 * D)];
    assert.deepEqual(codes(validatePolygon(crossing)), ['geo.holeOutsideShell']);
    const touching = [...rect(X, Y, X + 2 * D, Y + 2 * D), ...rect(X, Y + D / 2, X + D, Y + D)];
    assert.deepEqual(validatePolygon(touching), [], 'a hole may touch the shell from inside');
  });

  it('reports overlapping parts of a multipolygon, with the shared area', () => {
    const issues = validatePolygon([rect(X, Y, X + 2 * D, Y + 2 * D), rect(X + D, Y + D, X + 3 * D, Y + 3 * D)]);
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.code, 'geo.partsOverlap');
    const quarterKm2 = D * D * 111_195 * 111_195 * Math.cos((30.015 * Math.PI) / 180);
    assert.ok(Math.abs(Number(issues[0]?.params.areaM2) / quarterKm2 - 1) < 0.005);
  });

  it('reports broken structure with a path', () => {
    assert.deepEqual(validatePolygon('nope'), [{ code: 'geo.invalidStructure', params: { path: 'coordinates' } }]);
    assert.deepEqual(validatePolygon([[[X, Y], [X, 'a']]]), [{ code: 'geo.invalidStructure', params: { path: 'coordinates[0][1]' } }]);
    assert.deepEqual(validatePolygon([[]]), [{ code: 'geo.invalidStructure', params: { path: 'coordinates[0]' } }]);
  });

  it('checks 3,000 polygons of 50 vertices in a few hundred milliseconds', () => {
    const polygons = Array.from({ length: 3000 }, (_, k) => {
      const cx = X + (k % 60) * D;
      const cy = Y + Math.floor(k / 60) * D;
      const pts: [number, number][] = [];
      for (let i = 0; i < 50; i++) {
        const a = (2 * Math.PI * i) / 50;
        const r = (D / 2) * (0.8 + 0.15 * Math.sin(7 * a + k));
        pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
      }
      return ring(...pts);
    });
    const start = performance.now();
    for (const p of polygons) assert.deepEqual(validatePolygon(p), []);
    // ~0.15 ms each on the dev machine; the bound leaves room for a loaded CI box
    assert.ok(performance.now() - start < 3000);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkInsideParent, findNotInsideParent, findOverlaps } from './overlaps.ts';
import { rect, ring } from './testing.ts';

const D = 0.01;
const X = 120;
const Y = 30;
/** m² of a D × D cell at latitude `lat` (equirectangular, as the module measures) */
const cellM2 = (lat: number): number => D * D * 111_195.08 ** 2 * Math.cos((lat * Math.PI) / 180);
const near = (actual: number, expected: number, rel = 0.005): boolean => Math.abs(actual / expected - 1) < rel;

describe('findOverlaps', () => {
  it('ignores polygons sharing an edge or only a vertex', () => {
    const zones = [
      { code: 'a', polygon: rect(X, Y, X + D, Y + D) },
      { code: 'b', polygon: rect(X + D, Y, X + 2 * D, Y + D) },
      { code: 'c', polygon: rect(X + 2 * D, Y + D, X + 3 * D, Y + 2 * D) },
      { code: 'd', polygon: ring([X, Y + D], [X + D, Y + D], [X + D / 2, Y + 2 * D]) },
    ];
    assert.deepEqual(findOverlaps(zones), []);
  });

  it('ignores a tiling of 400 jittered cells', () => {
    const jitter = (i: number, j: number): [number, number] => [
      X + i * D + 0.2 * D * Math.sin(i * 12.9898 + j * 78.233),
      Y + j * D + 0.2 * D * Math.sin(i * 39.3468 + j * 11.135),
    ];
    const zones = [];
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 20; j++) {
        zones.push({ code: `${i}-${j}`, polygon: ring(jitter(i, j), jitter(i + 1, j), jitter(i + 1, j + 1), jitter(i, j + 1)) });
      }
    }
    assert.deepEqual(findOverlaps(zones), []);
  });

  it('reports a partial overlap with its area, smaller code first', () => {
    const zones = [
      { code: 'z', polygon: rect(X, Y, X + 2 * D, Y + 2 * D) },
      { code: 'y', polygon: rect(X + D, Y + D, X + 3 * D, Y + 3 * D) },
    ];
    const [pair, ...rest] = findOverlaps(zones);
    assert.equal(rest.length, 0);
    assert.equal(pair?.a, 'y');
    assert.equal(pair.b, 'z');
    assert.ok(near(pair.areaM2, cellM2(Y + D)), String(pair.areaM2));
    assert.deepEqual(pair.issue, { code: 'geo.zonesOverlap', params: { code: 'y', otherCode: 'z', areaM2: pair.areaM2 } });
  });

  it('reports containment, identical polygons and a cross with no vertex inside the other', () => {
    const pairs = findOverlaps([
      { code: 'outer', polygon: rect(X, Y, X + 3 * D, Y + 3 * D) },
      { code: 'inner', polygon: rect(X + D, Y + D, X + 2 * D, Y + 2 * D) },
      { code: 'same1', polygon: rect(X + 10 * D, Y, X + 11 * D, Y + D) },
      { code: 'same2', polygon: rect(X + 10 * D, Y, X + 11 * D, Y + D) },
      { code: 'wide', polygon: rect(X + 20 * D, Y + D, X + 23 * D, Y + 2 * D) },
      { code: 'tall', polygon: rect(X + 21 * D, Y, X + 22 * D, Y + 3 * D) },
    ]);
    assert.deepEqual(pairs.map((p) => `${p.a}/${p.b}`), ['inner/outer', 'same1/same2', 'tall/wide']);
    for (const p of pairs) assert.ok(near(p.areaM2, cellM2(Y + 1.5 * D), 0.01), `${p.a} ${p.areaM2}`);
  });

  it('ignores slivers under the tolerance and reports them above it', () => {
    const sliver = 5e-9; // ~0.5 mm wide, ~0.55 m² along a 1.1 km edge
    const zones = [
      { code: 'a', polygon: rect(X, Y, X + D + sliver, Y + D) },
      { code: 'b', polygon: rect(X + D, Y, X + 2 * D, Y + D) },
    ];
    assert.deepEqual(findOverlaps(zones), []);
    const [pair] = findOverlaps(zones, { areaToleranceM2: 0.1 });
    assert.ok(pair && pair.areaM2 > 0.3 && pair.areaM2 < 0.8, String(pair?.areaM2));
  });

  it('handles holes and multipolygons', () => {
    const donut = [...rect(X, Y, X + 3 * D, Y + 3 * D), ...rect(X + D, Y + D, X + 2 * D, Y + 2 * D)];
    const plug = rect(X + D, Y + D, X + 2 * D, Y + 2 * D);
    assert.deepEqual(findOverlaps([{ code: 'donut', polygon: donut }, { code: 'plug', polygon: plug }]), []);
    const twoParts = [rect(X + 5 * D, Y, X + 6 * D, Y + D), rect(X + D, Y + D, X + 2 * D, Y + 2 * D)];
    const pairs = findOverlaps([{ code: 'donut', polygon: donut }, { code: 'plug', polygon: plug }, { code: 'multi', polygon: twoParts }]);
    assert.deepEqual(pairs.map((p) => `${p.a}/${p.b}`), ['multi/plug']);
  });
});

describe('checkInsideParent', () => {
  const grid = { code: 'G1', polygon: rect(X, Y, X + 2 * D, Y + 2 * D) };

  it('accepts a micro-grid inside its grid, even sharing its border', () => {
    assert.equal(checkInsideParent({ code: 'M1', polygon: rect(X, Y, X + D, Y + 2 * D) }, grid), null);
    assert.equal(checkInsideParent({ code: 'M2', polygon: rect(X + D / 2, Y + D / 2, X + D, Y + D) }, grid), null);
    assert.equal(checkInsideParent({ code: 'M3', polygon: grid.polygon }, grid), null);
  });

  it('reports a micro-grid reaching out of its grid, with the area outside', () => {
    const issue = checkInsideParent({ code: 'M4', polygon: rect(X + D, Y, X + 3 * D, Y + D) }, grid);
    assert.equal(issue?.code, 'geo.notInsideParent');
    assert.equal(issue.params.code, 'M4');
    assert.equal(issue.params.parentCode, 'G1');
    assert.ok(near(Number(issue.params.outsideM2), cellM2(Y + D / 2)));
  });

  it('checks a whole list by parent code', () => {
    const issues = findNotInsideParent([
      { ...grid, parentCode: null },
      { code: 'M1', parentCode: 'G1', polygon: rect(X, Y, X + D, Y + D) },
      { code: 'M9', parentCode: 'G1', polygon: rect(X + 5 * D, Y, X + 6 * D, Y + D) },
      { code: 'M8', parentCode: 'missing', polygon: rect(X + 5 * D, Y, X + 6 * D, Y + D) },
    ]);
    assert.deepEqual(issues.map((i) => i.params.code), ['M9']);
  });
});

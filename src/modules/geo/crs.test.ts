import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import gcoord from 'gcoord';
import { checkPosition, fromWgs84, toWgs84, type Crs } from './crs.ts';
import { GeoError } from './issues.ts';

describe('coordinate systems', () => {
  it('leaves WGS-84 as it is', () => {
    assert.deepEqual(toWgs84(120.15, 30.28, 'wgs84'), [120.15, 30.28]);
  });

  // gcoord inverts GCJ-02 iteratively (~5 mm here) and BD-09 in closed form (~8 cm here)
  it('round-trips GCJ-02 to a centimetre and BD-09 to 20 cm in Hangzhou', () => {
    for (const [crs, tolDeg] of [['gcj02', 1e-7], ['bd09', 2e-6]] as const) {
      const [x, y] = fromWgs84(120.15, 30.28, crs);
      assert.ok(Math.abs(x - 120.15) > 1e-3, `${crs} applies an offset`);
      const [lng, lat] = toWgs84(x, y, crs);
      assert.ok(Math.abs(lng - 120.15) < tolDeg && Math.abs(lat - 30.28) < tolDeg, crs);
    }
  });

  it('agrees with gcoord', () => {
    const [x, y] = gcoord.transform([120.15, 30.28], gcoord.WGS84, gcoord.GCJ02);
    assert.deepEqual(fromWgs84(120.15, 30.28, 'gcj02'), [x, y]);
  });

  it('rejects non-finite and out-of-range coordinates with a code', () => {
    assert.equal(checkPosition(120, 30), null);
    assert.equal(checkPosition(180, -90), null);
    assert.equal(checkPosition(Number.NaN, 30)?.code, 'geo.coordinateNotFinite');
    assert.equal(checkPosition(120, Number.POSITIVE_INFINITY)?.code, 'geo.coordinateNotFinite');
    assert.deepEqual(checkPosition(180.5, 30), { code: 'geo.coordinateOutOfRange', params: { lng: 180.5, lat: 30 } });
    assert.equal(checkPosition(120, -90.1)?.code, 'geo.coordinateOutOfRange');
    assert.throws(() => toWgs84(200, 30, 'gcj02'), (e: unknown) => e instanceof GeoError && e.code === 'geo.coordinateOutOfRange');
    assert.throws(() => fromWgs84(120, Number.NaN, 'bd09'), (e: unknown) => e instanceof GeoError && e.code === 'geo.coordinateNotFinite');
  });

  it('rejects an unknown system', () => {
    assert.throws(() => toWgs84(120, 30, 'utm' as Crs), (e: unknown) => e instanceof GeoError && e.code === 'geo.unknownCrs');
  });
});

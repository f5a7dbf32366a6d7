import gcoord from 'gcoord';
import { GeoError, geoIssue, type GeoIssue } from './issues.ts';

/** WGS-84 (GPS, stored data), GCJ-02 (AMap, Tencent, WeChat), BD-09 (Baidu). */
export type Crs = 'wgs84' | 'gcj02' | 'bd09';
export const crsList: readonly Crs[] = ['wgs84', 'gcj02', 'bd09'];
export type LngLat = [lng: number, lat: number];

const gcoordCrs = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

export function isCrs(value: unknown): value is Crs {
  return value === 'wgs84' || value === 'gcj02' || value === 'bd09';
}

/** The range check every entry point shares; null when the position is usable. */
export function checkPosition(lng: number, lat: number): GeoIssue | null {
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
    return geoIssue('geo.coordinateNotFinite', { lng: String(lng), lat: String(lat) });
  }
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
    return geoIssue('geo.coordinateOutOfRange', { lng, lat });
  }
  return null;
}

function assertInput(lng: number, lat: number, crs: Crs): void {
  if (!isCrs(crs)) throw new GeoError('geo.unknownCrs', { crs: String(crs) });
  const issue = checkPosition(lng, lat);
  if (issue) throw new GeoError(issue.code, issue.params);
}

/**
 * Converts to WGS-84, the system of everything stored. gcoord leaves points outside China unchanged
 * for GCJ-02 (the offset is only applied inside the country), which is also what AMap does.
 * @throws GeoError geo.coordinateNotFinite | geo.coordinateOutOfRange | geo.unknownCrs
 */
export function toWgs84(lng: number, lat: number, crs: Crs): LngLat {
  assertInput(lng, lat, crs);
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoordCrs[crs], gcoord.WGS84);
  return [x, y];
}

/** For handing stored positions to a map SDK in its own system. Same errors as `toWgs84`. */
export function fromWgs84(lng: number, lat: number, crs: Crs): LngLat {
  assertInput(lng, lat, crs);
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoordCrs[crs]);
  return [x, y];
}

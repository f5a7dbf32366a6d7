export { crsList, checkPosition, fromWgs84, isCrs, toWgs84, type Crs, type LngLat } from './crs.ts';
export { GeoError, geoIssueCodes, type GeoIssue, type GeoIssueCode, type GeoIssueParams } from './issues.ts';
export {
  DEFAULT_NEAREST_GRID_RADIUS_M,
  LocateIndex,
  type LocateIndexSize,
  type LocateOptions,
  type LocateResult,
  type LocateStatus,
  type Zone,
  type ZoneKind,
} from './locate-index.ts';
export {
  checkInsideParent,
  findNotInsideParent,
  findOverlaps,
  type AreaToleranceOptions,
  type OverlapPair,
  type ZoneShape,
} from './overlaps.ts';
export type { AnyPolygonCoords, MultiPolygonCoords, PolygonCoords } from './shape.ts';
export { DEFAULT_AREA_TOLERANCE_M2, ZERO_AREA_M2, validatePolygon, type ValidateOptions } from './validate.ts';

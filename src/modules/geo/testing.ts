import type { PolygonCoords } from './shape.ts';

/** Axis-aligned rectangle as a closed counter-clockwise GeoJSON ring, for tests and benches. */
export function rect(minLng: number, minLat: number, maxLng: number, maxLat: number): PolygonCoords {
  return [[[minLng, minLat], [maxLng, minLat], [maxLng, maxLat], [minLng, maxLat], [minLng, minLat]]];
}

/** Closes a list of positions into a single-ring polygon. */
export function ring(...points: [number, number][]): PolygonCoords {
  return [[...points, points[0]!]];
}

/** Where a visit was logged, against the home on file: far away is flagged, never refused. */

export const visitRadiusM = 300;

/** Great-circle distance in metres (haversine; enough for a few kilometres). */
export function metresBetween(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A position without a home to compare with cannot be checked, and no position at all is flagged: the
 * coordinator sees both and decides.
 */
export function checkPlace(home: { lng: number; lat: number } | null, at: { lng: number; lat: number } | null, radiusM = visitRadiusM): { distanceM: number | null; far: boolean } {
  if (!at) return { distanceM: null, far: true };
  if (!home) return { distanceM: null, far: false };
  const distanceM = Math.round(metresBetween(home, at));
  return { distanceM, far: distanceM > radiusM };
}

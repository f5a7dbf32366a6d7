import { distanceM as metresBetween } from '../ranking.ts';

/** Where a visit was logged, against the home on file: far away is flagged, never refused. */

export const visitRadiusM = 300;

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

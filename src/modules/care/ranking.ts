/** Who is offered an alarm, in which order: pure, so the rule can be read and tested on its own. */

export interface Candidate {
  accountId: string;
  role: string;
  onDuty: boolean;
  /** Already answering another alarm. */
  busy: boolean;
  /** Last known position (WGS-84), or null. */
  position: { lng: number; lat: number; ageSeconds: number } | null;
  home: { lng: number; lat: number } | null;
  skills: string[];
  /** Alarms accepted in the last 24 hours. */
  recentLoad: number;
  paired: boolean;
}

export interface RankOptions {
  /** How many nearest responders besides the paired volunteers. */
  count: number;
  /** Walking speed in m/s (default 1.2); road distance taken as 1.3 × straight line. */
  speed?: number;
  /** Positions older than this are trusted no more than home (default 15 min). */
  staleSeconds?: number;
  /** Skills the alarm asks for (a fall: firstAid). A responder without them waits 2 minutes more. */
  wantedSkills?: string[];
  /** Furthest estimated arrival offered, in seconds (default 30 min); widening raises it. */
  maxEtaSeconds?: number;
  /** Already offered: never offered twice. */
  exclude?: ReadonlySet<string>;
}

export interface Ranked {
  accountId: string;
  etaSeconds: number;
  distanceM: number;
  score: number;
  reason: 'paired' | 'nearest';
}

/** Walking speed in m/s, and road distance as a multiple of the straight line. */
export const walkingSpeed = 1.2;
export const detour = 1.3;

const earthRadiusM = 6_371_008.8;
export function distanceM(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Estimated arrival from the last known position, or from home when the position is missing or stale.
 * Score = ETA + 2 min without a wanted skill + 1 min per call taken in the last day (to share the
 * load). Paired volunteers are always offered (when not busy), then the `count` best others.
 */
export function rankResponders(target: { lng: number; lat: number }, candidates: readonly Candidate[], options: RankOptions): Ranked[] {
  const speed = options.speed ?? walkingSpeed;
  const stale = options.staleSeconds ?? 900;
  const maxEta = options.maxEtaSeconds ?? 1800;
  const wanted = options.wantedSkills ?? [];
  const scored: Ranked[] = [];
  for (const c of candidates) {
    if (c.busy || options.exclude?.has(c.accountId)) continue;
    if (!c.onDuty && !c.paired) continue;
    const from = c.position && c.position.ageSeconds <= stale ? c.position : (c.home ?? c.position);
    if (!from) {
      if (c.paired) scored.push({ accountId: c.accountId, etaSeconds: maxEta, distanceM: Number.POSITIVE_INFINITY, score: Number.POSITIVE_INFINITY, reason: 'paired' });
      continue;
    }
    const d = distanceM(from, target);
    const eta = Math.round((d * detour) / speed);
    if (eta > maxEta && !c.paired) continue;
    const missingSkill = wanted.some((s) => !c.skills.includes(s));
    const score = eta + (missingSkill ? 120 : 0) + 60 * c.recentLoad;
    scored.push({ accountId: c.accountId, etaSeconds: eta, distanceM: Math.round(d), score, reason: c.paired ? 'paired' : 'nearest' });
  }
  const byScore = (a: Ranked, b: Ranked) => a.score - b.score || a.accountId.localeCompare(b.accountId);
  const paired = scored.filter((r) => r.reason === 'paired').sort(byScore);
  const others = scored.filter((r) => r.reason === 'nearest').sort(byScore).slice(0, options.count);
  return [...paired, ...others];
}

/** The straight-line distance a responder may be from the alarm to arrive within `etaSeconds`. */
export function radiusForEta(etaSeconds: number, speed = walkingSpeed): number {
  return (etaSeconds * speed) / detour;
}

export interface Box { west: number; south: number; east: number; north: number }

/** A lng/lat box that contains every point within `radiusM` of the target (1 % wider, for the curvature). */
export function boxAround(target: { lng: number; lat: number }, radiusM: number): Box {
  const dLat = ((radiusM * 1.01) / earthRadiusM) * (180 / Math.PI);
  const widestLat = Math.min(89, Math.abs(target.lat) + dLat);
  const dLng = dLat / Math.max(0.01, Math.cos((widestLat * Math.PI) / 180));
  return { west: target.lng - dLng, south: target.lat - dLat, east: target.lng + dLng, north: target.lat + dLat };
}

/**
 * Ranking only the responders within `radiusM` gives the same offers as ranking everyone when no one
 * outside could score better: a responder further away arrives later than the radius allows, and the
 * score only adds to the arrival. Returns null when the search is complete, else the radius to search.
 */
export function widerRadius(ranked: readonly Ranked[], count: number, radiusM: number, maxRadiusM: number, speed = walkingSpeed): number | null {
  if (radiusM >= maxRadiusM) return null;
  const nearest = ranked.filter((r) => r.reason === 'nearest');
  // Arrival of anyone outside, rounded as rankResponders rounds it: their score is at least this.
  const outsideEta = Math.round((radiusM * detour) / speed);
  if (nearest.length >= count && (count === 0 || nearest[count - 1]!.score < outsideEta)) return null;
  const needed = nearest.length >= count && count > 0 ? radiusForEta(nearest[count - 1]!.score + 1, speed) + 1 : radiusM * 3;
  return Math.min(maxRadiusM, Math.max(needed, radiusM * 1.5));
}

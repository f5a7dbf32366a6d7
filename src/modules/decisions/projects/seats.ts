/**
 * Seats of a 双五工程 round. Representatives sit for three constituencies (party members, local residents,
 * new residents); a proposal on the ballot may be sponsored by one of them. By default each constituency
 * is sure of one project it sponsored, and two seats are open to all: five a year (docs/decisions/0120).
 */
export const constituencies = ['partyMember', 'localResident', 'newResident'] as const;
export type Constituency = (typeof constituencies)[number];

export interface Seats {
  constituency?: Constituency;
  count: number;
}

export const defaultSeats: Seats[] = [
  { constituency: 'partyMember', count: 1 },
  { constituency: 'localResident', count: 1 },
  { constituency: 'newResident', count: 1 },
  { count: 2 },
];

export function seatTotal(seats: readonly Seats[]): number {
  return seats.reduce((n, s) => n + s.count, 0);
}

export interface BallotProblem {
  code: 'seatsInvalid' | 'ballotTooShort' | 'constituencyShort';
  params: Record<string, string | number>;
}

/** Seats must be positive and name each constituency at most once. */
export function checkSeats(seats: readonly Seats[]): BallotProblem | null {
  const named = seats.filter((s) => s.constituency !== undefined).map((s) => s.constituency);
  if (seats.length === 0 || seats.some((s) => !Number.isInteger(s.count) || s.count < 1) || new Set(named).size !== named.length) {
    return { code: 'seatsInvalid', params: {} };
  }
  return null;
}

/**
 * A vote can open only when it can fill every seat: at least as many proposals as seats, and each reserved
 * constituency with at least as many sponsored proposals as its seats (else the count could only say PARTIAL).
 */
export function checkBallot(seats: readonly Seats[], onBallot: readonly { constituency: string | null }[]): BallotProblem | null {
  const bad = checkSeats(seats);
  if (bad) return bad;
  const total = seatTotal(seats);
  if (onBallot.length < total) return { code: 'ballotTooShort', params: { seats: total, proposals: onBallot.length } };
  for (const s of seats) {
    if (s.constituency === undefined) continue;
    const n = onBallot.filter((p) => p.constituency === s.constituency).length;
    if (n < s.count) return { code: 'constituencyShort', params: { constituency: s.constituency, seats: s.count, proposals: n } };
  }
  return null;
}

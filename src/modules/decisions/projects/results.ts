import type { TallyResult } from '../tally/index.ts';

export interface ProposalResult {
  proposalId: string;
  approvals: number;
  /** Approvals by the voters' constituency (party members, local residents, new residents). */
  byConstituency: Record<string, number>;
  chosen: boolean;
}

export interface RoundResult {
  outcome: 'ELECTED' | 'TIE' | 'PARTIAL';
  chosen: string[];
  tied: string[];
  proposals: ProposalResult[];
  /** Effective ballots by constituency: how many of each group took part. */
  ballotsByConstituency: Record<string, number>;
}

/**
 * Reads the approval-selection tally of a round's motion into per-proposal results. Anything but an
 * approvalSelect result is a wiring error, not a vote outcome.
 */
export function roundResult(result: TallyResult, onBallot: readonly string[]): RoundResult {
  if (result.method !== 'approvalSelect') throw new Error(`a round is counted by approvalSelect, not ${result.method}`);
  const chosen = new Set(result.selected);
  const byId = new Map(result.options.map((o) => [o.id, o]));
  return {
    outcome: result.outcome,
    chosen: result.selected,
    tied: result.tied,
    proposals: onBallot.map((id) => ({
      proposalId: id,
      approvals: byId.get(id)?.approvals ?? 0,
      byConstituency: byId.get(id)?.byConstituency ?? {},
      chosen: chosen.has(id),
    })).sort((a, b) => b.approvals - a.approvals || (a.proposalId < b.proposalId ? -1 : 1)),
    ballotsByConstituency: result.ballotsByConstituency,
  };
}

/**
 * A tie is settled by the round's managers (by lot at the meeting, or a second vote): they pick among the
 * tied proposals exactly as many as the seats the count left open.
 */
export function resolveTie(result: RoundResult, seatsTotal: number, picked: readonly string[]): string[] | { code: string; params: Record<string, number> } {
  const open = seatsTotal - result.chosen.length;
  const tied = new Set(result.tied);
  if (new Set(picked).size !== picked.length || picked.some((p) => !tied.has(p))) return { code: 'tiePickNotTied', params: {} };
  if (picked.length !== Math.min(open, result.tied.length)) return { code: 'tiePickCount', params: { seats: Math.min(open, result.tied.length) } };
  return [...result.chosen, ...picked];
}

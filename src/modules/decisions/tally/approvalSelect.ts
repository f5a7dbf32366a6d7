import { effectiveBallots, explainBallots, summarizeBallots, type BallotSummary } from './ballots.ts';
import { formatThreshold, meets, minimumToMeet, type Threshold } from './threshold.ts';
import { step, type Ballot, type Step } from './types.ts';

export interface SelectOption {
  id: string;
  /** For seats reserved to a constituency: the constituency this option (candidate, project) belongs to. */
  constituency?: string;
}

export interface SelectVoter {
  id: string;
  /** e.g. partyMember, localResident, newResident: results are also broken down by it. */
  constituency?: string;
}

/** `count` seats filled from options of `constituency`, or from any option still unselected when absent. */
export interface SeatGroup {
  count: number;
  constituency?: string;
}

export interface ApprovalSelectInput {
  voters: readonly SelectVoter[];
  options: readonly SelectOption[];
  /** Reserved groups are filled first, then open ones, each in the given order. */
  seats: readonly SeatGroup[];
  /** A choice is the list of approved option ids. */
  ballots: readonly Ballot<string[]>[];
  deadline: string;
  /** Each voter may approve at most this many options (double-five projects: five). */
  maxApprovals?: number;
  /** An option must reach this share of the effective ballots to be selected at all. */
  minSupport?: Threshold;
}

export type ApprovalSelectOutcome = 'ELECTED' | 'TIE' | 'PARTIAL';

export interface OptionTally {
  id: string;
  approvals: number;
  byConstituency: Record<string, number>;
  eligible: boolean;
}

export interface ApprovalSelectResult {
  method: 'approvalSelect';
  outcome: ApprovalSelectOutcome;
  selected: string[];
  /** Options tied at a cut-off: a person or a new vote must decide, the count never does. */
  tied: string[];
  seatsTotal: number;
  seatsUnfilled: number;
  options: OptionTally[];
  ballotsByConstituency: Record<string, number>;
  ballots: BallotSummary;
  explanation: Step[];
}

/** Voters and options without a constituency are grouped under this key. */
export const noConstituency = 'none';

export function approvalValidator(optionIds: ReadonlySet<string>, maxApprovals: number | undefined) {
  return (choice: string[]): string | null => {
    if (new Set(choice).size !== choice.length) return 'DUPLICATE_OPTION';
    if (choice.some((c) => !optionIds.has(c))) return 'UNKNOWN_OPTION';
    if (maxApprovals !== undefined && choice.length > maxApprovals) return 'TOO_MANY_CHOICES';
    return null;
  };
}

function sortedEntries(r: Record<string, number>): [string, number][] {
  return Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function approvalSelect(input: ApprovalSelectInput): ApprovalSelectResult {
  const constituencyOf = new Map(input.voters.map((v) => [v.id, v.constituency ?? noConstituency]));
  const optionIds = new Set(input.options.map((o) => o.id));
  const report = effectiveBallots(constituencyOf.keys(), input.ballots, input.deadline, approvalValidator(optionIds, input.maxApprovals));
  const steps = explainBallots(report, constituencyOf.size, input.deadline);

  const tallies = new Map<string, OptionTally>(
    input.options.map((o) => [o.id, { id: o.id, approvals: 0, byConstituency: {}, eligible: true }]),
  );
  const ballotsByConstituency: Record<string, number> = {};
  for (const b of report.effective) {
    const c = constituencyOf.get(b.voter) ?? noConstituency;
    ballotsByConstituency[c] = (ballotsByConstituency[c] ?? 0) + 1;
    for (const id of b.choice) {
      const t = tallies.get(id)!;
      t.approvals += 1;
      t.byConstituency[c] = (t.byConstituency[c] ?? 0) + 1;
    }
  }
  for (const [c, n] of sortedEntries(ballotsByConstituency)) steps.push(step('constituencyBallots', { constituency: c, count: n }));
  const ranked = [...tallies.values()].sort((a, b) => b.approvals - a.approvals || (a.id < b.id ? -1 : 1));
  for (const t of ranked) {
    steps.push(step('optionApprovals', { option: t.id, approvals: t.approvals }));
    for (const [c, n] of sortedEntries(t.byConstituency)) {
      steps.push(step('constituencyApprovals', { option: t.id, constituency: c, approvals: n }));
    }
  }
  if (input.minSupport) {
    const required = Number(minimumToMeet(report.effective.length, input.minSupport));
    steps.push(step('minSupport', { threshold: formatThreshold(input.minSupport), required, base: report.effective.length }));
    for (const t of ranked) {
      t.eligible = meets(t.approvals, report.effective.length, input.minSupport) && t.approvals > 0;
      if (!t.eligible) steps.push(step('belowMinSupport', { option: t.id, approvals: t.approvals, required }));
    }
  }

  const optionConstituency = new Map(input.options.map((o) => [o.id, o.constituency]));
  const groups = [...input.seats.filter((g) => g.constituency !== undefined), ...input.seats.filter((g) => g.constituency === undefined)];
  const selected: string[] = [];
  const taken = new Set<string>();
  let tied: string[] = [];
  let unfilled = 0;
  for (const g of groups) {
    const label = g.constituency ?? noConstituency;
    if (tied.length > 0) {
      unfilled += g.count;
      steps.push(step('groupSkippedAfterTie', { constituency: label, seats: g.count }));
      continue;
    }
    steps.push(step('seatGroup', { constituency: label, seats: g.count }));
    const pool = ranked.filter(
      (t) => t.eligible && !taken.has(t.id) && (g.constituency === undefined || optionConstituency.get(t.id) === g.constituency),
    );
    const cut = pool[g.count - 1];
    const next = pool[g.count];
    let winners = pool.slice(0, g.count);
    if (cut && next && cut.approvals === next.approvals) {
      // Everyone at the cut-off score straddles the line: report the tie instead of choosing by id.
      winners = pool.filter((t) => t.approvals > cut.approvals);
      tied = pool.filter((t) => t.approvals === cut.approvals).map((t) => t.id);
      steps.push(step('tieAtCutoff', { options: tied.join(', '), votes: cut.approvals, seats: g.count - winners.length }));
    }
    for (const w of winners) {
      selected.push(w.id);
      taken.add(w.id);
      steps.push(step('optionSelected', { option: w.id, approvals: w.approvals, constituency: label }));
    }
    unfilled += g.count - winners.length;
  }
  const seatsTotal = input.seats.reduce((n, g) => n + g.count, 0);
  const outcome: ApprovalSelectOutcome = tied.length > 0 ? 'TIE' : unfilled > 0 ? 'PARTIAL' : 'ELECTED';
  if (outcome === 'PARTIAL') steps.push(step('seatsUnfilled', { seats: unfilled }));
  steps.push(step(outcome === 'ELECTED' ? 'outcomeElected' : outcome === 'TIE' ? 'outcomeTie' : 'outcomePartial', { selected: selected.join(', ') }));
  return {
    method: 'approvalSelect', outcome, selected, tied, seatsTotal, seatsUnfilled: unfilled,
    options: ranked, ballotsByConstituency, ballots: summarizeBallots(report), explanation: steps,
  };
}

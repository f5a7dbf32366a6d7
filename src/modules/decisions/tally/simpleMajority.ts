import { effectiveBallots, explainBallots, summarizeBallots, type BallotSummary } from './ballots.ts';
import { formatThreshold, meets, minimumToMeet, moreThanHalf, type Threshold } from './threshold.ts';
import { step, type Ballot, type Step, type YesNoAbstain } from './types.ts';

/**
 * What the approval threshold is measured against:
 * - `yesNo`: yes and no only, abstentions left out (yes > no for "more than half");
 * - `votesCast`: all effective ballots, so an abstention weighs like a no;
 * - `present`: every member present, voting or not;
 * - `members`: the whole body (an absolute majority).
 */
export type MajorityBase = 'yesNo' | 'votesCast' | 'present' | 'members';

export interface SimpleMajorityInput {
  /** The frozen roll of the body's members. */
  members: readonly string[];
  /** Checked-in members; anyone with an effective ballot counts as present too. */
  present?: readonly string[];
  ballots: readonly Ballot<YesNoAbstain>[];
  deadline: string;
  /** Measured on members present out of all members. */
  quorum: Threshold;
  approval?: Threshold;
  majorityBase?: MajorityBase;
}

export type SimpleMajorityOutcome = 'PASSED' | 'FAILED_QUORUM' | 'FAILED_APPROVAL';

export interface SimpleMajorityResult {
  method: 'simpleMajority';
  outcome: SimpleMajorityOutcome;
  members: number;
  present: number;
  voted: number;
  yes: number;
  no: number;
  abstain: number;
  quorumThreshold: string;
  quorumRequired: number;
  quorumMet: boolean;
  majorityBase: MajorityBase;
  base: number;
  approvalThreshold: string;
  approvalRequired: number;
  approvalMet: boolean;
  ballots: BallotSummary;
  explanation: Step[];
}

export function simpleMajority(input: SimpleMajorityInput): SimpleMajorityResult {
  const roll = new Set(input.members);
  const approval = input.approval ?? moreThanHalf;
  const majorityBase = input.majorityBase ?? 'yesNo';
  const report = effectiveBallots(roll, input.ballots, input.deadline);
  const counts: Record<YesNoAbstain, number> = { yes: 0, no: 0, abstain: 0 };
  const present = new Set((input.present ?? []).filter((m) => roll.has(m)));
  for (const b of report.effective) {
    counts[b.choice] += 1;
    present.add(b.voter);
  }
  const voted = report.effective.length;
  const base =
    majorityBase === 'yesNo'
      ? counts.yes + counts.no
      : majorityBase === 'votesCast'
        ? voted
        : majorityBase === 'present'
          ? present.size
          : roll.size;
  const quorumMet = meets(present.size, roll.size, input.quorum);
  const quorumRequired = Number(minimumToMeet(roll.size, input.quorum));
  const approvalMet = meets(counts.yes, base, approval) && counts.yes > 0;
  const approvalRequired = Number(minimumToMeet(base, approval));
  const outcome: SimpleMajorityOutcome = !quorumMet ? 'FAILED_QUORUM' : approvalMet ? 'PASSED' : 'FAILED_APPROVAL';

  const steps = explainBallots(report, roll.size, input.deadline);
  steps.push(
    step('quorum', {
      reached: present.size, required: quorumRequired, total: roll.size,
      threshold: formatThreshold(input.quorum), result: quorumMet ? 'met' : 'notMet',
    }),
    step('voteTotals', { ...counts }),
    step('approvalBase', { base: majorityBase, count: base }),
    step('approval', {
      reached: counts.yes, required: approvalRequired, base,
      threshold: formatThreshold(approval), result: approvalMet ? 'met' : 'notMet',
    }),
    outcome === 'PASSED' ? step('outcomePassed') : outcome === 'FAILED_QUORUM' ? step('outcomeFailedQuorum') : step('outcomeFailedApproval'),
  );
  return {
    method: 'simpleMajority', outcome, members: roll.size, present: present.size, voted,
    ...counts, quorumThreshold: formatThreshold(input.quorum), quorumRequired, quorumMet,
    majorityBase, base, approvalThreshold: formatThreshold(approval), approvalRequired, approvalMet,
    ballots: summarizeBallots(report), explanation: steps,
  };
}

import type { MotionRule } from '../contracts.ts';

/**
 * 竣工评议: each project of the round is put to the representatives as a yes/no motion "accepted as
 * completed". A yes/no question answers what residents ask (was it done?) and has a quorum, which a score
 * would not (docs/decisions/0121). Half the council must take part; more yes than no among votes cast.
 */
export const reviewRule: MotionRule = {
  method: 'simpleMajority',
  quorum: { atLeast: '1/2' },
  approval: { moreThan: '1/2' },
  majorityBase: 'votesCast',
};

export type ReviewedStatus = 'accepted' | 'notAccepted';

export function reviewedStatus(passed: boolean): ReviewedStatus {
  return passed ? 'accepted' : 'notAccepted';
}

/** The round closes when every project has its verdict. */
export function allReviewed(statuses: readonly string[]): boolean {
  return statuses.length > 0 && statuses.every((s) => s === 'accepted' || s === 'notAccepted');
}

/** Shared shapes of every counting method. All numbers in results are JSON-safe (areas as decimal strings). */

export const channels = ['web', 'paper', 'doorToDoor'] as const;
export type Channel = (typeof channels)[number];

export interface Ballot<C> {
  id: string;
  /** Who cast it: a member id, or for owners' assemblies the id of a unit (see civilCode278). */
  voter: string;
  choice: C;
  /** ISO 8601 with an offset or `Z`. */
  time: string;
  channel: Channel;
  /** A spoiled paper ballot entered by staff for the record. */
  spoiled?: boolean;
}

export type StepParams = Record<string, string | number>;

/** One sentence of an explanation; `code` is the key of `tally.<code>` in the locale files. */
export interface Step {
  code: StepCode;
  params: StepParams;
}

export const yesNoAbstain = ['yes', 'no', 'abstain'] as const;
export type YesNoAbstain = (typeof yesNoAbstain)[number];

/** Every explanation code; the locale files must have a template for each (checked by a test). */
export const stepCodes = [
  'rollFrozen',
  'ballotsReceived',
  'ballotsByChannel',
  'ballotRejected',
  'ballotSuperseded',
  'ballotsEffective',
  'noElectorate',
  'scopeApplied',
  'headsFormed',
  'coOwnedUnits',
  'multiUnitOwners',
  'developerHead',
  'ruleMatter',
  'modeStrict',
  'modeDeemed',
  'deemedDirection',
  'deemedNoMajority',
  'choiceTotals',
  'voteTotals',
  'participationArea',
  'participationHeads',
  'approvalArea',
  'approvalHeads',
  'quorum',
  'approvalBase',
  'approval',
  'outcomePassed',
  'outcomeFailedQuorum',
  'outcomeFailedApproval',
  'outcomeNoElectorate',
  'outcomeStrictBeside',
  'optionApprovals',
  'constituencyBallots',
  'constituencyApprovals',
  'minSupport',
  'belowMinSupport',
  'seatGroup',
  'optionSelected',
  'tieAtCutoff',
  'groupSkippedAfterTie',
  'seatsUnfilled',
  'outcomeElected',
  'outcomeTie',
  'outcomePartial',
  'outcomeNoBallots',
  'awardWinner',
  'roundCounts',
  'roundExhausted',
  'roundMajority',
  'eliminated',
  'eliminatedTogether',
  'eliminationTieBroken',
  'eliminationTie',
  'finalTie',
  'optionScore',
  'scoreRange',
] as const;
export type StepCode = (typeof stepCodes)[number];

export function step(code: StepCode, params: StepParams = {}): Step {
  return { code, params };
}

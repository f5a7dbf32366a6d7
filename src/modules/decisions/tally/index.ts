/** Public surface of vote counting: pure methods that explain their result, the file format, the CLI. */
export { approvalSelect, type ApprovalSelectInput, type ApprovalSelectResult, type OptionTally, type SeatGroup, type SelectOption, type SelectVoter } from './approvalSelect.ts';
export { formatArea, parseArea } from './area.ts';
export { effectiveBallots, summarizeBallots, type BallotReport, type BallotSummary, type ChoiceValidator, type RejectedBallot, type RejectionReason } from './ballots.ts';
export { approvalThresholdFor, civilCode278, type AreaHeads, type Civil278Count, type Civil278Input, type Civil278Matter, type Civil278Outcome, type Civil278Result, type Civil278Scope } from './civilCode278.ts';
export { runTallyCli } from './cli.ts';
export { countTally, type TallyResult } from './count.ts';
export { renderExplanation, type RenderedStep } from './explain.ts';
export { developerHeadId, formHeads, type Head, type HeadRule, type Unit } from './heads.ts';
export { parseTallyFile, type FieldError, type ParseResult, type TallyRequest } from './parse.ts';
export { rankedChoice, type RankedChoiceInput, type RankedChoiceResult, type Round } from './rankedChoice.ts';
export { score, type OptionScore, type ScoreInput, type ScoreResult } from './score.ts';
export { methods, schemas, type Method } from './schema.ts';
export { simpleMajority, type MajorityBase, type SimpleMajorityInput, type SimpleMajorityResult } from './simpleMajority.ts';
export { formatThreshold, meets, minimumToMeet, type Threshold } from './threshold.ts';
export { channels, stepCodes, type Ballot, type Channel, type Step, type StepCode, type YesNoAbstain } from './types.ts';

import { approvalSelect, type ApprovalSelectResult } from './approvalSelect.ts';
import { civilCode278, type Civil278Result } from './civilCode278.ts';
import type { TallyRequest } from './parse.ts';
import { rankedChoice, type RankedChoiceResult } from './rankedChoice.ts';
import { score, type ScoreResult } from './score.ts';
import { simpleMajority, type SimpleMajorityResult } from './simpleMajority.ts';

export type TallyResult = Civil278Result | SimpleMajorityResult | ApprovalSelectResult | RankedChoiceResult | ScoreResult;

/** Dispatches a validated request to its method: the one entry point of the CLI and the server. */
export function countTally(request: TallyRequest): TallyResult {
  switch (request.method) {
    case 'civilCode278':
      return civilCode278(request.input);
    case 'simpleMajority':
      return simpleMajority(request.input);
    case 'approvalSelect':
      return approvalSelect(request.input);
    case 'rankedChoice':
      return rankedChoice(request.input);
    case 'score':
      return score(request.input);
  }
}

import type { MotionRule } from '../contracts.ts';
import type { TallyResult } from '../tally/index.ts';

/** 最美家庭, 最美楼道, 最美庭院 (seed 000): a family or a courtyard is a household, a stairwell is a stairwell. */
export const awardKinds = ['family', 'stairwell', 'courtyard'] as const;
export type AwardKind = (typeof awardKinds)[number];
export type NomineeKind = 'household' | 'stairwell';

export function nomineeKindFor(kind: AwardKind): NomineeKind {
  return kind === 'stairwell' ? 'stairwell' : 'household';
}

export type AwardMethod = 'score' | 'rankedChoice';
export type CampaignStatus = 'nominating' | 'voting' | 'tied' | 'published';

export class AwardRuleError extends Error {
  constructor(readonly code: string, readonly params: Record<string, string | number> = {}) {
    super(code);
  }
}

/** Ranked choice elects one; several awards (five most beautiful families) need a score vote. */
export function checkMethod(method: AwardMethod, winners: number): void {
  if (!Number.isInteger(winners) || winners < 1) throw new AwardRuleError('awardWinnersInvalid');
  if (method === 'rankedChoice' && winners !== 1) throw new AwardRuleError('awardRankedChoiceOneWinner');
}

/** Scores run 1–5 (five stars), the scale residents know from ratings. */
export function awardRule(method: AwardMethod, winners: number, options: readonly { id: string; title: string }[]): MotionRule {
  if (options.length <= winners) throw new AwardRuleError('awardTooFewNominees', { winners, nominees: options.length });
  return method === 'score'
    ? { method: 'score', options: [...options], minScore: 1, maxScore: 5, winners }
    : { method: 'rankedChoice', options: [...options] };
}

/** What a public page may show of a nominee: where they live down to the stairwell, never the room. */
export function publicLabel(place: { estate: string; building: string; stairwell: string }, agreedName?: string): string {
  const where = `${place.estate}${place.building}${place.stairwell}`;
  return agreedName ? `${agreedName}（${where}）` : where;
}

export interface AwardOutcome {
  status: 'published' | 'tied';
  winners: string[];
  tied: string[];
}

/** Winners from the count; a tie at the last award waits for the managers, as the count never breaks it. */
export function awardOutcome(result: TallyResult): AwardOutcome {
  if (result.method === 'score') {
    return { status: result.outcome === 'TIE' ? 'tied' : 'published', winners: result.winners, tied: result.tied };
  }
  if (result.method === 'rankedChoice') {
    return { status: result.outcome === 'TIE' ? 'tied' : 'published', winners: result.winner ? [result.winner] : [], tied: result.tied };
  }
  throw new Error(`an award is counted by score or rankedChoice, not ${result.method}`);
}

export function next(status: CampaignStatus, action: 'nominate' | 'review' | 'openVote' | 'counted' | 'resolveTie', counted?: 'published' | 'tied'): CampaignStatus {
  const ok =
    ((action === 'nominate' || action === 'review' || action === 'openVote') && status === 'nominating') ||
    (action === 'counted' && status === 'voting') ||
    (action === 'resolveTie' && status === 'tied');
  if (!ok) throw new AwardRuleError('awardWrongStatus', { action, status });
  if (action === 'openVote') return 'voting';
  if (action === 'counted') return counted ?? 'published';
  if (action === 'resolveTie') return 'published';
  return status;
}

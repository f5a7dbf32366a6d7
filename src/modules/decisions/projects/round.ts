/**
 * The yearly 双五工程 round as a state machine: collect proposals, deliberate, vote, publish, carry out,
 * review at year end, close. Pure: the service asks `next` before every write and stores the answer.
 */
export const roundStatuses = ['collecting', 'deliberating', 'voting', 'tied', 'published', 'reviewing', 'closed'] as const;
export type RoundStatus = (typeof roundStatuses)[number];

export type RoundAction =
  | 'propose'
  | 'comment'
  | 'shortlist'
  | 'startDeliberation'
  | 'openVote'
  | 'voteElected'
  | 'voteTied'
  | 'resolveTie'
  | 'reportProgress'
  | 'startReview'
  | 'reviewsDone'
  | 'openNext';

/** Where each action may happen, and where it leads (`null`: the status stays). */
const table: Record<RoundAction, Partial<Record<RoundStatus, RoundStatus | null>>> = {
  propose: { collecting: null },
  comment: { collecting: null, deliberating: null },
  shortlist: { collecting: null, deliberating: null },
  startDeliberation: { collecting: 'deliberating' },
  openVote: { deliberating: 'voting' },
  voteElected: { voting: 'published' },
  voteTied: { voting: 'tied' },
  resolveTie: { tied: 'published' },
  reportProgress: { published: null, reviewing: null },
  startReview: { published: 'reviewing' },
  reviewsDone: { reviewing: 'closed' },
  openNext: { published: null, reviewing: null, closed: null },
};

export class RoundRuleError extends Error {
  constructor(readonly code: string, readonly params: Record<string, string | number> = {}) {
    super(code);
  }
}

/** The status after `action`, or a RoundRuleError naming the action and the status that forbids it. */
export function next(status: RoundStatus, action: RoundAction): RoundStatus {
  const allowed = table[action];
  if (!(status in allowed)) throw new RoundRuleError('roundWrongStatus', { action, status });
  return allowed[status] ?? status;
}

export function can(status: RoundStatus, action: RoundAction): boolean {
  return status in table[action];
}

/** The actions open in a status, for the console's buttons. */
export function actionsIn(status: RoundStatus): RoundAction[] {
  return (Object.keys(table) as RoundAction[]).filter((a) => status in table[a]);
}

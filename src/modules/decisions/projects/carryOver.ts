/** Proposal statuses that may move to next year's round: never chosen, never withdrawn, not yet carried. */
const carriable = new Set(['submitted', 'onBallot', 'notChosen']);

export interface CarryCandidate {
  id: string;
  status: string;
}

/**
 * Which of the requested proposals may be carried over. Unknown, chosen, withdrawn or already carried
 * proposals are refused by id, so the caller can say which one was wrong.
 */
export function carryOver(proposals: readonly CarryCandidate[], requested: readonly string[]): { carry: string[]; refused: string[] } {
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const carry: string[] = [];
  const refused: string[] = [];
  for (const id of new Set(requested)) {
    const p = byId.get(id);
    if (p && carriable.has(p.status)) carry.push(id);
    else refused.push(id);
  }
  return { carry, refused };
}

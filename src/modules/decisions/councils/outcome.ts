import type { MotionOutcome } from '../contracts.ts';
import type { ItemResult } from './tables.ts';

/** The numbers the minutes and the meeting page show for a decided item. */
export function itemResultOf(outcome: MotionOutcome): ItemResult {
  const r = outcome.result;
  let counts: Record<string, number | string> = {};
  if (r.method === 'simpleMajority') {
    counts = { members: r.members, present: r.present, voted: r.voted, yes: r.yes, no: r.no, abstain: r.abstain, quorumRequired: r.quorumRequired, approvalRequired: r.approvalRequired };
  } else if (r.method === 'civilCode278') {
    const s = r.strict;
    counts = {
      electorateHeads: s.electorate.heads, electorateArea: s.electorate.area, participatingHeads: s.participating.heads, participatingArea: s.participating.area,
      yesHeads: s.yes.heads, yesArea: s.yes.area, noHeads: s.no.heads, noArea: s.no.area, abstainHeads: s.abstain.heads, abstainArea: s.abstain.area,
    };
  }
  return { outcome: r.outcome, passed: outcome.passed, counts, selected: outcome.selected, motionId: outcome.motionId, closedAt: outcome.closedAt };
}

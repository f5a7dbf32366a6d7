import Type, { type Static } from 'typebox';
import type { ElectorateSource, MotionRule } from '../contracts.ts';
import { ThresholdJson, type ThresholdFile } from '../tally/schema.ts';

/**
 * How an agenda item is decided, fixed with the item and published with the notice. A council item is a
 * simple majority of those checked in (`attendees`) or of the whole body (`body`); an owners' assembly
 * item is counted by Civil Code art. 278 over the owners under the council's node (`owners`).
 */
export const ItemDecisionJson = Type.Union([
  Type.Object({
    electorate: Type.Union([Type.Literal('attendees'), Type.Literal('body')]),
    rule: Type.Object({
      method: Type.Literal('simpleMajority'),
      quorum: Type.Optional(ThresholdJson),
      approval: Type.Optional(ThresholdJson),
      majorityBase: Type.Optional(Type.Union([Type.Literal('yesNo'), Type.Literal('votesCast'), Type.Literal('present'), Type.Literal('members')])),
    }, { additionalProperties: false }),
  }, { additionalProperties: false }),
  Type.Object({
    electorate: Type.Literal('owners'),
    rule: Type.Object({
      method: Type.Literal('civilCode278'),
      matter: Type.Integer({ minimum: 1, maximum: 9 }),
      headRule: Type.Optional(Type.Union([Type.Literal('sameOwners'), Type.Literal('sharedOwner')])),
      deemedConsent: Type.Optional(Type.Object({ basis: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false })),
    }, { additionalProperties: false }),
  }, { additionalProperties: false }),
]);
export type ItemDecision = Static<typeof ItemDecisionJson>;

/** The motion's rule: a simple majority without its own quorum takes the council's. */
export function motionRuleOf(decision: ItemDecision, councilQuorum: ThresholdFile): MotionRule {
  const rule = decision.rule;
  if (rule.method === 'civilCode278') return rule;
  return { ...rule, quorum: rule.quorum ?? councilQuorum };
}

export function electorateOf(decision: ItemDecision, ids: { councilId: string; meetingId: string; scopeCode: string }): ElectorateSource {
  switch (decision.electorate) {
    case 'attendees':
      return { kind: 'attendees', meetingId: ids.meetingId };
    case 'body':
      return { kind: 'body', bodyId: ids.councilId };
    case 'owners':
      return { kind: 'owners', scopeCode: ids.scopeCode };
  }
}

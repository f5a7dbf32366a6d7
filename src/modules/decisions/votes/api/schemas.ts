import Type, { type Static } from 'typebox';

const code = Type.String({ minLength: 1, maxLength: 100 });
const time = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$', description: 'ISO 8601 with an offset' });

export const Electorate = Type.Union([
  Type.Object({ kind: Type.Literal('owners'), scopeCode: code }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('households'), scopeCode: code }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('body'), bodyId: code }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('attendees'), meetingId: code }, { additionalProperties: false }),
]);

export const MotionBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  text: Type.Optional(Type.String({ maxLength: 20000 })),
  rule: Type.Object(
    { method: Type.Union(['civilCode278', 'simpleMajority', 'approvalSelect', 'rankedChoice', 'score'].map((m) => Type.Literal(m))) },
    { additionalProperties: true, description: 'The tally file (docs/tally.md) without title, version, deadline, roll and ballots' },
  ),
  electorate: Electorate,
  scopeCode: code,
  secret: Type.Optional(Type.Boolean()),
  opensAt: time,
  closesAt: time,
});
export type MotionBodyT = Static<typeof MotionBody>;

const Choice = Type.Unknown({ description: "'yes' · 'no' · 'abstain', a list of option ids (approval, ranking), or { optionId: score }; checked against the motion's rule" });

export const VoteBody = Type.Object({
  choice: Choice,
  receiptCode: Type.Optional(Type.String({ maxLength: 64 })),
}, { additionalProperties: false });
export type VoteBodyT = Static<typeof VoteBody>;

export const BallotBody = Type.Object({
  voterId: Type.String({ minLength: 1, maxLength: 200 }),
  channel: Type.Union([Type.Literal('paper'), Type.Literal('doorToDoor')]),
  choice: Type.Optional(Choice),
  spoiled: Type.Optional(Type.Boolean()),
  receiptCode: Type.Optional(Type.String({ maxLength: 64 })),
}, { additionalProperties: false });
export type BallotBodyT = Static<typeof BallotBody>;

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const ListQuery = Type.Object({
  state: Type.Optional(Type.Union(['draft', 'announced', 'closed', 'cancelled'].map((s) => Type.Literal(s)))),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
export const PublicQuery = Type.Object({ community: code });

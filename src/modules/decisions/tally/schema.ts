import Type, { type Static } from 'typebox';
import { areaPattern } from './area.ts';
import { channels, yesNoAbstain } from './types.ts';

/** ISO 8601 date-time with an explicit offset, so a time means the same instant everywhere. */
const isoTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$' });
const id = Type.String({ minLength: 1, maxLength: 200 });
const fraction = Type.String({ pattern: '^\\d+/\\d+$' });
const strict = { additionalProperties: false } as const;

export const ThresholdJson = Type.Object(
  {
    atLeast: Type.Optional(fraction),
    moreThan: Type.Optional(fraction),
    atLeastCount: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  strict,
);

function ballotSchema<C extends Parameters<typeof Type.Object>[0][string]>(choice: C) {
  return Type.Object(
    {
      id: Type.Optional(id),
      voter: id,
      choice,
      time: isoTime,
      channel: Type.Enum([...channels]),
      spoiled: Type.Optional(Type.Boolean()),
    },
    strict,
  );
}

const common = {
  title: Type.Optional(Type.String()),
  version: Type.Optional(Type.Literal(1)),
  deadline: isoTime,
};

export const Civil278Json = Type.Object(
  {
    ...common,
    method: Type.Literal('civilCode278'),
    matter: Type.Integer({ minimum: 1, maximum: 9 }),
    units: Type.Array(
      Type.Object(
        {
          id,
          area: Type.String({ pattern: areaPattern }),
          owners: Type.Array(id),
          developerHeld: Type.Optional(Type.Boolean()),
          building: Type.Optional(id),
          stairwell: Type.Optional(id),
        },
        strict,
      ),
    ),
    scope: Type.Optional(
      Type.Object(
        { buildings: Type.Optional(Type.Array(id)), stairwells: Type.Optional(Type.Array(id)), units: Type.Optional(Type.Array(id)) },
        strict,
      ),
    ),
    headRule: Type.Optional(Type.Enum(['sameOwners', 'sharedOwner'])),
    deemedConsent: Type.Optional(Type.Object({ basis: Type.String({ minLength: 1 }) }, strict)),
    ballots: Type.Array(ballotSchema(Type.Enum([...yesNoAbstain]))),
  },
  strict,
);

export const SimpleMajorityJson = Type.Object(
  {
    ...common,
    method: Type.Literal('simpleMajority'),
    members: Type.Array(id),
    present: Type.Optional(Type.Array(id)),
    quorum: ThresholdJson,
    approval: Type.Optional(ThresholdJson),
    majorityBase: Type.Optional(Type.Enum(['yesNo', 'votesCast', 'present', 'members'])),
    ballots: Type.Array(ballotSchema(Type.Enum([...yesNoAbstain]))),
  },
  strict,
);

export const ApprovalSelectJson = Type.Object(
  {
    ...common,
    method: Type.Literal('approvalSelect'),
    voters: Type.Array(Type.Object({ id, constituency: Type.Optional(id) }, strict)),
    options: Type.Array(Type.Object({ id, constituency: Type.Optional(id), title: Type.Optional(Type.String()) }, strict)),
    seats: Type.Array(Type.Object({ count: Type.Integer({ minimum: 1 }), constituency: Type.Optional(id) }, strict), { minItems: 1 }),
    maxApprovals: Type.Optional(Type.Integer({ minimum: 1 })),
    minSupport: Type.Optional(ThresholdJson),
    ballots: Type.Array(ballotSchema(Type.Array(id))),
  },
  strict,
);

const namedOption = Type.Object({ id, title: Type.Optional(Type.String()) }, strict);

export const RankedChoiceJson = Type.Object(
  {
    ...common,
    method: Type.Literal('rankedChoice'),
    voters: Type.Array(id),
    options: Type.Array(namedOption, { minItems: 1 }),
    ballots: Type.Array(ballotSchema(Type.Array(id))),
  },
  strict,
);

export const ScoreJson = Type.Object(
  {
    ...common,
    method: Type.Literal('score'),
    voters: Type.Array(id),
    options: Type.Array(namedOption, { minItems: 1 }),
    minScore: Type.Integer({ minimum: 0 }),
    maxScore: Type.Integer({ minimum: 1 }),
    winners: Type.Optional(Type.Integer({ minimum: 1 })),
    ballots: Type.Array(ballotSchema(Type.Record(Type.String(), Type.Integer()))),
  },
  strict,
);

export const methods = ['civilCode278', 'simpleMajority', 'approvalSelect', 'rankedChoice', 'score'] as const;
export type Method = (typeof methods)[number];

export const schemas = {
  civilCode278: Civil278Json,
  simpleMajority: SimpleMajorityJson,
  approvalSelect: ApprovalSelectJson,
  rankedChoice: RankedChoiceJson,
  score: ScoreJson,
} as const;

export type ThresholdFile = Static<typeof ThresholdJson>;
export type Civil278File = Static<typeof Civil278Json>;
export type SimpleMajorityFile = Static<typeof SimpleMajorityJson>;
export type ApprovalSelectFile = Static<typeof ApprovalSelectJson>;
export type RankedChoiceFile = Static<typeof RankedChoiceJson>;
export type ScoreFile = Static<typeof ScoreJson>;

import Type from 'typebox';
import { ThresholdJson } from '../../tally/schema.ts';
import { ItemDecisionJson } from '../decision.ts';
import { constituencies, councilKinds } from '../kinds.ts';

/** Request schemas of the councils API (routes in councils.routes.ts and meetings.routes.ts). */
export const tags = ['decisions'];
const uuid = Type.String({ format: 'uuid' });
const day = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const instant = Type.String({ format: 'date-time' });
const name = Type.String({ minLength: 1, maxLength: 100 });
const kind = Type.Union(councilKinds.map((k) => Type.Literal(k)));

export const IdParams = Type.Object({ id: uuid });
export const ItemParams = Type.Object({ id: uuid, itemId: uuid });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });
export const CodeParams = Type.Object({ code: Type.String({ minLength: 2, maxLength: 64 }) });

export const ListQuery = Type.Object({ under: Type.Optional(Type.String({ maxLength: 64, description: 'Only councils placed under this unit code' })) });

export const NewCouncilBody = Type.Object({
  kind, name, scopeCode: Type.String({ minLength: 2, maxLength: 64, description: 'A tree unit code, or a building code for a building council' }),
  noticeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
  quorum: Type.Optional(ThresholdJson),
  monthlyDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })),
  monthlyTime: Type.Optional(Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' })),
}, { additionalProperties: false });

export const KindNoticeBody = Type.Object({ scopeCode: Type.String({ minLength: 2, maxLength: 64 }), noticeDays: Type.Integer({ minimum: 0, maximum: 90 }) }, { additionalProperties: false });
export const KindParams = Type.Object({ kind });

export const NewTermBody = Type.Object({ name, startsOn: day, endsOn: Type.Optional(day) }, { additionalProperties: false });

export const SeatBody = Type.Object({
  termId: uuid,
  standing: Type.Optional(Type.Boolean({ description: 'Standing seats vote and count for the quorum; volunteer seats (the X of 7+X) do not' })),
  constituency: Type.Optional(Type.Union(constituencies.map((c) => Type.Literal(c)))),
  title: Type.Optional(Type.String({ maxLength: 40 })),
  startsOn: Type.Optional(day),
  endsOn: Type.Optional(day),
}, { additionalProperties: false });

export const NewMemberBody = Type.Union([
  Type.Object({ householdCode: Type.String({ minLength: 2, maxLength: 80 }), residentId: uuid, note: Type.Optional(Type.String({ maxLength: 200 })), seat: Type.Optional(SeatBody) }, { additionalProperties: false }),
  Type.Object({ name, note: Type.Optional(Type.String({ maxLength: 200 })), seat: Type.Optional(SeatBody) }, { additionalProperties: false }),
]);
export const MemberParams = Type.Object({ id: uuid, memberId: uuid });
export const SeatParams = Type.Object({ id: uuid, seatId: uuid });
export const EndSeatBody = Type.Object({ endsOn: day }, { additionalProperties: false });

export const NewItemBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  text: Type.Optional(Type.String({ maxLength: 5000 })),
  decision: Type.Optional(Type.Union([ItemDecisionJson, Type.Null()])),
}, { additionalProperties: false });

export const NewMeetingBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  startsAt: instant,
  endsAt: Type.Optional(instant),
  place: Type.Optional(Type.String({ maxLength: 200 })),
  items: Type.Optional(Type.Array(NewItemBody, { maxItems: 50 })),
}, { additionalProperties: false });

export const GenerateBody = Type.Object({
  from: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }),
  months: Type.Integer({ minimum: 1, maximum: 24 }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });

export const NoticeBody = Type.Object({ text: Type.String({ maxLength: 5000, default: '' }) }, { additionalProperties: false });
export const AttendanceBody = Type.Object({ memberId: uuid }, { additionalProperties: false });
export const SelfCheckInBody = Type.Object({ memberId: Type.Optional(uuid) }, { additionalProperties: false });
export const VoteBody = Type.Object({ closesAt: Type.Optional(instant) }, { additionalProperties: false });
export const MinutesEditBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 100_000 }), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const PublishBody = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

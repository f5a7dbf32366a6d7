import { Type } from 'typebox';
import { householdRoles, residencies } from '../import/index.ts';

/** Request schemas of keeping the roster (routes.ts; decision 0148). */
const role = Type.Union(householdRoles.map((r) => Type.Literal(r)), { description: 'Relation to the head of the household' });
const formerHeadRole = Type.Union(householdRoles.filter((r) => r !== 'head').map((r) => Type.Literal(r)));
const residency = Type.Union(residencies.map((r) => Type.Literal(r)));
const name = Type.String({ minLength: 1, maxLength: 40 });
const idNumber = Type.String({ minLength: 1, maxLength: 30, description: 'GB 11643 citizen ID number (18 characters); birth date and gender are taken from it' });
const phone = Type.Union([Type.String({ maxLength: 30 }), Type.Null()], { description: 'A mobile or a landline with its area code; null or blank: none' });
const tags = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20, description: 'Codes of configured tags (GET /api/tags)' });
const areaCenti = Type.Union([Type.Integer({ minimum: 1, maximum: 100_000_000 }), Type.Null()], { description: 'Exclusive floor area in 0.01 m² (exact, for owners’ votes); null: not known' });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 80 }) });
export const UnmaskQuery = Type.Object({ unmask: Type.Boolean({ default: false, description: 'Full ID number and phone; allowed to some roles, always audited' }) });

export const NewResidentBody = Type.Object({
  name, idNumber, phone: Type.Optional(phone), householdRole: role, residency, tags: Type.Optional(tags),
}, { additionalProperties: false });

export const ResidentEditBody = Type.Object({
  name: Type.Optional(name), idNumber: Type.Optional(idNumber), phone: Type.Optional(phone),
  householdRole: Type.Optional(role), residency: Type.Optional(residency), tags: Type.Optional(tags),
}, { additionalProperties: false, minProperties: 1 });

export const DepartureBody = Type.Object({
  reason: Type.Union([Type.Literal('movedOut'), Type.Literal('deceased')], { description: '迁出 or 死亡注销' }),
  on: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The day they left or died (China time), not after today' }),
  note: Type.Optional(Type.String({ maxLength: 200, description: 'Where to, or the certificate seen' })),
}, { additionalProperties: false });

export const MoveBody = Type.Object({
  householdCode: Type.String({ minLength: 1, maxLength: 80 }), householdRole: role,
}, { additionalProperties: false });

export const NewHouseholdBody = Type.Object({
  stairwell: Type.String({ maxLength: 20, default: '', description: 'One of the building’s stairwells; blank for a building without (a village house)' }),
  room: Type.String({ maxLength: 20, default: '' }),
  floorAreaCenti: Type.Optional(areaCenti),
}, { additionalProperties: false });

export const HouseholdEditBody = Type.Object({
  floorAreaCenti: Type.Optional(areaCenti),
  head: Type.Optional(Type.Object({
    residentId: Type.String({ format: 'uuid' }),
    formerHeadRole: Type.Optional(formerHeadRole),
  }, { additionalProperties: false, description: 'Hand the headship to this member; the former head takes formerHeadRole' })),
}, { additionalProperties: false, minProperties: 1 });

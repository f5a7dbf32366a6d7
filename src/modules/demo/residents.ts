import { gb11643CheckDigit } from '../../core/identity/id-number.ts';
import type { CommunityKind } from './communities.ts';
import { type MemberDraft, draftHousehold, newcomerShare } from './households.ts';
import { drawGivenName, drawSurname } from './names.ts';
import { type Rng, weightedPicker } from './prng.ts';
import { type TagCode, tagOrder } from './tags.ts';
import type { DemoResident } from './types.ts';

/** Ages are counted on this fixed date, never the clock, so the output does not drift. */
export const referenceDate = '2026-01-01';
const referenceYear = 2026;

/** Area codes (GB/T 2260) of where people's numbers were first issued. */
const localArea = weightedPicker<string>([
  ['330481', 86], ['330424', 3], ['330483', 3], ['330482', 2], ['330402', 2], ['330411', 2], ['330421', 1], ['330327', 1],
]);
// Where Haining's newcomers mostly come from: Anhui, Henan, Sichuan, Guizhou, Hubei, southern Zhejiang.
const newcomerArea = weightedPicker<string>([
  ['341221', 6], ['341222', 5], ['341225', 4], ['341226', 4], ['342221', 3], ['411421', 3], ['411422', 2],
  ['411623', 4], ['411627', 3], ['510722', 3], ['511623', 3], ['522422', 3], ['421127', 3], ['330327', 2],
  ['330381', 2], ['331082', 1], ['330782', 1],
]);
const mobilePrefixes = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153',
  '157', '158', '159', '177', '180', '181', '182', '183', '187', '188', '189', '198', '199'] as const;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Keeps numbers unique across everyone generated: residents and staff. */
export class Registry {
  readonly idNumbers = new Set<string>();
  readonly phones = new Set<string>();

  phone(rng: Rng): string {
    for (;;) {
      const p = `${rng.pick(mobilePrefixes)}${pad(rng.int(0, 99_999_999), 8)}`;
      if (!this.phones.has(p)) {
        this.phones.add(p);
        return p;
      }
    }
  }

  idNumber(rng: Rng, area: string, birthDate: string, gender: 'M' | 'F'): string {
    const digits = birthDate.replaceAll('-', '');
    for (;;) {
      const sequence = rng.int(0, 499) * 2 + (gender === 'M' ? 1 : 0);
      const first17 = `${area}${digits}${pad(sequence, 3)}`;
      const id = first17 + gb11643CheckDigit(first17);
      if (!this.idNumbers.has(id)) {
        this.idNumbers.add(id);
        return id;
      }
    }
  }
}

/**
 * A birth date that makes the person exactly `age` on the reference date: in the year
 * referenceYear - 1 - age, any day but 1 January.
 */
export function birthDateForAge(rng: Rng, age: number): string {
  const year = referenceYear - 1 - age;
  const start = Date.UTC(year, 0, 2);
  const days = Math.round((Date.UTC(year, 11, 31) - start) / 86_400_000);
  return new Date(start + rng.int(0, days) * 86_400_000).toISOString().slice(0, 10);
}

export function ageOn(birthDate: string, on: string = referenceDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function phoneFor(rng: Rng, age: number, registry: Registry): string | null {
  if (age < 18) return null;
  const none = age >= 85 ? 0.55 : age >= 75 ? 0.22 : 0.02;
  return rng.chance(none) ? null : registry.phone(rng);
}

function partyShare(m: MemberDraft): number {
  if (m.age < 18) return 0;
  if (m.age < 30) return 0.05;
  if (m.age < 60) return m.gender === 'M' ? 0.11 : 0.07;
  return m.gender === 'M' ? 0.17 : 0.08;
}

function disabledShare(age: number): number {
  return age >= 60 ? 0.05 : age >= 18 ? 0.015 : 0.005;
}

export interface HouseholdPeople {
  residents: DemoResident[];
  residency: DemoResident['residency'];
}

export function generateResidents(
  rng: Rng,
  registry: Registry,
  householdCode: string,
  kind: CommunityKind,
): HouseholdPeople {
  const isNewcomer = rng.chance(newcomerShare[kind]);
  const residency = isNewcomer ? 'newResident' : 'local';
  const drafts = draftHousehold(rng, kind, isNewcomer);
  drafts.sort((a, b) => Number(b.role === 'head') - Number(a.role === 'head'));
  const lineSurname = drawSurname(rng, isNewcomer ? 'national' : 'local');
  const homeArea = isNewcomer ? newcomerArea(rng) : '330481';
  const everyoneOld = drafts.every((m) => m.age >= 60);
  const livingAlone = drafts.length === 1 && drafts[0]!.age >= 60;
  const hardship = rng.chance(livingAlone ? 0.08 : isNewcomer ? 0.01 : 0.03);
  const residents = drafts.map((m): DemoResident => {
    const birthDate = birthDateForAge(rng, m.age);
    const surname = m.surname === 'line' ? lineSurname : drawSurname(rng, isNewcomer ? 'national' : 'local');
    const name = surname + drawGivenName(rng, referenceYear - 1 - m.age, m.gender);
    const area = isNewcomer ? (rng.chance(0.85) ? homeArea : newcomerArea(rng)) : localArea(rng);
    const tags = new Set<TagCode>();
    if (m.age < 18) tags.add('child');
    if (m.age >= 80) tags.add('advancedAge');
    if (livingAlone) tags.add('livingAlone');
    if (everyoneOld && drafts.length > 1) tags.add('emptyNest');
    if (hardship) tags.add('hardship');
    if (rng.chance(disabledShare(m.age))) tags.add('disabled');
    if (rng.chance(partyShare(m) * (isNewcomer ? 0.6 : 1))) tags.add('partyMember');
    if ((livingAlone || m.age >= 80) && rng.chance(0.4)) tags.add('sosWristband');
    return {
      householdCode,
      name,
      idNumber: registry.idNumber(rng, area, birthDate, m.gender),
      phone: phoneFor(rng, m.age, registry),
      birthDate,
      gender: m.gender,
      householdRole: m.role,
      residency,
      tags: tagOrder.filter((t) => tags.has(t)),
    };
  });
  return { residents, residency };
}

import type { CommunityKind } from './communities.ts';
import { type Rng, weightedPicker } from './prng.ts';
import type { DemoResident } from './types.ts';

/**
 * Who lives in a household, before names and numbers: roles, ages on the reference date, genders, and
 * which members share a family name. Mixes are tuned per kind of community so the older urban
 * community and the village age the most and newcomers gather in the resettlement community.
 */
export type Role = DemoResident['householdRole'];
export type Gender = DemoResident['gender'];

export interface MemberDraft {
  role: Role;
  age: number;
  gender: Gender;
  /** 'line' shares the household's family name (the husband's line); 'own' draws a separate one. */
  surname: 'line' | 'own';
}

type LocalKind = 'elderAlone' | 'elderCouple' | 'elderWithChild' | 'threeGenUp' | 'threeGenDown' | 'family' | 'middleCouple' | 'youngCouple' | 'single';
type NewcomerKind = 'single' | 'couple' | 'family' | 'shared';

const localMix: Record<CommunityKind, (rng: Rng) => LocalKind> = {
  olderUrban: weightedPicker<LocalKind>([
    ['elderAlone', 17], ['elderCouple', 19], ['elderWithChild', 7], ['threeGenUp', 6], ['threeGenDown', 8],
    ['family', 18], ['middleCouple', 13], ['youngCouple', 6], ['single', 6],
  ]),
  resettlement: weightedPicker<LocalKind>([
    ['elderAlone', 11], ['elderCouple', 15], ['elderWithChild', 5], ['threeGenUp', 9], ['threeGenDown', 13],
    ['family', 22], ['middleCouple', 10], ['youngCouple', 9], ['single', 6],
  ]),
  urban: weightedPicker<LocalKind>([
    ['elderAlone', 10], ['elderCouple', 15], ['elderWithChild', 6], ['threeGenUp', 8], ['threeGenDown', 7],
    ['family', 27], ['middleCouple', 14], ['youngCouple', 8], ['single', 5],
  ]),
  village: weightedPicker<LocalKind>([
    ['elderAlone', 15], ['elderCouple', 21], ['elderWithChild', 6], ['threeGenUp', 8], ['threeGenDown', 25],
    ['family', 11], ['middleCouple', 10], ['youngCouple', 2], ['single', 2],
  ]),
};

export const newcomerShare: Record<CommunityKind, number> = {
  olderUrban: 0.1,
  resettlement: 0.38,
  urban: 0.09,
  village: 0.06,
};

const newcomerMix = weightedPicker<NewcomerKind>([['single', 33], ['couple', 20], ['family', 37], ['shared', 10]]);

const elderAge = weightedPicker<readonly [number, number]>([[[62, 69], 2], [[70, 79], 4], [[80, 89], 4], [[90, 98], 1]]);
const elderCoupleAge = weightedPicker<readonly [number, number]>([[[60, 69], 4], [[70, 79], 4], [[80, 92], 2]]);

function range(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return rng.int(lo, hi);
}

/** Husband and wife; the husband heads most households, as rolls record it. */
function couple(rng: Rng, husbandAge: number, wifeGap: readonly [number, number]): MemberDraft[] {
  const wifeAge = Math.max(18, husbandAge - rng.int(wifeGap[0], wifeGap[1]));
  const husbandHeads = rng.chance(0.85);
  const husband: MemberDraft = { role: husbandHeads ? 'head' : 'spouse', age: husbandAge, gender: 'M', surname: 'line' };
  const wife: MemberDraft = { role: husbandHeads ? 'spouse' : 'head', age: wifeAge, gender: 'F', surname: 'own' };
  return husbandHeads ? [husband, wife] : [wife, husband];
}

/** Children of a mother of the given age, oldest first; none born before she was 22. */
function children(rng: Rng, motherAge: number, count: number, role: Role): MemberDraft[] {
  const out: MemberDraft[] = [];
  let age = motherAge - rng.int(23, 33);
  for (let i = 0; i < count && age >= 0; i++) {
    out.push({ role, age, gender: rng.chance(0.51) ? 'M' : 'F', surname: 'line' });
    age -= rng.int(2, 8);
  }
  return out;
}

function childCount(rng: Rng, kind: CommunityKind): number {
  const x = rng.next();
  if (kind === 'village') return x < 0.5 ? 1 : x < 0.95 ? 2 : 3;
  return x < 0.62 ? 1 : 2;
}

function wifeAgeOf(members: MemberDraft[]): number {
  return members.find((m) => m.gender === 'F')?.age ?? members[0]!.age;
}

function local(rng: Rng, kind: CommunityKind): MemberDraft[] {
  switch (localMix[kind](rng)) {
    case 'elderAlone':
      return [{ role: 'head', age: range(rng, elderAge(rng)), gender: rng.chance(0.68) ? 'F' : 'M', surname: 'line' }];
    case 'elderCouple':
      return couple(rng, range(rng, elderCoupleAge(rng)), [0, 5]);
    case 'elderWithChild': {
      const age = rng.int(68, 95);
      const gender: Gender = rng.chance(0.65) ? 'F' : 'M';
      const childAge = rng.int(Math.max(30, age - 40), Math.min(62, age - 22));
      return [
        { role: 'head', age, gender, surname: gender === 'M' ? 'line' : 'own' },
        { role: 'child', age: childAge, gender: rng.chance(0.55) ? 'M' : 'F', surname: 'line' },
      ];
    }
    case 'threeGenUp': {
      const pair = couple(rng, rng.int(35, 58), [0, 4]);
      const husbandAge = pair.find((m) => m.gender === 'M')!.age;
      const parents: MemberDraft[] = [];
      const fatherAge = Math.min(98, husbandAge + rng.int(24, 34));
      const both = rng.chance(0.45);
      if (both || rng.chance(0.3)) parents.push({ role: 'parent', age: fatherAge, gender: 'M', surname: 'line' });
      if (both || parents.length === 0) {
        parents.push({ role: 'parent', age: Math.max(husbandAge + 20, fatherAge - rng.int(0, 5)), gender: 'F', surname: 'own' });
      }
      return [...pair, ...children(rng, wifeAgeOf(pair), childCount(rng, kind), 'child'), ...parents];
    }
    case 'threeGenDown': {
      const headAge = rng.int(56, 82);
      const elders: MemberDraft[] = rng.chance(0.78)
        ? couple(rng, headAge, [0, 4]).map((m) => (m.gender === 'M' ? { ...m, role: 'head' as const } : { ...m, role: 'spouse' as const }))
        : [{ role: 'head', age: headAge, gender: 'M', surname: 'line' }];
      const sonAge = headAge - rng.int(24, 32);
      const daughterInLawAge = Math.max(20, sonAge - rng.int(0, 4));
      return [
        ...elders,
        { role: 'child', age: sonAge, gender: 'M', surname: 'line' },
        { role: 'other', age: daughterInLawAge, gender: 'F', surname: 'own' },
        ...children(rng, daughterInLawAge, childCount(rng, kind), 'grandchild'),
      ];
    }
    case 'family': {
      const pair = couple(rng, rng.int(28, 55), [0, 4]);
      return [...pair, ...children(rng, wifeAgeOf(pair), childCount(rng, kind), 'child')];
    }
    case 'middleCouple':
      return couple(rng, rng.int(46, 64), [0, 4]);
    case 'youngCouple':
      return couple(rng, rng.int(24, 35), [-2, 3]);
    case 'single':
      return [{ role: 'head', age: rng.int(22, 58), gender: rng.chance(0.55) ? 'M' : 'F', surname: 'line' }];
  }
}

function newcomer(rng: Rng): MemberDraft[] {
  switch (newcomerMix(rng)) {
    case 'single':
      return [{ role: 'head', age: rng.int(19, 50), gender: rng.chance(0.6) ? 'M' : 'F', surname: 'line' }];
    case 'couple':
      return couple(rng, rng.int(22, 45), [-1, 4]);
    case 'family': {
      const pair = couple(rng, rng.int(26, 45), [0, 4]);
      const kids = children(rng, wifeAgeOf(pair), rng.chance(0.55) ? 1 : 2, 'child');
      // Grandparents who came along to mind the children (随迁老人).
      const grandparent: MemberDraft[] =
        kids.length > 0 && rng.chance(0.18) ? [{ role: 'parent', age: Math.min(80, wifeAgeOf(pair) + rng.int(24, 30)), gender: 'F', surname: 'own' }] : [];
      return [...pair, ...kids, ...grandparent];
    }
    case 'shared': {
      const head: MemberDraft = { role: 'head', age: rng.int(20, 40), gender: rng.chance(0.7) ? 'M' : 'F', surname: 'line' };
      const others = Array.from({ length: rng.int(1, 3) }, (): MemberDraft => {
        const sibling = rng.chance(0.4);
        return { role: sibling ? 'sibling' : 'other', age: rng.int(18, 45), gender: rng.chance(0.65) ? 'M' : 'F', surname: sibling ? 'line' : 'own' };
      });
      return [head, ...others];
    }
  }
}

export function draftHousehold(rng: Rng, kind: CommunityKind, isNewcomer: boolean): MemberDraft[] {
  return isNewcomer ? newcomer(rng) : local(rng, kind);
}

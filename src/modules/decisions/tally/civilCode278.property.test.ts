import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatArea } from './area.ts';
import { civilCode278, type Civil278Input, type Civil278Matter } from './civilCode278.ts';
import type { Unit } from './heads.ts';
import { ballot, deadline } from './testkit.ts';
import type { Ballot, YesNoAbstain } from './types.ts';

const persons = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10', 'p11'];
const unitsArb: fc.Arbitrary<Unit[]> = fc
  .array(
    fc.record({
      area: fc.bigInt({ min: 1n, max: 50_000n }),
      owners: fc.uniqueArray(fc.constantFrom(...persons), { minLength: 1, maxLength: 3 }),
      developerHeld: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((rows) => rows.map((r, i) => ({ id: `u${String(i).padStart(2, '0')}`, ...r })));

const choiceArb = fc.constantFrom<YesNoAbstain | null>('yes', 'no', 'abstain', null);

const caseArb = unitsArb.chain((units) =>
  fc.record({
    units: fc.constant(units),
    choices: fc.array(choiceArb, { minLength: units.length, maxLength: units.length }),
    matter: fc.integer({ min: 1, max: 9 }).map((m) => m as Civil278Matter),
    headRule: fc.constantFrom('sameOwners' as const, 'sharedOwner' as const),
  }),
);

function input(c: { units: Unit[]; choices: (YesNoAbstain | null)[]; matter: Civil278Matter; headRule: 'sameOwners' | 'sharedOwner' }): Civil278Input {
  const ballots: Ballot<YesNoAbstain>[] = [];
  c.choices.forEach((choice, i) => {
    if (choice) ballots.push(ballot(`b${i}`, c.units[i]!.id, choice, i));
  });
  return { units: c.units, ballots, deadline, matter: c.matter, headRule: c.headRule };
}

const passes = (i: Civil278Input) => civilCode278(i).outcome === 'PASSED';

test('adding a yes ballot never turns a pass into a fail', () => {
  fc.assert(
    fc.property(caseArb, fc.nat(), (c, k) => {
      const base = input(c);
      if (!passes(base)) return;
      const unit = c.units[k % c.units.length]!;
      const more = { ...base, ballots: [...base.ballots, ballot('extra', unit.id, 'yes' as const, 10_000)] };
      assert.equal(passes(more), true);
    }),
  );
});

test('turning a no into a yes never turns a pass into a fail', () => {
  fc.assert(
    fc.property(caseArb, fc.nat(), (c, k) => {
      if (!passes(input(c))) return;
      const choices = [...c.choices];
      const i = k % choices.length;
      if (choices[i] === 'no') choices[i] = 'yes';
      assert.equal(passes(input({ ...c, choices })), true);
    }),
  );
});

test('permuting ballot order does not change the result', () => {
  fc.assert(
    fc.property(
      caseArb.chain((c) => {
        const i = input(c);
        return fc.tuple(fc.constant(i), fc.shuffledSubarray([...i.ballots], { minLength: i.ballots.length, maxLength: i.ballots.length }));
      }),
      ([i, shuffled]) => assert.deepEqual(civilCode278({ ...i, ballots: shuffled }), civilCode278(i)),
    ),
  );
});

test('area sums are exact: electorate is the sum of the units, and choices partition participation', () => {
  fc.assert(
    fc.property(caseArb, (c) => {
      const r = civilCode278(input(c)).strict;
      assert.equal(r.electorate.area, formatArea(c.units.reduce((s, u) => s + u.area, 0n)));
      const toH = (s: string) => BigInt(s.replace('.', ''));
      assert.equal(toH(r.yes.area) + toH(r.no.area) + toH(r.abstain.area), toH(r.participating.area));
      assert.equal(r.yes.heads + r.no.heads + r.abstain.heads, r.participating.heads);
    }),
  );
});

test('co-owners never count twice: heads never exceed units, owner sets or (with sharedOwner) persons', () => {
  fc.assert(
    fc.property(caseArb, (c) => {
      const heads = civilCode278(input(c)).strict.electorate.heads;
      const owned = c.units.filter((u) => !u.developerHeld);
      const dev = owned.length < c.units.length ? 1 : 0;
      assert.ok(heads <= c.units.length);
      assert.equal(heads, dev + (c.headRule === 'sameOwners'
        ? new Set(owned.map((u) => [...u.owners].sort().join('|'))).size
        : heads - dev));
      if (c.headRule === 'sharedOwner') assert.ok(heads - dev <= new Set(owned.flatMap((u) => u.owners)).size);
    }),
  );
});

test('deemed consent never changes the strict result beside it', () => {
  fc.assert(
    fc.property(caseArb, (c) => {
      const i = input(c);
      assert.deepEqual(civilCode278({ ...i, deemedConsent: { basis: 'rules' } }).strict, civilCode278(i).strict);
    }),
  );
});

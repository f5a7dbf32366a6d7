import { test } from 'node:test';
import assert from 'node:assert/strict';
import { civilCode278, type Civil278Input } from './civilCode278.ts';
import type { Unit } from './heads.ts';
import { afterDeadline, ballot, deadline } from './testkit.ts';
import type { YesNoAbstain } from './types.ts';

/** n units of 100.00 m² each with its own owner `o<i>`, ids `u<i>`. */
const units = (n: number, area = 10000n): Unit[] => Array.from({ length: n }, (_, i) => ({ id: `u${i + 1}`, area, owners: [`o${i + 1}`] }));
const votes = (...choices: YesNoAbstain[]) => choices.map((c, i) => ballot(`b${i + 1}`, `u${i + 1}`, c, i));
const run = (over: Partial<Civil278Input> & Pick<Civil278Input, 'units' | 'ballots'>) => civilCode278({ matter: 4, deadline, ...over });

test('participation of exactly 2/3 of area and heads is enough ("at least" includes the number)', () => {
  const r = run({ units: units(9), ballots: votes('yes', 'yes', 'yes', 'yes', 'no', 'no') });
  assert.equal(r.strict.participating.heads, 6);
  assert.equal(r.strict.participationRequired.heads, 6);
  assert.equal(r.outcome, 'PASSED');
});

test('one vote short of 2/3 fails for quorum, with the numbers', () => {
  const r = run({ units: units(9), ballots: votes('yes', 'yes', 'yes', 'yes', 'yes') });
  assert.equal(r.outcome, 'FAILED_QUORUM');
  assert.deepEqual(r.strict.participating, { area: '500.00', heads: 5 });
  assert.deepEqual(r.strict.participationRequired, { area: '600.00', heads: 6 });
  assert.deepEqual(r.strict.participationMet, { area: false, heads: false });
});

test('exactly half is not more than half', () => {
  const r = run({ units: units(8), ballots: votes('yes', 'yes', 'yes', 'yes', 'no', 'no', 'no', 'no') });
  assert.equal(r.outcome, 'FAILED_APPROVAL');
  assert.deepEqual(r.strict.approvalRequired, { area: '400.01', heads: 5 });
});

test('abstentions participate but do not approve', () => {
  const r = run({ units: units(6), ballots: votes('yes', 'yes', 'abstain', 'abstain', 'no') });
  assert.deepEqual(r.strict.participating, { area: '500.00', heads: 5 });
  assert.equal(r.outcome, 'FAILED_APPROVAL');
  assert.equal(run({ units: units(6), ballots: votes('yes', 'yes', 'yes', 'abstain', 'no') }).outcome, 'PASSED');
});

test('items 6 to 8 need 3/4 of area and heads; exactly 3/4 passes', () => {
  const b = votes('yes', 'yes', 'yes', 'no');
  for (const matter of [6, 7, 8] as const) {
    assert.equal(civilCode278({ units: units(4), ballots: b, deadline, matter }).outcome, 'PASSED');
    assert.equal(civilCode278({ units: units(4), ballots: votes('yes', 'yes', 'no', 'no'), deadline, matter }).outcome, 'FAILED_APPROVAL');
  }
  const r = civilCode278({ units: units(5), ballots: votes('yes', 'yes', 'no', 'yes', 'no'), deadline, matter: 6 });
  assert.equal(r.approvalThreshold, '≥3/4');
  assert.equal(r.outcome, 'FAILED_APPROVAL');
  assert.equal(civilCode278({ units: units(5), ballots: votes('yes', 'yes', 'no', 'yes', 'no'), deadline, matter: 5 }).outcome, 'PASSED');
});

test('area and headcount must both pass: a big yes area with too few heads fails', () => {
  const us = [{ id: 'u1', area: 100000n, owners: ['rich'] }, ...units(4).slice(1)];
  const r = run({ units: us, ballots: votes('yes', 'no', 'no', 'no') });
  assert.deepEqual(r.strict.approvalMet, { area: true, heads: false });
  assert.equal(r.outcome, 'FAILED_APPROVAL');
});

test('co-owners count once and a multi-unit buyer votes once for all their area', () => {
  const us: Unit[] = [
    { id: 'a', area: 8952n, owners: ['p1', 'p2'] },
    { id: 'b', area: 8952n, owners: ['p3'] },
    { id: 'c', area: 10530n, owners: ['p3'] },
    { id: 'd', area: 10000n, owners: ['p4'] },
  ];
  const r = run({ units: us, ballots: [ballot('1', 'a', 'yes'), ballot('2', 'c', 'no', 1), ballot('3', 'b', 'yes', 2), ballot('4', 'd', 'yes')] });
  assert.deepEqual(r.strict.electorate, { area: '384.34', heads: 3 });
  assert.deepEqual(r.strict.yes, { area: '384.34', heads: 3 });
  assert.deepEqual(r.ballots.superseded, [{ id: '2', voter: 'c' }]);
});

test("the developer's units vote as one head with their full area", () => {
  const us: Unit[] = [...units(3), { id: 'd1', area: 10000n, owners: [], developerHeld: true }, { id: 'd2', area: 10000n, owners: [], developerHeld: true }];
  const r = run({ units: us, ballots: [...votes('no', 'no', 'yes'), ballot('d', 'd2', 'yes')] });
  assert.deepEqual(r.strict.electorate, { area: '500.00', heads: 4 });
  assert.deepEqual(r.strict.yes, { area: '300.00', heads: 2 });
  assert.equal(r.outcome, 'FAILED_APPROVAL');
});

test('a scoped vote counts only the units of the stairwell; ballots from elsewhere are not on the roll', () => {
  const us: Unit[] = units(6).map((x, i) => ({ ...x, building: '3', stairwell: i < 3 ? '3-1' : '3-2' }));
  const r = run({ units: us, scope: { stairwells: ['3-2'] }, ballots: votes('no', 'no', 'no', 'yes', 'yes', 'no'), matter: 7 });
  assert.deepEqual(r.strict.electorate, { area: '300.00', heads: 3 });
  assert.equal(r.ballots.rejected.filter((x) => x.reason === 'NOT_ON_ROLL').length, 3);
  assert.equal(r.outcome, 'FAILED_APPROVAL');
  const byUnits = run({ units: us, scope: { units: ['u4', 'u5'] }, ballots: votes('no', 'no', 'no', 'yes', 'yes'), matter: 7 });
  assert.equal(byUnits.outcome, 'PASSED');
});

test('an empty scope has no electorate', () => {
  const r = run({ units: units(3), scope: { buildings: ['9'] }, ballots: votes('yes') });
  assert.equal(r.outcome, 'NO_ELECTORATE');
});

test('late ballots do not count', () => {
  const r = run({ units: units(3), ballots: [...votes('yes', 'yes'), ballot('late', 'u3', 'no', afterDeadline)] });
  assert.equal(r.strict.participating.heads, 2);
  assert.deepEqual(r.ballots.rejected, [{ id: 'late', voter: 'u3', reason: 'AFTER_DEADLINE' }]);
});

test('deemed consent: non-voters follow the majority; the strict result stays beside it', () => {
  const input = { units: units(9), ballots: votes('yes', 'yes', 'yes', 'no') };
  const plain = run(input);
  assert.equal(plain.deemed, null);
  assert.equal(plain.outcome, 'FAILED_QUORUM');
  const r = run({ ...input, deemedConsent: { basis: 'rules art. 12' } });
  assert.equal(r.strict.outcome, 'FAILED_QUORUM');
  assert.equal(r.deemed?.outcome, 'PASSED');
  assert.equal(r.outcome, 'PASSED');
  assert.deepEqual(r.deemed?.deemed, { choice: 'yes', area: '500.00', heads: 5 });
  assert.deepEqual(r.deemed?.yes, { area: '800.00', heads: 8 });
  assert.ok(r.explanation.some((s) => s.code === 'outcomeStrictBeside'));
});

test('deemed consent with a majority against makes the no side win', () => {
  const r = run({ units: units(9), ballots: votes('no', 'no', 'yes'), deemedConsent: { basis: 'rules' } });
  assert.equal(r.deemed?.deemed?.choice, 'no');
  assert.equal(r.outcome, 'FAILED_APPROVAL');
});

test('deemed consent without a clear majority in both area and heads adds nobody', () => {
  const us: Unit[] = [{ id: 'u1', area: 50000n, owners: ['o1'] }, ...units(6).slice(1)];
  const r = run({ units: us, ballots: votes('yes', 'no', 'no'), deemedConsent: { basis: 'rules' } });
  assert.equal(r.deemed?.deemed?.choice, null);
  assert.equal(r.deemed?.outcome, r.strict.outcome);
  assert.ok(r.explanation.some((s) => s.code === 'deemedNoMajority'));
});

test('duplicate unit ids are refused', () => {
  assert.throws(() => run({ units: [...units(2), ...units(1)], ballots: [] }), RangeError);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { simpleMajority, type SimpleMajorityInput } from './simpleMajority.ts';
import { ballot, deadline } from './testkit.ts';
import type { YesNoAbstain } from './types.ts';

const members = Array.from({ length: 15 }, (_, i) => `m${i + 1}`);
const votes = (...cs: YesNoAbstain[]) => cs.map((c, i) => ballot(`b${i}`, `m${i + 1}`, c, i));
const base: SimpleMajorityInput = { members, ballots: [], deadline, quorum: { kind: 'moreThan', num: 1, den: 2 } };

test('quorum counts checked-in members and voters; more than half of yes+no passes by default', () => {
  const r = simpleMajority({ ...base, present: ['m10', 'm11', 'm12'], ballots: votes('yes', 'yes', 'yes', 'no', 'no', 'abstain') });
  assert.equal(r.present, 9);
  assert.equal(r.quorumRequired, 8);
  assert.equal(r.base, 5);
  assert.equal(r.outcome, 'PASSED');
});

test('below quorum fails for quorum whatever the votes', () => {
  const r = simpleMajority({ ...base, ballots: votes('yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes') });
  assert.equal(r.outcome, 'FAILED_QUORUM');
  assert.equal(r.quorumRequired, 8);
});

test('whether abstentions count toward the base decides the outcome', () => {
  const b = votes('yes', 'yes', 'yes', 'yes', 'no', 'no', 'abstain', 'abstain');
  assert.equal(simpleMajority({ ...base, ballots: b, majorityBase: 'yesNo' }).outcome, 'PASSED');
  const cast = simpleMajority({ ...base, ballots: b, majorityBase: 'votesCast' });
  assert.equal(cast.outcome, 'FAILED_APPROVAL');
  assert.equal(cast.approvalRequired, 5);
  assert.equal(simpleMajority({ ...base, ballots: b, majorityBase: 'members' }).base, 15);
  assert.equal(simpleMajority({ ...base, ballots: b, present: ['m9', 'm10'], majorityBase: 'present' }).base, 10);
});

test('a quorum given as a count, and a two-thirds approval', () => {
  const r = simpleMajority({
    ...base, quorum: { kind: 'atLeastCount', count: 5 }, approval: { kind: 'atLeast', num: 2, den: 3 },
    ballots: votes('yes', 'yes', 'yes', 'yes', 'no', 'no'),
  });
  assert.equal(r.quorumMet, true);
  assert.equal(r.outcome, 'PASSED');
  assert.equal(r.approvalRequired, 4);
});

test('no yes votes never pass, even with a zero threshold', () => {
  const r = simpleMajority({ ...base, quorum: { kind: 'atLeastCount', count: 0 }, approval: { kind: 'atLeastCount', count: 0 }, ballots: [] });
  assert.equal(r.outcome, 'FAILED_APPROVAL');
});

test('adding a yes vote from a member who had not voted never turns a pass into a fail', () => {
  const arb = fc.record({
    choices: fc.array(fc.constantFrom<YesNoAbstain | null>('yes', 'no', 'abstain', null), { minLength: 15, maxLength: 15 }),
    majorityBase: fc.constantFrom('yesNo' as const, 'votesCast' as const, 'present' as const, 'members' as const),
  });
  fc.assert(
    fc.property(arb, ({ choices, majorityBase }) => {
      const ballots = choices.flatMap((c, i) => (c ? [ballot(`b${i}`, `m${i + 1}`, c, i)] : []));
      const i = choices.indexOf(null);
      if (i < 0 || simpleMajority({ ...base, ballots, majorityBase }).outcome !== 'PASSED') return;
      const more = [...ballots, ballot('x', `m${i + 1}`, 'yes' as const, 99)];
      assert.equal(simpleMajority({ ...base, ballots: more, majorityBase }).outcome, 'PASSED');
    }),
  );
});

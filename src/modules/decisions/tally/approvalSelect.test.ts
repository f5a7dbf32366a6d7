import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { approvalSelect, type ApprovalSelectInput } from './approvalSelect.ts';
import { ballot, deadline } from './testkit.ts';

const voters = [
  { id: 'v1', constituency: 'partyMember' }, { id: 'v2', constituency: 'partyMember' },
  { id: 'v3', constituency: 'localResident' }, { id: 'v4', constituency: 'localResident' },
  { id: 'v5', constituency: 'newResident' }, { id: 'v6' },
];
const options = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((id) => ({ id }));
const input = (choices: string[][], over: Partial<ApprovalSelectInput> = {}): ApprovalSelectInput => ({
  voters, options, seats: [{ count: 2 }], deadline,
  ballots: choices.map((c, i) => ballot(`b${i}`, `v${i + 1}`, c, i)), ...over,
});

test('the options with the most approvals fill the seats, with results per constituency', () => {
  const r = approvalSelect(input([['A', 'B'], ['A', 'C'], ['A', 'B'], ['B'], ['C', 'D'], ['A']]));
  assert.equal(r.outcome, 'ELECTED');
  assert.deepEqual(r.selected, ['A', 'B']);
  assert.deepEqual(r.ballotsByConstituency, { partyMember: 2, localResident: 2, newResident: 1, none: 1 });
  assert.deepEqual(r.options.find((o) => o.id === 'A')?.byConstituency, { partyMember: 2, localResident: 1, none: 1 });
});

test('a tie at the cut-off is reported as TIE, not broken', () => {
  const r = approvalSelect(input([['A', 'B'], ['A', 'C'], ['B', 'C'], ['A']]));
  assert.equal(r.outcome, 'TIE');
  assert.deepEqual(r.selected, ['A']);
  assert.deepEqual(r.tied, ['B', 'C']);
  assert.equal(r.seatsUnfilled, 1);
});

test('a tie above the cut-off is harmless', () => {
  const r = approvalSelect(input([['A', 'B'], ['A', 'B'], ['C']]));
  assert.equal(r.outcome, 'ELECTED');
  assert.deepEqual(r.selected, ['A', 'B']);
});

test('reserved seats are filled first from their constituency, open seats after; a tie stops later groups', () => {
  const opts = [...options.slice(0, 5), { id: 'N1', constituency: 'newResident' }, { id: 'N2', constituency: 'newResident' }];
  const seats = [{ count: 2 }, { count: 1, constituency: 'newResident' }];
  const r = approvalSelect(input([['A', 'B', 'N1'], ['A', 'B', 'N2'], ['A', 'C', 'N1'], ['B']], { options: opts, seats }));
  assert.deepEqual(r.selected, ['N1', 'A', 'B']);
  const tie = approvalSelect(input([['A', 'N1'], ['B', 'N2']], { options: opts, seats }));
  assert.equal(tie.outcome, 'TIE');
  assert.deepEqual(tie.tied, ['N1', 'N2']);
  assert.equal(tie.seatsUnfilled, 3);
  assert.ok(tie.explanation.some((s) => s.code === 'groupSkippedAfterTie'));
});

test('ballots approving too many, unknown or repeated options are rejected', () => {
  const r = approvalSelect(input([['A', 'B', 'C'], ['Z'], ['A', 'A'], ['A']], { maxApprovals: 2 }));
  assert.deepEqual(r.ballots.rejected.map((x) => x.detail), ['TOO_MANY_CHOICES', 'UNKNOWN_OPTION', 'DUPLICATE_OPTION']);
  assert.equal(r.ballots.effective, 1);
});

test('options below the minimum support are not selected, leaving seats unfilled', () => {
  const r = approvalSelect(input([['A', 'B'], ['A'], ['A'], ['A']], { minSupport: { kind: 'moreThan', num: 1, den: 2 } }));
  assert.equal(r.outcome, 'PARTIAL');
  assert.deepEqual(r.selected, ['A']);
});

test('permuting ballots does not change the selection', () => {
  const arb = fc.array(fc.subarray(['A', 'B', 'C', 'D', 'E']), { minLength: 6, maxLength: 6 });
  fc.assert(
    fc.property(arb, (choices) => {
      const i = input(choices);
      const reversed = { ...i, ballots: [...i.ballots].reverse() };
      assert.deepEqual(approvalSelect(reversed), approvalSelect(i));
    }),
  );
});

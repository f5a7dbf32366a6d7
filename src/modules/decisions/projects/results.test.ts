import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approvalSelect } from '../tally/index.ts';
import { resolveTie, roundResult } from './results.ts';

const deadline = '2026-03-01T12:00:00+08:00';
const at = '2026-03-01T10:00:00+08:00';
const voters = [
  { id: 'v1', constituency: 'partyMember' }, { id: 'v2', constituency: 'partyMember' },
  { id: 'v3', constituency: 'localResident' }, { id: 'v4', constituency: 'newResident' },
];
const options = [{ id: 'a', constituency: 'newResident' }, { id: 'b' }, { id: 'c' }];
const ballot = (voter: string, choice: string[]) => ({ id: `b-${voter}`, voter, choice, time: at, channel: 'web' as const });

test('per-proposal approvals broken down by the voters’ constituency', () => {
  const tally = approvalSelect({
    voters, options, deadline, maxApprovals: 2,
    seats: [{ constituency: 'newResident', count: 1 }, { count: 1 }],
    ballots: [ballot('v1', ['b', 'c']), ballot('v2', ['b']), ballot('v3', ['a', 'b']), ballot('v4', ['a'])],
  });
  const r = roundResult(tally, ['a', 'b', 'c']);
  assert.equal(r.outcome, 'ELECTED');
  assert.deepEqual(r.chosen, ['a', 'b']);
  assert.deepEqual(r.proposals[0], { proposalId: 'b', approvals: 3, byConstituency: { partyMember: 2, localResident: 1 }, chosen: true });
  assert.deepEqual(r.proposals.find((x) => x.proposalId === 'a')?.byConstituency, { localResident: 1, newResident: 1 });
  assert.equal(r.proposals.find((x) => x.proposalId === 'c')?.chosen, false);
  assert.deepEqual(r.ballotsByConstituency, { partyMember: 2, localResident: 1, newResident: 1 });
});

test('a tie is settled by picking exactly the open seats among the tied', () => {
  const tally = approvalSelect({
    voters, options, deadline, seats: [{ count: 2 }],
    ballots: [ballot('v1', ['a', 'b']), ballot('v2', ['a', 'c'])],
  });
  const r = roundResult(tally, ['a', 'b', 'c']);
  assert.equal(r.outcome, 'TIE');
  assert.deepEqual(r.chosen, ['a']);
  assert.deepEqual([...r.tied].sort(), ['b', 'c']);
  assert.deepEqual(resolveTie(r, 2, ['c']), ['a', 'c']);
  assert.deepEqual(resolveTie(r, 2, ['b', 'c']), { code: 'tiePickCount', params: { seats: 1 } });
  assert.deepEqual(resolveTie(r, 2, ['a']), { code: 'tiePickNotTied', params: {} });
});

test('a round is never read from another method’s result', () => {
  assert.throws(() => roundResult({ method: 'score' } as Parameters<typeof roundResult>[0], []));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MotionRule, RollEntry } from '../contracts.ts';
import { countTally, parseTallyFile } from '../tally/index.ts';
import { choiceProblem, ruleProblems, spoiledChoice, tallyFile } from './rule.ts';

const civil: MotionRule = { method: 'civilCode278', matter: 7 };
const select: MotionRule = { method: 'approvalSelect', options: [{ id: 'P1' }, { id: 'P2' }, { id: 'P3' }], seats: [{ count: 1 }], maxApprovals: 2 };
const ranked: MotionRule = { method: 'rankedChoice', options: [{ id: 'A' }, { id: 'B' }] };
const scored: MotionRule = { method: 'score', options: [{ id: 'A' }, { id: 'B' }], minScore: 0, maxScore: 5 };

test('a choice is checked against the method: yes/no/abstain, approvals within the limit, rankings, scores in range', () => {
  assert.equal(choiceProblem(civil, 'yes'), null);
  assert.equal(choiceProblem(civil, 'abstain'), null);
  assert.equal(choiceProblem(civil, 'maybe'), 'UNKNOWN_OPTION');
  assert.equal(choiceProblem(civil, ['yes']), 'UNKNOWN_OPTION');
  assert.equal(choiceProblem(select, ['P1', 'P2']), null);
  assert.equal(choiceProblem(select, []), null, 'approving nothing is a valid blank ballot');
  assert.equal(choiceProblem(select, ['P1', 'P2', 'P3']), 'TOO_MANY_CHOICES');
  assert.equal(choiceProblem(select, ['P1', 'P1']), 'DUPLICATE_OPTION');
  assert.equal(choiceProblem(select, ['P9']), 'UNKNOWN_OPTION');
  assert.equal(choiceProblem(select, 'P1'), 'UNKNOWN_OPTION');
  assert.equal(choiceProblem(ranked, ['B', 'A']), null);
  assert.equal(choiceProblem(ranked, []), 'EMPTY_RANKING');
  assert.equal(choiceProblem(scored, { A: 5, B: 0 }), null);
  assert.equal(choiceProblem(scored, { A: 6 }), 'SCORE_OUT_OF_RANGE');
  assert.equal(choiceProblem(scored, { A: 2.5 }), 'SCORE_OUT_OF_RANGE');
  assert.equal(choiceProblem(scored, { A: '3' }), 'SCORE_OUT_OF_RANGE');
  assert.equal(choiceProblem(scored, { C: 1 }), 'UNKNOWN_OPTION');
  assert.equal(choiceProblem(scored, ['A']), 'UNKNOWN_OPTION');
});

test('a rule is checked as the tally file would be, plus what a motion needs', () => {
  assert.deepEqual(ruleProblems(civil, { kind: 'owners', scopeCode: 'B1' }, false), []);
  const codes = ruleProblems({ method: 'civilCode278', matter: 12 } as unknown as MotionRule, { kind: 'households', scopeCode: 'B1' }, true).map((e) => `${e.path} ${e.code}`);
  assert.deepEqual(codes.sort(), ['/electorate/kind votes.error.ownersRollNeeded', '/rule/matter tally.error.schema', '/secret votes.error.secretByArea']);
  assert.deepEqual(ruleProblems({ method: 'simpleMajority', quorum: { atLeast: '3/2' } }, { kind: 'body', bodyId: 'b' }, true).map((e) => e.path), ['/rule/quorum/atLeast']);
  assert.equal(ruleProblems({ ...select, units: [] } as unknown as MotionRule, { kind: 'households', scopeCode: 'B1' }, false)[0]?.code, 'tally.error.unknownField');
});

test('the tally file built from a frozen roll counts with the CLI’s parser, spoiled papers included', () => {
  const roll: RollEntry[] = [
    { voterId: 'H1', label: 'a', unit: { area: '80.00', owners: ['o1'] } },
    { voterId: 'H2', label: 'b', unit: { area: '120.50', owners: ['o2', 'o3'] } },
    { voterId: 'H3', label: 'c', unit: { area: '99.99', owners: [], developerHeld: true } },
  ];
  const at = '2026-01-01T00:00:00.000Z';
  const file = tallyFile('t', civil, roll, [
    { id: 'b1', voter: 'H1', choice: 'yes', time: at, channel: 'web' },
    { id: 'b2', voter: 'H2', choice: spoiledChoice(civil), time: at, channel: 'paper', spoiled: true },
    { id: 'b3', voter: 'H3', choice: 'yes', time: at, channel: 'doorToDoor' },
  ], '2026-01-02T00:00:00Z');
  const parsed = parseTallyFile(file);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors));
  const result = countTally(parsed.request);
  assert.equal(result.method, 'civilCode278');
  assert.deepEqual(result.ballots.rejected.map((r) => r.reason), ['SPOILED']);
  for (const rule of [select, ranked, scored]) {
    const f = tallyFile('t', rule, [{ voterId: 'v', label: '' }], [{ id: 'x', voter: 'v', choice: spoiledChoice(rule), time: at, channel: 'paper', spoiled: true }], at);
    assert.ok(parseTallyFile(f).ok, rule.method);
  }
});

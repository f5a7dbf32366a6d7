import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankedChoice } from './rankedChoice.ts';
import { ballot, deadline } from './testkit.ts';

const run = (rankings: string[][], options = ['A', 'B', 'C', 'D']) =>
  rankedChoice({
    voters: rankings.map((_, i) => `v${i}`), options, deadline,
    ballots: rankings.map((r, i) => ballot(`b${i}`, `v${i}`, r, i)),
  });
const times = (n: number, r: string[]) => Array.from({ length: n }, () => r);

test('a first-round majority wins at once', () => {
  const r = run([...times(3, ['A']), ...times(2, ['B'])]);
  assert.equal(r.winner, 'A');
  assert.equal(r.rounds.length, 1);
});

test('the last option is eliminated and its ballots move on, exhausted ones drop out', () => {
  const r = run([...times(4, ['A', 'B']), ...times(3, ['B', 'A']), ...times(3, ['C', 'B']), ['D', 'C', 'B'], ['D']]);
  assert.equal(r.outcome, 'ELECTED');
  assert.equal(r.winner, 'A');
  assert.deepEqual(r.rounds.map((x) => x.eliminated), [['D'], ['B'], undefined]);
  assert.deepEqual(r.rounds[2]?.counts, { A: 7, C: 4 });
  assert.equal(r.rounds[1]?.exhausted, 1);
});

test('options tied for last that together stay below the next are eliminated together', () => {
  const r = run([...times(5, ['A']), ...times(4, ['B']), ['C', 'B'], ['D', 'B']]);
  assert.deepEqual(r.rounds[0]?.eliminated, ['C', 'D']);
  assert.equal(r.winner, 'B');
});

test('a tie for last is broken by an earlier round, and a tie no round separates is reported', () => {
  const broken = run([...times(4, ['A']), ...times(3, ['B']), ...times(3, ['C']), ['D', 'B'], ['D', 'B']].concat([['E', 'C']]), ['A', 'B', 'C', 'D', 'E']);
  // Round 1: A4 B3 C3 D2 E1; E out -> C4. Round 2: A4 B3 C4 D2; D out -> B5. Round 3: A4 B5 C4, A and C tie: round 1 had A4 C3.
  assert.ok(broken.explanation.some((s) => s.code === 'eliminationTieBroken'));
  assert.equal(broken.rounds[2]?.eliminated?.[0], 'C');
  const tie = run([...times(4, ['A', 'B']), ...times(3, ['B', 'A']), ...times(2, ['C', 'B']), ...times(2, ['D', 'C', 'A'])]);
  assert.equal(tie.outcome, 'TIE');
  assert.deepEqual(tie.tied, ['C', 'D']);
});

test('two options with equal votes at the end are a tie', () => {
  const r = run([...times(2, ['A']), ...times(2, ['B'])], ['A', 'B']);
  assert.equal(r.outcome, 'TIE');
  assert.deepEqual(r.tied, ['A', 'B']);
});

test('no effective ballot, no winner', () => {
  assert.equal(run([]).outcome, 'NO_BALLOTS');
  assert.equal(run([['Z']]).ballots.rejected[0]?.detail, 'UNKNOWN_OPTION');
});

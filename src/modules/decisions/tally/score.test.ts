import { test } from 'node:test';
import assert from 'node:assert/strict';
import { score } from './score.ts';
import { ballot, deadline } from './testkit.ts';

const run = (cards: Record<string, number>[], winners = 1) =>
  score({
    voters: cards.map((_, i) => `v${i}`), options: ['F1', 'F2', 'F3'], deadline, minScore: 0, maxScore: 10, winners,
    ballots: cards.map((c, i) => ballot(`b${i}`, `v${i}`, c, i)),
  });

test('the highest totals win; means are shown but do not rank', () => {
  const r = run([{ F1: 9, F2: 10 }, { F1: 8 }, { F1: 7, F3: 10 }]);
  assert.deepEqual(r.winners, ['F1']);
  assert.deepEqual(r.options.map((o) => [o.id, o.total, o.ratings, o.mean]), [['F1', 24, 3, '8.00'], ['F2', 10, 1, '10.00'], ['F3', 10, 1, '10.00']]);
});

test('a tie at the last award is reported', () => {
  const r = run([{ F1: 9, F2: 8, F3: 8 }], 2);
  assert.equal(r.outcome, 'TIE');
  assert.deepEqual(r.winners, ['F1']);
  assert.deepEqual(r.tied, ['F2', 'F3']);
});

test('scores out of range or for unknown options void the ballot', () => {
  const r = run([{ F1: 11 }, { F9: 1 }, { F1: 2.5 }, { F2: 3 }]);
  assert.deepEqual(r.ballots.rejected.map((x) => x.detail), ['SCORE_OUT_OF_RANGE', 'UNKNOWN_OPTION', 'SCORE_OUT_OF_RANGE']);
  assert.deepEqual(r.winners, ['F2']);
  assert.equal(run([]).outcome, 'NO_BALLOTS');
});

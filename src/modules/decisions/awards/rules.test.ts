import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankedChoice, score } from '../tally/index.ts';
import { awardOutcome, awardRule, AwardRuleError, checkMethod, next, nomineeKindFor, publicLabel } from './rules.ts';

const deadline = '2026-05-01T12:00:00+08:00';
const time = '2026-05-01T09:00:00+08:00';

test('families and courtyards are households; stairwells are stairwells', () => {
  assert.equal(nomineeKindFor('family'), 'household');
  assert.equal(nomineeKindFor('courtyard'), 'household');
  assert.equal(nomineeKindFor('stairwell'), 'stairwell');
});

test('ranked choice elects one; a score vote may give several awards', () => {
  assert.doesNotThrow(() => checkMethod('rankedChoice', 1));
  assert.throws(() => checkMethod('rankedChoice', 3), (e: unknown) => e instanceof AwardRuleError && e.code === 'awardRankedChoiceOneWinner');
  assert.throws(() => checkMethod('score', 0), AwardRuleError);
  assert.deepEqual(awardRule('score', 2, [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }, { id: 'c', title: 'C' }]),
    { method: 'score', options: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }, { id: 'c', title: 'C' }], minScore: 1, maxScore: 5, winners: 2 });
  assert.throws(() => awardRule('score', 2, [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }]), (e: unknown) => e instanceof AwardRuleError && e.code === 'awardTooFewNominees');
});

test('a public label stops at the stairwell', () => {
  assert.equal(publicLabel({ estate: '西山新村', building: '3幢', stairwell: '2单元' }), '西山新村3幢2单元');
  assert.equal(publicLabel({ estate: '山下庄', building: '18号', stairwell: '' }, '陈家'), '陈家（山下庄18号）');
});

test('winners come from the count; ties wait for the managers', () => {
  const s = score({ voters: ['h1', 'h2'], options: ['a', 'b', 'c'], minScore: 1, maxScore: 5, winners: 1, deadline,
    ballots: [{ id: 'b1', voter: 'h1', choice: { a: 5, b: 3 }, time, channel: 'web' }, { id: 'b2', voter: 'h2', choice: { a: 4, b: 5 }, time, channel: 'web' }] });
  assert.deepEqual(awardOutcome(s), { status: 'published', winners: ['a'], tied: [] });
  const tie = score({ voters: ['h1', 'h2'], options: ['a', 'b'], minScore: 1, maxScore: 5, winners: 1, deadline,
    ballots: [{ id: 'b3', voter: 'h1', choice: { a: 5, b: 4 }, time, channel: 'web' }, { id: 'b4', voter: 'h2', choice: { a: 4, b: 5 }, time, channel: 'web' }] });
  assert.equal(awardOutcome(tie).status, 'tied');
  const rc = rankedChoice({ voters: ['h1', 'h2', 'h3'], options: ['a', 'b'], deadline,
    ballots: [{ id: 'b5', voter: 'h1', choice: ['a'], time, channel: 'web' }, { id: 'b6', voter: 'h2', choice: ['a', 'b'], time, channel: 'paper' }, { id: 'b7', voter: 'h3', choice: ['b'], time, channel: 'web' }] });
  assert.deepEqual(awardOutcome(rc), { status: 'published', winners: ['a'], tied: [] });
});

test('campaign status: nominate → vote → published or tied', () => {
  assert.equal(next('nominating', 'nominate'), 'nominating');
  assert.equal(next('nominating', 'openVote'), 'voting');
  assert.equal(next('voting', 'counted', 'tied'), 'tied');
  assert.equal(next('tied', 'resolveTie'), 'published');
  assert.throws(() => next('voting', 'nominate'), AwardRuleError);
  assert.throws(() => next('published', 'openVote'), AwardRuleError);
});

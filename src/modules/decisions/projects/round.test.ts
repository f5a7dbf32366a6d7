import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionsIn, can, next, RoundRuleError, roundStatuses, type RoundAction } from './round.ts';

test('a round walks collect → deliberate → vote → publish → review → close', () => {
  let s = next('collecting', 'startDeliberation');
  assert.equal(s, 'deliberating');
  s = next(s, 'openVote');
  assert.equal(s, 'voting');
  s = next(s, 'voteElected');
  assert.equal(s, 'published');
  assert.equal(next(s, 'reportProgress'), 'published');
  s = next(s, 'startReview');
  assert.equal(s, 'reviewing');
  s = next(s, 'reviewsDone');
  assert.equal(s, 'closed');
});

test('a tie waits for the managers, then publishes', () => {
  assert.equal(next('voting', 'voteTied'), 'tied');
  assert.equal(next('tied', 'resolveTie'), 'published');
  assert.throws(() => next('tied', 'startReview'), RoundRuleError);
});

test('proposals are taken only while collecting; comments until the vote opens', () => {
  assert.ok(can('collecting', 'propose'));
  assert.ok(!can('deliberating', 'propose'));
  assert.ok(can('deliberating', 'comment'));
  assert.ok(!can('voting', 'comment'));
  assert.ok(!can('voting', 'shortlist'), 'the ballot is frozen once the vote opens');
});

test('the next year opens only after publication', () => {
  for (const s of roundStatuses) assert.equal(can(s, 'openNext'), ['published', 'reviewing', 'closed'].includes(s), s);
});

test('a forbidden action names itself and the status', () => {
  try {
    next('closed', 'openVote');
    assert.fail('should throw');
  } catch (error) {
    assert.ok(error instanceof RoundRuleError);
    assert.deepEqual(error.params, { action: 'openVote', status: 'closed' });
  }
});

test('every status but closed-for-good offers at least one action, and actionsIn agrees with can', () => {
  for (const s of roundStatuses) {
    const actions = actionsIn(s);
    assert.ok(actions.length > 0, s);
    for (const a of ['propose', 'openVote', 'startReview'] as RoundAction[]) assert.equal(actions.includes(a), can(s, a));
  }
});

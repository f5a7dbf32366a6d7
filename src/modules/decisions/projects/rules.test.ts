import { test } from 'node:test';
import assert from 'node:assert/strict';
import { carryOver } from './carryOver.ts';
import { checkProgress, milestoneShare } from './progress.ts';
import { allReviewed, reviewedStatus } from './review.ts';
import { addMonths, afterTerm, firstTerm, nextTerm, renewalDueAt, termOverAt } from './terms.ts';

test('only unchosen, unwithdrawn proposals carry over, each once', () => {
  const proposals = [
    { id: 'a', status: 'notChosen' }, { id: 'b', status: 'chosen' }, { id: 'c', status: 'withdrawn' },
    { id: 'd', status: 'submitted' }, { id: 'e', status: 'carriedOver' },
  ];
  assert.deepEqual(carryOver(proposals, ['a', 'b', 'c', 'd', 'e', 'x', 'a']), { carry: ['a', 'd'], refused: ['b', 'c', 'e', 'x'] });
});

test('progress is a whole percent that does not go back', () => {
  assert.equal(checkProgress(40, 40), null);
  assert.equal(checkProgress(40, 100), null);
  assert.equal(checkProgress(40, 30)?.code, 'progressBackwards');
  assert.equal(checkProgress(0, 101)?.code, 'progressOutOfRange');
  assert.equal(checkProgress(0, 12.5)?.code, 'progressOutOfRange');
  assert.equal(milestoneShare([]), 0);
  assert.equal(milestoneShare([{ doneOn: '2026-04-01' }, { doneOn: null }, { doneOn: null }]), 33);
});

test('the completion review: yes accepts, the round closes when every project has a verdict', () => {
  assert.equal(reviewedStatus(true), 'accepted');
  assert.equal(reviewedStatus(false), 'notAccepted');
  assert.ok(allReviewed(['accepted', 'notAccepted']));
  assert.ok(!allReviewed(['accepted', 'inReview']));
  assert.ok(!allReviewed([]));
});

test('terms: months add to the same day, a term ends the day before', () => {
  assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
  assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
  assert.equal(addMonths('2026-11-15', 3), '2027-02-15');
  const t = firstTerm('2026-01-01', 12);
  assert.deepEqual(t, { termNo: 1, startsOn: '2026-01-01', endsOn: '2026-12-31' });
  assert.deepEqual(nextTerm(t, 12), { termNo: 2, startsOn: '2027-01-01', endsOn: '2027-12-31' });
  assert.equal(termOverAt(t).toISOString(), '2027-01-01T00:00:00.000Z');
});

test('the renewal vote opens the notice period before the end, never before the start', () => {
  const t = firstTerm('2026-01-01', 12);
  assert.equal(renewalDueAt(t, 30).toISOString(), '2026-12-02T00:00:00.000Z');
  assert.equal(renewalDueAt(firstTerm('2026-01-01', 1), 90).toISOString(), '2026-01-01T00:00:00.000Z');
});

test('a project continues past its term only if the renewal passed', () => {
  assert.equal(afterTerm('renewalPending', true), 'active');
  assert.equal(afterTerm('renewalPending', false), 'ended');
  assert.equal(afterTerm('renewalPending', null), 'ended', 'no decision is not a renewal');
  assert.equal(afterTerm('active', null), 'ended');
  assert.equal(afterTerm('ended', true), 'ended');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLadder, ladderPlan, percentile, purposeSteps, stepApplies, validateLadder } from './ladder.ts';

test('an alarm schedules widen, staff and family; a fall also advises 120 at once', () => {
  assert.deepEqual(ladderPlan(defaultLadder, 'alarm').map((p) => [p.step.afterSeconds, p.step.action]), [[30, 'widen'], [60, 'notifyStaff'], [120, 'notifyFamily']]);
  assert.deepEqual(ladderPlan(defaultLadder, 'fall').map((p) => p.step.action), ['advise120', 'widen', 'notifyStaff', 'notifyFamily']);
});

test('a medical purpose advises 120 at once', () => {
  assert.deepEqual(purposeSteps(defaultLadder, 'medical').map((p) => p.step.action), ['advise120']);
  assert.deepEqual(purposeSteps(defaultLadder, 'shopping'), []);
});

test('steps stop applying once accepted (widen, staff) or cancelled (all)', () => {
  const [widen, , family] = ladderPlan(defaultLadder, 'alarm').map((p) => p.step);
  assert.equal(stepApplies(widen!, 'open'), true);
  assert.equal(stepApplies(widen!, 'accepted'), false);
  assert.equal(stepApplies(family!, 'accepted'), true);
  assert.equal(stepApplies(family!, 'cancelled'), false);
  assert.equal(stepApplies(family!, 'resolved'), false);
});

test('a configured ladder is validated', () => {
  assert.deepEqual(validateLadder([{ afterSeconds: 45, action: 'widen', onlyIfUnaccepted: true }]), [{ afterSeconds: 45, action: 'widen', onlyIfUnaccepted: true }]);
  assert.equal(validateLadder([{ afterSeconds: -1, action: 'widen' }]), null);
  assert.equal(validateLadder([{ afterSeconds: 1, action: 'launch' }]), null);
  assert.equal(validateLadder('x'), null);
});

test('percentiles interpolate like percentile_cont', () => {
  assert.equal(percentile([], 0.5), null);
  assert.equal(percentile([10], 0.99), 10);
  assert.equal(percentile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(percentile([0, 100], 0.9), 90);
});

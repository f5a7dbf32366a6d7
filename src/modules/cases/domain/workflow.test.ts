import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply } from './apply.ts';
import {
  acceptEvent,
  at,
  attempt,
  errorCode,
  grid,
  gridWorker,
  otherGridWorker,
  property,
  propertyStaff,
  reporter,
  run,
  signer,
  stranger,
  toChecked,
  type EventInput,
} from './testkit.ts';
import type { Effect } from './types.ts';

const M = 60_000;
const t0 = at('2025-03-03T09:00');
const timers = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'scheduleTimer' ? [e.timer.id] : []));
const cancels = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'cancelTimer' ? [e.id] : []));

test('accept creates the case, schedules the reminder and escalation for the case deadline and tells the responsible unit', () => {
  const r = apply(undefined, acceptEvent());
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.state.status, 'accepted');
  assert.deepEqual(r.state.responsible, grid);
  assert.deepEqual(r.effects.filter((e) => e.type === 'scheduleTimer'), [
    { type: 'scheduleTimer', timer: { id: 'c1:case:1:reminder', caseId: 'c1', scope: 'case', kind: 'reminder', at: at('2025-03-06T13:30') } },
    { type: 'scheduleTimer', timer: { id: 'c1:case:1:escalation', caseId: 'c1', scope: 'case', kind: 'escalation', at: at('2025-03-06T17:30') } },
  ]);
  const notify = r.effects.find((e) => e.type === 'notify');
  assert.deepEqual(notify && notify.type === 'notify' && notify.message, { key: 'cases.notice.assigned', params: { caseId: 'c1', dueAt: '2025-03-06 17:30' } });
});

test('accept refuses a deadline not after acceptance, an existing case, and events for an unknown case', () => {
  assert.equal(errorCode(apply(undefined, acceptEvent('c1', t0, { deadline: { dueAt: t0 } }))), 'deadlineInvalid');
  const { state } = run([acceptEvent() as EventInput]);
  assert.equal(errorCode(apply(state, acceptEvent())), 'caseExists');
  assert.equal(errorCode(apply(undefined, { type: 'verify', caseId: 'x', at: t0, actor: gridWorker })), 'caseNotFound');
  assert.equal(errorCode(apply(state, { type: 'verify', caseId: 'x', at: t0, actor: gridWorker })), 'wrongCase');
  assert.equal(errorCode(attempt(state, { type: 'verify', at: t0 - 1, actor: gridWorker })), 'outOfOrder');
});

test('the full loop: accepted → verified → dispatched → handled → reportedBack → checked → closed → rated', () => {
  const steps = toChecked();
  const statuses = steps.map((_, i) => run(steps.slice(0, i + 1)).state.status);
  assert.deepEqual(statuses, ['accepted', 'verified', 'dispatched', 'handled', 'reportedBack', 'checked']);
  const checked = run(steps).state;
  assert.deepEqual(checked.responsible, property);
  assert.deepEqual(checked.supervisor, grid);
  assert.equal(checked.firstDispatchedAt, t0 + 60 * M);
  const closed = run([{ type: 'close', at: t0 + 160 * M, actor: gridWorker }], 'c1', checked);
  assert.equal(closed.state.status, 'closed');
  assert.equal(closed.state.closedAt, t0 + 160 * M);
  assert.deepEqual(cancels(closed.effects), ['c1:case:1:reminder', 'c1:case:1:escalation']);
  assert.ok(closed.effects.some((e) => e.type === 'requestRating' && e.residents.join() === 'r-1,r-2'));
  assert.ok(closed.effects.some((e) => e.type === 'notify' && e.audience === 'followers' && e.message.key === 'cases.notice.closed.resolved'));
  const rated = run([{ type: 'rate', at: t0 + 200 * M, actor: reporter, satisfied: true, score: 5 }], 'c1', closed.state);
  assert.equal(rated.state.status, 'rated');
  assert.deepEqual(rated.state.ratings, [{ by: 'r-1', at: t0 + 200 * M, satisfied: true, score: 5 }]);
});

test('every step refuses statuses it does not follow', () => {
  const accepted = run([acceptEvent() as EventInput]).state;
  assert.equal(errorCode(attempt(accepted, { type: 'handle', at: t0, actor: gridWorker })), 'invalidTransition');
  assert.equal(errorCode(attempt(accepted, { type: 'dispatch', at: t0, actor: gridWorker, to: property })), 'invalidTransition');
  assert.equal(errorCode(attempt(accepted, { type: 'reportBack', at: t0, actor: gridWorker, outcome: 'resolved' })), 'invalidTransition');
  assert.equal(errorCode(attempt(accepted, { type: 'check', at: t0, actor: gridWorker, passed: true })), 'invalidTransition');
  assert.equal(errorCode(attempt(accepted, { type: 'rate', at: t0, actor: reporter, satisfied: true })), 'invalidTransition');
  assert.equal(errorCode(attempt(accepted, { type: 'resume', at: t0, actor: gridWorker })), 'invalidTransition');
});

test('a case that was not checked cannot be closed; a closed case cannot be closed again', () => {
  const steps = toChecked();
  for (const n of [1, 2, 3, 4, 5]) {
    const s = run(steps.slice(0, n)).state;
    assert.equal(errorCode(attempt(s, { type: 'close', at: t0 + 200 * M, actor: gridWorker })), 'notChecked', s.status);
  }
  const closed = run([...steps, { type: 'close', at: t0 + 160 * M, actor: gridWorker }]).state;
  assert.equal(errorCode(attempt(closed, { type: 'close', at: t0 + 170 * M, actor: gridWorker })), 'invalidTransition');
});

test('only the responsible unit acts; only the dispatching unit checks and closes', () => {
  const steps = toChecked();
  const dispatched = run(steps.slice(0, 3)).state;
  assert.equal(errorCode(attempt(dispatched, { type: 'handle', at: t0 + 2 * 60 * M, actor: gridWorker })), 'notResponsible');
  const accepted = run(steps.slice(0, 1)).state;
  assert.equal(errorCode(attempt(accepted, { type: 'verify', at: t0 + M, actor: otherGridWorker })), 'notResponsible');
  const reported = run(steps.slice(0, 5)).state;
  assert.equal(errorCode(attempt(reported, { type: 'check', at: t0 + 150 * M, actor: propertyStaff, passed: true })), 'notResponsible');
  const checked = run(steps).state;
  assert.equal(errorCode(attempt(checked, { type: 'close', at: t0 + 160 * M, actor: propertyStaff })), 'notResponsible');
});

test('reporting back needs an outcome; handling records the worker', () => {
  const handled = run(toChecked().slice(0, 4)).state;
  assert.equal(handled.handler, propertyStaff.id);
  const bad = { type: 'reportBack', at: t0 + 130 * M, actor: propertyStaff } as unknown as EventInput;
  assert.equal(errorCode(attempt(handled, bad)), 'outcomeRequired');
});

test('a failed check needs a reason and sends the case back for rework', () => {
  const reported = run(toChecked().slice(0, 5)).state;
  assert.equal(errorCode(attempt(reported, { type: 'check', at: t0 + 150 * M, actor: gridWorker, passed: false })), 'reasonRequired');
  const r = run([{ type: 'check', at: t0 + 150 * M, actor: gridWorker, passed: false, reason: 'lamp still off' }], 'c1', reported);
  assert.equal(r.state.status, 'reopened');
  assert.equal(r.state.reworkCount, 1);
  assert.ok(r.effects.some((e) => e.type === 'notify' && e.message.key === 'cases.notice.rework'));
  const again = run([{ type: 'handle', at: t0 + 180 * M, actor: propertyStaff }], 'c1', r.state);
  assert.equal(again.state.status, 'handled');
});

test("a reporter's rejection reopens the case as rework and counts as an unsatisfied rating", () => {
  const closed = run([...toChecked(), { type: 'close', at: t0 + 160 * M, actor: gridWorker }]).state;
  assert.equal(errorCode(attempt(closed, { type: 'reject', at: t0 + 170 * M, actor: reporter, reason: ' ' })), 'reasonRequired');
  assert.equal(errorCode(attempt(closed, { type: 'reject', at: t0 + 170 * M, actor: signer, reason: 'no' })), 'notAReporter');
  const r = run([{ type: 'reject', at: t0 + 170 * M, actor: reporter, reason: 'still dark' }], 'c1', closed);
  assert.equal(r.state.status, 'reopened');
  assert.equal(r.state.reworkCount, 1);
  assert.equal(r.state.closedAt, undefined);
  assert.deepEqual(r.state.ratings, [{ by: 'r-1', at: t0 + 170 * M, satisfied: false }]);
  // The case deadline is still ahead, so its timers come back under the same version.
  assert.deepEqual(timers(r.effects), ['c1:case:1:reminder', 'c1:case:1:escalation']);
  const again = run(
    [
      { type: 'handle', at: t0 + 200 * M, actor: propertyStaff },
      { type: 'reportBack', at: t0 + 210 * M, actor: propertyStaff, outcome: 'resolved' },
      { type: 'check', at: t0 + 220 * M, actor: gridWorker, passed: true },
      { type: 'close', at: t0 + 230 * M, actor: gridWorker },
    ],
    'c1',
    r.state,
  ).state;
  assert.equal(errorCode(attempt(again, { type: 'reject', at: t0 + 240 * M, actor: reporter, reason: 'x' })), 'alreadyRated');
});

test('rating: reporters and co-signers rate once each, score 1–5; others may not', () => {
  const closed = run([...toChecked(), { type: 'close', at: t0 + 160 * M, actor: gridWorker }]).state;
  assert.equal(errorCode(attempt(closed, { type: 'rate', at: t0 + 170 * M, actor: stranger, satisfied: true })), 'notARater');
  assert.equal(errorCode(attempt(closed, { type: 'rate', at: t0 + 170 * M, actor: reporter, satisfied: true, score: 6 })), 'invalidScore');
  const one = run([{ type: 'rate', at: t0 + 170 * M, actor: signer, satisfied: false, score: 2 }], 'c1', closed).state;
  assert.equal(errorCode(attempt(one, { type: 'rate', at: t0 + 171 * M, actor: signer, satisfied: true })), 'alreadyRated');
  const two = run([{ type: 'rate', at: t0 + 172 * M, actor: reporter, satisfied: true }], 'c1', one).state;
  assert.equal(two.ratings.length, 2);
});

test('apply never mutates its input and the result does not share changed arrays', () => {
  const closed = run([...toChecked(), { type: 'close', at: t0 + 160 * M, actor: gridWorker }]).state;
  const before = JSON.stringify(closed);
  run([{ type: 'rate', at: t0 + 170 * M, actor: reporter, satisfied: true }], 'c1', closed);
  assert.equal(JSON.stringify(closed), before);
});

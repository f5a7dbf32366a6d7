import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptEvent,
  at,
  attempt,
  community,
  communityStaff,
  errorCode,
  grid,
  gridWorker,
  otherGrid,
  otherGridWorker,
  property,
  propertyStaff,
  run,
  streetStaff,
  system,
  toChecked,
  type EventInput,
} from './testkit.ts';
import type { Effect } from './types.ts';

const M = 60_000;
const t0 = at('2025-03-03T09:00');
const accepted = () => run([acceptEvent() as EventInput]).state;
const dispatched = () => run(toChecked().slice(0, 3)).state;
const scheduled = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'scheduleTimer' ? [e.timer.id] : []));
const cancelled = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'cancelTimer' ? [e.id] : []));

test('a return needs a reason and hands the case to the level above, which decides', () => {
  const s = dispatched();
  assert.equal(errorCode(attempt(s, { type: 'return', at: t0 + 70 * M, actor: propertyStaff, to: community, reason: '' })), 'reasonRequired');
  assert.equal(errorCode(attempt(s, { type: 'return', at: t0 + 70 * M, actor: propertyStaff, to: property, reason: 'x' })), 'transferToSelf');
  const step = { dueAt: at('2025-03-04T17:30') };
  const r = run([{ type: 'return', at: t0 + 70 * M, actor: propertyStaff, to: community, reason: 'public land, not ours', step }], 'c1', s);
  assert.equal(r.state.status, 'returned');
  assert.deepEqual(r.state.responsible, community);
  assert.equal(r.state.handler, undefined);
  assert.deepEqual(scheduled(r.effects), ['c1:step:1:escalation']);
  assert.ok(r.effects.some((e) => e.type === 'notify' && e.audience === 'unit' && e.unit === community));
  const d = run([{ type: 'dispatch', at: t0 + 80 * M, actor: communityStaff, to: otherGrid }], 'c1', r.state);
  assert.equal(d.state.status, 'dispatched');
  assert.deepEqual(d.state.supervisor, community);
  assert.equal(d.state.firstDispatchedAt, t0 + 60 * M);
  assert.deepEqual(cancelled(d.effects), ['c1:step:1:reminder', 'c1:step:1:escalation']);
});

test('a handled case can no longer be returned or transferred', () => {
  const handled = run(toChecked().slice(0, 4)).state;
  assert.equal(errorCode(attempt(handled, { type: 'return', at: t0 + 125 * M, actor: propertyStaff, to: community, reason: 'x' })), 'invalidTransition');
  assert.equal(errorCode(attempt(handled, { type: 'requestTransfer', at: t0 + 125 * M, actor: propertyStaff, to: grid, reason: 'x' })), 'invalidTransition');
});

test('a transfer is pending until the target accepts; one responsible unit at a time', () => {
  const s = accepted();
  const req = { type: 'requestTransfer', at: t0 + M, actor: gridWorker, to: otherGrid, reason: 'next street' } as const;
  assert.equal(errorCode(attempt(s, { ...req, reason: '' })), 'reasonRequired');
  assert.equal(errorCode(attempt(s, { ...req, to: grid })), 'transferToSelf');
  const pending = run([req], 'c1', s).state;
  assert.deepEqual(pending.responsible, grid);
  assert.deepEqual(pending.pendingTransfer?.to, otherGrid);
  assert.equal(errorCode(attempt(pending, { ...req, at: t0 + 2 * M })), 'transferPending');
  assert.equal(errorCode(attempt(pending, { type: 'verify', at: t0 + 2 * M, actor: otherGridWorker })), 'notResponsible');
  assert.equal(errorCode(attempt(pending, { type: 'acceptTransfer', at: t0 + 2 * M, actor: communityStaff })), 'notTransferTarget');
  const moved = run([{ type: 'acceptTransfer', at: t0 + 3 * M, actor: otherGridWorker }], 'c1', pending).state;
  assert.deepEqual(moved.responsible, otherGrid);
  assert.equal(moved.pendingTransfer, undefined);
  assert.equal(moved.status, 'accepted');
  assert.equal(errorCode(attempt(moved, { type: 'verify', at: t0 + 4 * M, actor: gridWorker })), 'notResponsible');
  assert.equal(errorCode(attempt(moved, { type: 'acceptTransfer', at: t0 + 4 * M, actor: otherGridWorker })), 'noTransferPending');
});

test('a declined transfer leaves the case with the sender; declining needs a reason', () => {
  const pending = run([{ type: 'requestTransfer', at: t0 + M, actor: gridWorker, to: otherGrid, reason: 'x' }], 'c1', accepted()).state;
  assert.equal(errorCode(attempt(pending, { type: 'declineTransfer', at: t0 + 2 * M, actor: otherGridWorker, reason: '' })), 'reasonRequired');
  const back = run([{ type: 'declineTransfer', at: t0 + 2 * M, actor: otherGridWorker, reason: 'ours? no' }], 'c1', pending).state;
  assert.deepEqual(back.responsible, grid);
  assert.equal(back.pendingTransfer, undefined);
  assert.equal(errorCode(attempt(pending, { type: 'dispatch', at: t0 + 2 * M, actor: gridWorker, to: property })), 'invalidTransition');
});

test('an extension is granted only if asked before the deadline; it moves the case timers', () => {
  const s = dispatched();
  const due = at('2025-03-06T17:30');
  const ask = { type: 'requestExtension', at: t0 + 70 * M, actor: propertyStaff, until: at('2025-03-10T17:30'), reason: 'parts on order' } as const;
  assert.equal(errorCode(attempt(s, { ...ask, at: due })), 'extensionTooLate');
  assert.equal(errorCode(attempt(s, { ...ask, until: due })), 'extensionNotLater');
  assert.equal(errorCode(attempt(s, { ...ask, reason: '' })), 'reasonRequired');
  assert.equal(errorCode(attempt(s, { ...ask, actor: gridWorker })), 'notResponsible');
  const asked = run([ask], 'c1', s).state;
  assert.equal(errorCode(attempt(asked, { ...ask, at: t0 + 71 * M })), 'extensionPending');
  assert.equal(errorCode(attempt(asked, { type: 'grantExtension', at: t0 + 80 * M, actor: propertyStaff })), 'cannotApproveOwnRequest');
  // Granted after the deadline passed: allowed, because the request came in time.
  const g = run([{ type: 'grantExtension', at: due + 60 * M, actor: gridWorker, remindAt: at('2025-03-10T13:30') }], 'c1', asked);
  assert.equal(g.state.dueAt, at('2025-03-10T17:30'));
  assert.equal(g.state.dueVersion, 2);
  assert.equal(g.state.extension?.status, 'granted');
  assert.deepEqual(cancelled(g.effects), ['c1:case:1:reminder', 'c1:case:1:escalation']);
  assert.deepEqual(scheduled(g.effects), ['c1:case:2:reminder', 'c1:case:2:escalation']);
  assert.equal(errorCode(attempt(g.state, { type: 'grantExtension', at: due + 61 * M, actor: gridWorker })), 'noExtensionPending');
  // The old escalation, firing late, is stale and ignored.
  const stale = run([{ type: 'timerFired', at: due, actor: system, timerId: 'c1:case:1:escalation' }], 'c1', g.state);
  assert.deepEqual(stale.effects, []);
  assert.equal(stale.state.escalations, 0);
});

test('an extension may be denied with a reason, and then the old deadline stands', () => {
  const asked = run([{ type: 'requestExtension', at: t0 + 70 * M, actor: propertyStaff, until: at('2025-03-10T17:30'), reason: 'x' }], 'c1', dispatched()).state;
  assert.equal(errorCode(attempt(asked, { type: 'denyExtension', at: t0 + 80 * M, actor: gridWorker, reason: '' })), 'reasonRequired');
  const denied = run([{ type: 'denyExtension', at: t0 + 80 * M, actor: gridWorker, reason: 'do it now' }], 'c1', asked).state;
  assert.equal(denied.extension?.status, 'denied');
  assert.equal(denied.dueAt, at('2025-03-06T17:30'));
});

test('suspension stops every timer; resuming restores the status and the shifted deadline', () => {
  const s = dispatched();
  assert.equal(errorCode(attempt(s, { type: 'suspend', at: t0 + 70 * M, actor: propertyStaff, reason: '' })), 'reasonRequired');
  const susp = run([{ type: 'suspend', at: t0 + 70 * M, actor: propertyStaff, reason: 'owners vote pending' }], 'c1', s);
  assert.equal(susp.state.status, 'suspended');
  assert.deepEqual(cancelled(susp.effects), ['c1:case:1:reminder', 'c1:case:1:escalation']);
  assert.equal(errorCode(attempt(susp.state, { type: 'handle', at: t0 + 80 * M, actor: propertyStaff })), 'invalidTransition');
  const fired = run([{ type: 'timerFired', at: at('2025-03-06T17:30'), actor: system, timerId: 'c1:case:1:escalation' }], 'c1', susp.state);
  assert.deepEqual(fired.effects, []);
  const deadline = { dueAt: at('2025-03-13T17:30') };
  const res = run([{ type: 'resume', at: at('2025-03-10T09:00'), actor: propertyStaff, deadline }], 'c1', fired.state);
  assert.equal(res.state.status, 'dispatched');
  assert.equal(res.state.dueAt, deadline.dueAt);
  assert.equal(res.state.remindAt, undefined);
  assert.deepEqual(scheduled(res.effects), ['c1:case:2:escalation']);
});

test('the reminder notifies the responsible unit; the escalation goes one level up and is counted', () => {
  const s = dispatched();
  const remind = run([{ type: 'timerFired', at: at('2025-03-06T13:30'), actor: system, timerId: 'c1:case:1:reminder' }], 'c1', s);
  assert.deepEqual(remind.effects, [
    { type: 'notify', caseId: 'c1', audience: 'responsible', message: { key: 'cases.notice.reminder.case', params: { caseId: 'c1', dueAt: '2025-03-06 17:30' } } },
  ]);
  const esc = run([{ type: 'timerFired', at: at('2025-03-06T17:30'), actor: system, timerId: 'c1:case:1:escalation' }], 'c1', remind.state);
  assert.equal(esc.state.escalations, 1);
  assert.deepEqual(esc.effects[0], { type: 'escalate', caseId: 'c1', from: property, scope: 'case', level: 1 });
  assert.ok(esc.effects.some((e) => e.type === 'notify' && e.audience === 'unitAbove'));
});

test('a timer that fires late never rewinds the case nor is refused as out of order', () => {
  const s = run([{ type: 'handle', at: at('2025-03-06T18:00'), actor: propertyStaff }], 'c1', dispatched()).state;
  const r = run([{ type: 'timerFired', at: at('2025-03-06T17:30'), actor: system, timerId: 'c1:case:1:escalation' }], 'c1', s);
  assert.equal(r.state.escalations, 1);
  assert.equal(r.state.lastAt, at('2025-03-06T18:00'));
  const closed = run([...toChecked(), { type: 'close', at: t0 + 160 * M, actor: gridWorker }]).state;
  assert.deepEqual(run([{ type: 'timerFired', at: at('2025-03-06T17:30'), actor: system, timerId: 'c1:case:1:escalation' }], 'c1', closed).effects, []);
  assert.deepEqual(run([{ type: 'timerFired', at: t0, actor: system, timerId: 'garbage' }], 'c1', closed).effects, []);
});

test('step timers belong to one step: the next step cancels them and their late firing is ignored', () => {
  const step = { dueAt: at('2025-03-03T17:30'), remindAt: at('2025-03-03T15:30') };
  const a = run([acceptEvent('c1', t0, { step }) as EventInput]);
  assert.deepEqual(scheduled(a.effects), ['c1:case:1:reminder', 'c1:case:1:escalation', 'c1:step:1:reminder', 'c1:step:1:escalation']);
  const v = run([{ type: 'verify', at: t0 + 30 * M, actor: gridWorker }], 'c1', a.state);
  assert.deepEqual(cancelled(v.effects), ['c1:step:1:reminder', 'c1:step:1:escalation']);
  assert.equal(v.state.step, undefined);
  assert.deepEqual(run([{ type: 'timerFired', at: step.dueAt, actor: system, timerId: 'c1:step:1:escalation' }], 'c1', v.state).effects, []);
  const live = run([{ type: 'timerFired', at: step.dueAt, actor: system, timerId: 'c1:step:1:escalation' }], 'c1', a.state);
  assert.deepEqual(live.effects[0], { type: 'escalate', caseId: 'c1', from: grid, scope: 'step', level: 1 });
  assert.equal(errorCode(attempt(a.state, { type: 'verify', at: t0 + M, actor: gridWorker, step: { dueAt: t0 } })), 'deadlineInvalid');
});

test('a duplicate is closed as such and hands its reporters and signers to the surviving case', () => {
  const s = accepted();
  assert.equal(errorCode(attempt(s, { type: 'markDuplicate', at: t0 + M, actor: gridWorker, of: 'c1' })), 'duplicateOfSelf');
  const d = run([{ type: 'markDuplicate', at: t0 + M, actor: gridWorker, of: 'c0' }], 'c1', s);
  assert.equal(d.state.status, 'closed');
  assert.equal(d.state.outcome, 'duplicate');
  assert.ok(d.effects.some((e) => e.type === 'mergeFollowers' && e.into === 'c0' && e.reporters.join() === 'r-1' && e.signers.join() === 'r-2'));
  assert.ok(!d.effects.some((e) => e.type === 'requestRating'));
  assert.equal(errorCode(attempt(s, { type: 'markDuplicate', at: t0 + M, actor: streetStaff, of: 'c0' })), 'notResponsible');
});

test('no dispatch while a transfer is pending; a transferred handling case starts a new step with the new unit', () => {
  const verified = run(toChecked().slice(0, 2)).state;
  const pending = run([{ type: 'requestTransfer', at: t0 + 40 * M, actor: gridWorker, to: otherGrid, reason: 'x' }], 'c1', verified).state;
  assert.equal(errorCode(attempt(pending, { type: 'dispatch', at: t0 + 50 * M, actor: gridWorker, to: property })), 'transferPending');
  const d = dispatched();
  const offered = run([{ type: 'requestTransfer', at: t0 + 70 * M, actor: propertyStaff, to: otherGrid, reason: 'public land' }], 'c1', d).state;
  const step = { dueAt: at('2025-03-04T17:30') };
  const taken = run([{ type: 'acceptTransfer', at: t0 + 80 * M, actor: otherGridWorker, step }], 'c1', offered);
  assert.equal(taken.state.status, 'dispatched');
  assert.equal(taken.state.handler, undefined);
  assert.deepEqual(taken.state.step, { seq: 1, status: 'dispatched', dueAt: step.dueAt });
  assert.deepEqual(scheduled(taken.effects), ['c1:step:1:escalation']);
  assert.equal(run([{ type: 'handle', at: t0 + 90 * M, actor: otherGridWorker }], 'c1', taken.state).state.handler, otherGridWorker.id);
});

test('detours are refused on closed cases and by units not responsible', () => {
  const closed = run([...toChecked(), { type: 'close', at: t0 + 160 * M, actor: gridWorker }]).state;
  const later = t0 + 170 * M;
  assert.equal(errorCode(attempt(closed, { type: 'requestExtension', at: later, actor: propertyStaff, until: at('2025-03-10T17:30'), reason: 'x' })), 'invalidTransition');
  assert.equal(errorCode(attempt(closed, { type: 'suspend', at: later, actor: propertyStaff, reason: 'x' })), 'invalidTransition');
  assert.equal(errorCode(attempt(closed, { type: 'markDuplicate', at: later, actor: propertyStaff, of: 'c0' })), 'invalidTransition');
  const d = dispatched();
  assert.equal(errorCode(attempt(d, { type: 'suspend', at: later, actor: gridWorker, reason: 'x' })), 'notResponsible');
  assert.equal(errorCode(attempt(d, { type: 'requestTransfer', at: later, actor: gridWorker, to: otherGrid, reason: 'x' })), 'notResponsible');
  assert.equal(errorCode(attempt(d, { type: 'return', at: later, actor: gridWorker, to: community, reason: 'x' })), 'notResponsible');
});

test('a grant may shorten the request but never below the current deadline; resuming may set a new step', () => {
  const asked = run([{ type: 'requestExtension', at: t0 + 70 * M, actor: propertyStaff, until: at('2025-03-10T17:30'), reason: 'x' }], 'c1', dispatched()).state;
  assert.equal(errorCode(attempt(asked, { type: 'grantExtension', at: t0 + 80 * M, actor: gridWorker, until: at('2025-03-05T17:30') })), 'extensionNotLater');
  const g = run([{ type: 'grantExtension', at: t0 + 80 * M, actor: gridWorker, until: at('2025-03-07T17:30') }], 'c1', asked).state;
  assert.equal(g.dueAt, at('2025-03-07T17:30'));
  const susp = run([{ type: 'suspend', at: t0 + 90 * M, actor: propertyStaff, reason: 'rain' }], 'c1', g).state;
  const step = { dueAt: at('2025-03-11T12:00'), remindAt: at('2025-03-11T10:00') };
  const res = run([{ type: 'resume', at: at('2025-03-10T09:00'), actor: propertyStaff, step }], 'c1', susp);
  assert.equal(res.state.dueAt, at('2025-03-07T17:30')); // no new deadline given: the old one stands (overdue)
  assert.deepEqual(scheduled(res.effects), ['c1:step:1:reminder', 'c1:step:1:escalation']);
});

import { deadlineGuard, firstError, openStatuses, reasonGuard, responsibleGuard, sameUnit, statusGuard } from './guards.ts';
import { cancelCaseTimers, cancelStepTimers, scheduleCaseTimers, scheduleStepTimers } from './timers.ts';
import type { CaseError, CaseState, CaseStatus } from './types.ts';
import { enter, notice, when, type Ev, type Step } from './workflow.ts';

/** Statuses in which the responsible unit may still hand the case on (before it is handled). */
const beforeHandling: readonly CaseStatus[] = ['accepted', 'verified', 'dispatched', 'returned', 'reopened'];

/** What a return and a transfer both need: the responsible unit, before handling, a reason, another unit. */
function handOffGuards(s: CaseState, e: Ev<'return'> | Ev<'requestTransfer'>): (CaseError | undefined)[] {
  return [
    statusGuard(s, e.type, beforeHandling),
    responsibleGuard(s, e.actor),
    reasonGuard(e.reason),
    sameUnit(e.to, s.responsible) ? { code: 'transferToSelf', params: {} } : undefined,
    s.pendingTransfer ? { code: 'transferPending', params: {} } : undefined,
  ];
}

/**
 * A unit refuses the case with a reason; it goes to the level above (named by the caller, who knows the
 * tree), which decides within its own step limit by dispatching it or taking it on.
 */
export function returnCase(s: CaseState, e: Ev<'return'>): Step {
  const error = firstError(...handOffGuards(s, e), deadlineGuard(e.step, e.at));
  if (error) return error;
  const next: CaseState = { ...s, responsible: e.to };
  delete next.handler;
  const effects = enter(s, next, 'returned', e.step, e.at);
  effects.push({ type: 'notify', caseId: s.id, audience: 'unit', unit: e.to, message: notice('returned', { caseId: s.id, reason: e.reason }) });
  return { state: next, effects };
}

/** A transfer is only a proposal: the sender stays responsible until the target accepts. */
export function requestTransfer(s: CaseState, e: Ev<'requestTransfer'>): Step {
  const error = firstError(...handOffGuards(s, e));
  if (error) return error;
  const next: CaseState = { ...s, pendingTransfer: { to: e.to, by: e.actor.id, at: e.at, reason: e.reason } };
  const message = notice('transferRequested', { caseId: s.id, reason: e.reason });
  return { state: next, effects: [{ type: 'notify', caseId: s.id, audience: 'unit', unit: e.to, message }] };
}

function transferTargetGuard(s: CaseState, e: Ev<'acceptTransfer' | 'declineTransfer'>): CaseError | undefined {
  if (!s.pendingTransfer) return { code: 'noTransferPending', params: {} };
  return sameUnit(e.actor.unit, s.pendingTransfer.to) ? undefined : { code: 'notTransferTarget', params: { actor: e.actor.id } };
}

export function acceptTransfer(s: CaseState, e: Ev<'acceptTransfer'>): Step {
  const error = firstError(transferTargetGuard(s, e), deadlineGuard(e.step, e.at));
  if (error || !s.pendingTransfer) return error ?? { code: 'noTransferPending', params: {} };
  const next: CaseState = { ...s, responsible: s.pendingTransfer.to };
  delete next.pendingTransfer;
  delete next.handler;
  const effects = e.step ? enter(s, next, s.status, e.step, e.at) : [];
  effects.push({ type: 'notify', caseId: s.id, audience: 'unit', unit: s.responsible, message: notice('transferAccepted', { caseId: s.id }) });
  return { state: next, effects };
}

export function declineTransfer(s: CaseState, e: Ev<'declineTransfer'>): Step {
  const error = firstError(transferTargetGuard(s, e), reasonGuard(e.reason));
  if (error) return error;
  const next: CaseState = { ...s };
  delete next.pendingTransfer;
  const message = notice('transferDeclined', { caseId: s.id, reason: e.reason });
  return { state: next, effects: [{ type: 'notify', caseId: s.id, audience: 'responsible', message }] };
}

/** An extension must be asked for before the case deadline passes; granting may come later. */
export function requestExtension(s: CaseState, e: Ev<'requestExtension'>): Step {
  const error = firstError(
    statusGuard(s, e.type, openStatuses),
    responsibleGuard(s, e.actor),
    reasonGuard(e.reason),
    s.extension?.status === 'requested' ? { code: 'extensionPending', params: {} } : undefined,
    e.at >= s.dueAt ? { code: 'extensionTooLate', params: { dueAt: when(s.dueAt) } } : undefined,
    e.until > s.dueAt ? undefined : { code: 'extensionNotLater', params: { dueAt: when(s.dueAt) } },
  );
  if (error) return error;
  const next: CaseState = { ...s, extension: { status: 'requested', at: e.at, until: e.until, reason: e.reason } };
  const message = notice('extensionRequested', { caseId: s.id, until: when(e.until), reason: e.reason });
  return { state: next, effects: [{ type: 'notify', caseId: s.id, audience: 'unitAbove', message }] };
}

function decisionGuard(s: CaseState, e: Ev<'grantExtension' | 'denyExtension'>): CaseError | undefined {
  if (s.extension?.status !== 'requested') return { code: 'noExtensionPending', params: {} };
  if (!e.actor.unit || sameUnit(e.actor.unit, s.responsible)) return { code: 'cannotApproveOwnRequest', params: { actor: e.actor.id } };
  return undefined;
}

export function grantExtension(s: CaseState, e: Ev<'grantExtension'>): Step {
  const until = e.until ?? s.extension?.until ?? s.dueAt;
  const error = firstError(
    decisionGuard(s, e),
    until > s.dueAt ? undefined : { code: 'extensionNotLater', params: { dueAt: when(s.dueAt) } },
    e.remindAt !== undefined && e.remindAt >= until ? { code: 'deadlineInvalid', params: { dueAt: until } } : undefined,
  );
  if (error || !s.extension) return error ?? { code: 'noExtensionPending', params: {} };
  const next: CaseState = { ...s, dueAt: until, dueVersion: s.dueVersion + 1, extension: { ...s.extension, status: 'granted', until } };
  delete next.remindAt;
  if (e.remindAt !== undefined) next.remindAt = e.remindAt;
  const effects = [...cancelCaseTimers(s), ...scheduleCaseTimers(next, e.at)];
  effects.push({ type: 'notify', caseId: s.id, audience: 'responsible', message: notice('extensionGranted', { caseId: s.id, until: when(until) }) });
  return { state: next, effects };
}

export function denyExtension(s: CaseState, e: Ev<'denyExtension'>): Step {
  const error = firstError(decisionGuard(s, e), reasonGuard(e.reason));
  if (error || !s.extension) return error ?? { code: 'noExtensionPending', params: {} };
  const next: CaseState = { ...s, extension: { ...s.extension, status: 'denied' } };
  const message = notice('extensionDenied', { caseId: s.id, reason: e.reason });
  return { state: next, effects: [{ type: 'notify', caseId: s.id, audience: 'responsible', message }] };
}

/** Suspension stops every clock; resuming restores the status and, if given, a shifted deadline. */
export function suspend(s: CaseState, e: Ev<'suspend'>): Step {
  const error = firstError(statusGuard(s, e.type, openStatuses), responsibleGuard(s, e.actor), reasonGuard(e.reason));
  if (error) return error;
  const next: CaseState = { ...s, status: 'suspended', suspended: { from: s.status, at: e.at, reason: e.reason } };
  const effects = [...cancelCaseTimers(s), ...cancelStepTimers(s)];
  effects.push({ type: 'notify', caseId: s.id, audience: 'followers', message: notice('suspended', { caseId: s.id, reason: e.reason }) });
  return { state: next, effects };
}

export function resume(s: CaseState, e: Ev<'resume'>): Step {
  const error = firstError(
    statusGuard(s, e.type, ['suspended']),
    responsibleGuard(s, e.actor),
    deadlineGuard(e.deadline, e.at),
    deadlineGuard(e.step, e.at),
  );
  if (error || !s.suspended) return error ?? { code: 'invalidTransition', params: { from: s.status, event: e.type } };
  const next: CaseState = { ...s, status: s.suspended.from };
  delete next.suspended;
  if (e.deadline) {
    next.dueAt = e.deadline.dueAt;
    next.dueVersion = s.dueVersion + 1;
    delete next.remindAt;
    if (e.deadline.remindAt !== undefined) next.remindAt = e.deadline.remindAt;
  }
  if (e.step) {
    next.stepSeq = s.stepSeq + 1;
    next.step = { seq: next.stepSeq, status: next.status, ...e.step };
  }
  const effects = [...scheduleCaseTimers(next, e.at), ...scheduleStepTimers(next, e.at)];
  effects.push({ type: 'notify', caseId: s.id, audience: 'followers', message: notice('resumed', { caseId: s.id, dueAt: when(next.dueAt) }) });
  return { state: next, effects };
}

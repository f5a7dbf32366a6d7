import { formatShanghai } from '../../calendar/index.ts';
import {
  deadlineGuard,
  fail,
  firstError,
  isOpen,
  openStatuses,
  reasonGuard,
  responsibleGuard,
  statusGuard,
  supervisorGuard,
} from './guards.ts';
import { cancelCaseTimers, cancelStepTimers, isLiveTimer, scheduleCaseTimers, scheduleStepTimers } from './timers.ts';
import type { ApplyResult, CaseError, CaseEvent, CaseState, CaseStatus, Deadline, Effect, Message } from './types.ts';

export type Ev<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;
/** A transition's outcome before `apply` wraps it: the new state and effects, or the error. */
export type Step = { state: CaseState; effects: Effect[] } | CaseError;

export const notice = (key: string, params: Message['params']): Message => ({ key: `cases.notice.${key}`, params });
/** Times in messages are Beijing wall-clock, whatever the reader's device says. */
export const when = (ms: number): string => formatShanghai(ms).replace('T', ' ');

/** Moves to `status`, ending the current step's timers and starting the new step's, if it has a limit. */
export function enter(prev: CaseState, next: CaseState, status: CaseStatus, step: Deadline | undefined, at: number): Effect[] {
  const effects = cancelStepTimers(prev);
  next.status = status;
  if (step) {
    next.stepSeq = prev.stepSeq + 1;
    next.step = { seq: next.stepSeq, status, ...step };
    effects.push(...scheduleStepTimers(next, at));
  } else {
    delete next.step;
  }
  return effects;
}

export function accept(e: Ev<'accept'>): ApplyResult {
  const error = firstError(deadlineGuard(e.deadline, e.at), deadlineGuard(e.step, e.at));
  if (error) return { ok: false, error };
  const state: CaseState = {
    id: e.caseId,
    category: e.category,
    affair: e.affair,
    status: 'accepted',
    responsible: e.responsible,
    reporters: [...new Set(e.reporters)],
    signers: [...new Set(e.signers ?? [])].filter((s) => !e.reporters.includes(s)),
    acceptedAt: e.at,
    dueAt: e.deadline.dueAt,
    dueVersion: 1,
    stepSeq: 0,
    reworkCount: 0,
    escalations: 0,
    ratings: [],
    lastAt: e.at,
  };
  if (e.deadline.remindAt !== undefined) state.remindAt = e.deadline.remindAt;
  const effects = [...scheduleCaseTimers(state, e.at), ...enter(state, state, 'accepted', e.step, e.at)];
  effects.push({ type: 'notify', caseId: e.caseId, audience: 'responsible', message: notice('assigned', { caseId: e.caseId, dueAt: when(state.dueAt) }) });
  return { ok: true, state, effects };
}

export function simpleStep(s: CaseState, e: Ev<'verify' | 'handle'>, from: readonly CaseStatus[], to: CaseStatus): Step {
  const error = firstError(statusGuard(s, e.type, from), responsibleGuard(s, e.actor), deadlineGuard(e.step, e.at));
  if (error) return error;
  const next = { ...s };
  if (e.type === 'handle') next.handler = e.actor.id;
  return { state: next, effects: enter(s, next, to, e.step, e.at) };
}

export function dispatch(s: CaseState, e: Ev<'dispatch'>): Step {
  const error = firstError(
    statusGuard(s, e.type, ['verified', 'returned']),
    responsibleGuard(s, e.actor),
    s.pendingTransfer ? { code: 'transferPending', params: {} } : undefined,
    deadlineGuard(e.step, e.at),
  );
  if (error) return error;
  const next: CaseState = { ...s, responsible: e.to, supervisor: s.responsible, firstDispatchedAt: s.firstDispatchedAt ?? e.at };
  delete next.handler;
  if (e.handler !== undefined) next.handler = e.handler;
  const effects = enter(s, next, 'dispatched', e.step, e.at);
  effects.push({ type: 'notify', caseId: s.id, audience: 'responsible', unit: e.to, message: notice('assigned', { caseId: s.id, dueAt: when(s.dueAt) }) });
  return { state: next, effects };
}

export function reportBack(s: CaseState, e: Ev<'reportBack'>): Step {
  const error = firstError(
    statusGuard(s, e.type, ['handled']),
    responsibleGuard(s, e.actor),
    e.outcome ? undefined : { code: 'outcomeRequired', params: {} },
    deadlineGuard(e.step, e.at),
  );
  if (error) return error;
  const next: CaseState = { ...s, outcome: e.outcome };
  const effects = enter(s, next, 'reportedBack', e.step, e.at);
  effects.push({ type: 'notify', caseId: s.id, audience: 'supervisor', message: notice('reportedBack', { caseId: s.id, outcome: e.outcome }) });
  return { state: next, effects };
}

/** Sends the case back to its handler: a failed check or a reporter's rejection, both rework. */
function rework(s: CaseState, next: CaseState, step: Deadline | undefined, at: number, reason: string): Effect[] {
  next.reworkCount = s.reworkCount + 1;
  delete next.closedAt;
  const effects = enter(s, next, 'reopened', step, at);
  effects.push({ type: 'notify', caseId: s.id, audience: 'responsible', message: notice('rework', { caseId: s.id, reason }) });
  return effects;
}

export function check(s: CaseState, e: Ev<'check'>): Step {
  const error = firstError(
    statusGuard(s, e.type, ['reportedBack']),
    supervisorGuard(s, e.actor),
    e.passed ? undefined : reasonGuard(e.reason),
    deadlineGuard(e.step, e.at),
  );
  if (error) return error;
  const next = { ...s };
  if (e.passed) return { state: next, effects: enter(s, next, 'checked', e.step, e.at) };
  return { state: next, effects: rework(s, next, e.step, e.at, e.reason ?? '') };
}

export function close(s: CaseState, e: Ev<'close'>): Step {
  if (isOpen(s.status) && s.status !== 'checked') return { code: 'notChecked', params: { from: s.status } };
  const error = firstError(statusGuard(s, e.type, ['checked']), supervisorGuard(s, e.actor));
  if (error) return error;
  const next: CaseState = { ...s, closedAt: e.at };
  const effects = [...cancelCaseTimers(s), ...enter(s, next, 'closed', undefined, e.at)];
  const outcome = s.outcome ?? 'resolved';
  effects.push({ type: 'notify', caseId: s.id, audience: 'followers', message: notice(`closed.${outcome}`, { caseId: s.id }) });
  const residents = [...s.reporters, ...s.signers];
  if (residents.length) effects.push({ type: 'requestRating', caseId: s.id, residents });
  return { state: next, effects };
}

export function rate(s: CaseState, e: Ev<'rate'>): Step {
  const scoreOk = e.score === undefined || (Number.isInteger(e.score) && e.score >= 1 && e.score <= 5);
  const error = firstError(
    statusGuard(s, e.type, ['closed', 'rated']),
    s.reporters.includes(e.actor.id) || s.signers.includes(e.actor.id) ? undefined : { code: 'notARater', params: { actor: e.actor.id } },
    s.ratings.some((r) => r.by === e.actor.id) ? { code: 'alreadyRated', params: { actor: e.actor.id } } : undefined,
    scoreOk ? undefined : { code: 'invalidScore', params: { score: String(e.score) } },
  );
  if (error) return error;
  const rating = { by: e.actor.id, at: e.at, satisfied: e.satisfied, ...(e.score === undefined ? {} : { score: e.score }) };
  return { state: { ...s, status: 'rated', ratings: [...s.ratings, rating] }, effects: [] };
}

export function reject(s: CaseState, e: Ev<'reject'>): Step {
  const error = firstError(
    statusGuard(s, e.type, ['closed', 'rated']),
    s.reporters.includes(e.actor.id) ? undefined : { code: 'notAReporter', params: { actor: e.actor.id } },
    s.ratings.some((r) => r.by === e.actor.id) ? { code: 'alreadyRated', params: { actor: e.actor.id } } : undefined,
    reasonGuard(e.reason),
    deadlineGuard(e.step, e.at),
  );
  if (error) return error;
  const next: CaseState = { ...s, ratings: [...s.ratings, { by: e.actor.id, at: e.at, satisfied: false }] };
  const effects = rework(s, next, e.step, e.at, e.reason);
  effects.push(...scheduleCaseTimers(next, e.at));
  effects.push({ type: 'notify', caseId: s.id, audience: 'followers', message: notice('reopened', { caseId: s.id }) });
  return { state: next, effects };
}

export function markDuplicate(s: CaseState, e: Ev<'markDuplicate'>): Step {
  const error = firstError(
    statusGuard(s, e.type, openStatuses),
    responsibleGuard(s, e.actor),
    e.of === s.id ? { code: 'duplicateOfSelf', params: {} } : undefined,
  );
  if (error) return error;
  const next: CaseState = { ...s, outcome: 'duplicate', duplicateOf: e.of, closedAt: e.at };
  delete next.pendingTransfer;
  const effects = [...cancelCaseTimers(s), ...enter(s, next, 'closed', undefined, e.at)];
  effects.push({ type: 'mergeFollowers', caseId: s.id, into: e.of, reporters: s.reporters, signers: s.signers });
  effects.push({ type: 'notify', caseId: s.id, audience: 'followers', message: notice('closed.duplicate', { caseId: s.id, of: e.of }) });
  return { state: next, effects };
}

export function timerFired(s: CaseState, e: Ev<'timerFired'>): ApplyResult {
  const live = isLiveTimer(s, e.timerId);
  const next: CaseState = { ...s, lastAt: Math.max(s.lastAt, e.at) };
  if (!live) return { ok: true, state: next, effects: [] };
  const dueAt = live.scope === 'case' ? s.dueAt : (s.step?.dueAt ?? s.dueAt);
  const params = { caseId: s.id, dueAt: when(dueAt) };
  if (live.kind === 'reminder') {
    return { ok: true, state: next, effects: [{ type: 'notify', caseId: s.id, audience: 'responsible', message: notice(`reminder.${live.scope}`, params) }] };
  }
  next.escalations = s.escalations + 1;
  return {
    ok: true,
    state: next,
    effects: [
      { type: 'escalate', caseId: s.id, from: s.responsible, scope: live.scope, level: next.escalations },
      { type: 'notify', caseId: s.id, audience: 'unitAbove', message: notice(`escalated.${live.scope}`, params) },
      { type: 'notify', caseId: s.id, audience: 'responsible', message: notice(`escalated.${live.scope}`, params) },
    ],
  };
}


import { fail } from './guards.ts';
import {
  acceptTransfer,
  declineTransfer,
  denyExtension,
  grantExtension,
  requestExtension,
  requestTransfer,
  resume,
  returnCase,
  suspend,
} from './detours.ts';
import type { ApplyResult, CaseEvent, CaseState } from './types.ts';
import {
  accept,
  check,
  close,
  dispatch,
  markDuplicate,
  rate,
  reject,
  reportBack,
  simpleStep,
  timerFired,
  type Step,
} from './workflow.ts';

function step(s: CaseState, e: CaseEvent): Step {
  switch (e.type) {
    case 'accept':
      return { code: 'caseExists', params: { caseId: e.caseId } };
    case 'verify':
      return simpleStep(s, e, ['accepted'], 'verified');
    case 'dispatch':
      return dispatch(s, e);
    case 'handle':
      return simpleStep(s, e, ['dispatched', 'reopened'], 'handled');
    case 'reportBack':
      return reportBack(s, e);
    case 'check':
      return check(s, e);
    case 'close':
      return close(s, e);
    case 'rate':
      return rate(s, e);
    case 'reject':
      return reject(s, e);
    case 'return':
      return returnCase(s, e);
    case 'requestTransfer':
      return requestTransfer(s, e);
    case 'acceptTransfer':
      return acceptTransfer(s, e);
    case 'declineTransfer':
      return declineTransfer(s, e);
    case 'requestExtension':
      return requestExtension(s, e);
    case 'grantExtension':
      return grantExtension(s, e);
    case 'denyExtension':
      return denyExtension(s, e);
    case 'suspend':
      return suspend(s, e);
    case 'resume':
      return resume(s, e);
    case 'markDuplicate':
      return markDuplicate(s, e);
    case 'timerFired':
      return { code: 'invalidTransition', params: { from: s.status, event: e.type } };
  }
}

/**
 * The case workflow as one pure transition: the state after `event` and the effects the caller must
 * carry out (timers, notifications, escalations), or an error with a locale code. `state` is undefined
 * before the `accept` event that creates the case. Inputs are never mutated.
 */
export function apply(state: CaseState | undefined, event: CaseEvent): ApplyResult {
  if (!state) return event.type === 'accept' ? accept(event) : fail('caseNotFound', { caseId: event.caseId });
  if (event.caseId !== state.id) return fail('wrongCase', { caseId: event.caseId, expected: state.id });
  // A durable timer may fire late, after later events were recorded; it never rewinds the case.
  if (event.type === 'timerFired') return timerFired(state, event);
  if (!(event.at >= state.lastAt)) return fail('outOfOrder', { at: event.at, lastAt: state.lastAt });
  const result = step(state, event);
  if ('code' in result) return { ok: false, error: result };
  return { ok: true, state: { ...result.state, lastAt: event.at }, effects: result.effects };
}

/** Folds a case's history; stops at the first event the workflow refuses. */
export function replay(events: readonly CaseEvent[]): { state: CaseState | undefined; error?: { index: number; code: string } } {
  let state: CaseState | undefined;
  for (const [index, event] of events.entries()) {
    const r = apply(state, event);
    if (!r.ok) return { state, error: { index, code: r.error.code } };
    state = r.state;
  }
  return { state };
}

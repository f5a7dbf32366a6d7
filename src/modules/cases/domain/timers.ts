import type { CaseState, Deadline, Effect, TimerKind, TimerScope } from './types.ts';

/**
 * Timer ids are deterministic and versioned: the case deadline by `dueVersion`, a step by its sequence
 * number. A timer that fires after its deadline moved or its step ended no longer matches and is ignored,
 * so durable timers never need to be cancelled reliably to stay correct.
 */
export function timerId(caseId: string, scope: TimerScope, version: number, kind: TimerKind): string {
  return `${caseId}:${scope}:${version}:${kind}`;
}

export function parseTimerId(id: string): { caseId: string; scope: TimerScope; version: number; kind: TimerKind } | undefined {
  const m = /^(.*):(case|step):(\d+):(reminder|escalation)$/.exec(id);
  if (!m || m[1] === undefined) return undefined;
  return { caseId: m[1], scope: m[2] as TimerScope, version: Number(m[3]), kind: m[4] as TimerKind };
}

function schedule(caseId: string, scope: TimerScope, version: number, deadline: Deadline, now: number): Effect[] {
  const out: Effect[] = [];
  if (deadline.remindAt !== undefined && deadline.remindAt > now && deadline.remindAt < deadline.dueAt) {
    const id = timerId(caseId, scope, version, 'reminder');
    out.push({ type: 'scheduleTimer', timer: { id, caseId, scope, kind: 'reminder', at: deadline.remindAt } });
  }
  if (deadline.dueAt > now) {
    const id = timerId(caseId, scope, version, 'escalation');
    out.push({ type: 'scheduleTimer', timer: { id, caseId, scope, kind: 'escalation', at: deadline.dueAt } });
  }
  return out;
}

function cancel(caseId: string, scope: TimerScope, version: number): Effect[] {
  return (['reminder', 'escalation'] as const).map((kind) => ({ type: 'cancelTimer', id: timerId(caseId, scope, version, kind) }));
}

export function scheduleCaseTimers(s: CaseState, now: number): Effect[] {
  const deadline: Deadline = s.remindAt === undefined ? { dueAt: s.dueAt } : { dueAt: s.dueAt, remindAt: s.remindAt };
  return schedule(s.id, 'case', s.dueVersion, deadline, now);
}

export function cancelCaseTimers(s: CaseState): Effect[] {
  return cancel(s.id, 'case', s.dueVersion);
}

export function scheduleStepTimers(s: CaseState, now: number): Effect[] {
  return s.step ? schedule(s.id, 'step', s.step.seq, s.step, now) : [];
}

export function cancelStepTimers(s: CaseState): Effect[] {
  return s.step ? cancel(s.id, 'step', s.step.seq) : [];
}

/** Whether a fired timer still belongs to the live case deadline or current step. */
export function isLiveTimer(s: CaseState, id: string): { scope: TimerScope; kind: TimerKind } | undefined {
  const parsed = parseTimerId(id);
  if (!parsed || parsed.caseId !== s.id) return undefined;
  if (s.status === 'closed' || s.status === 'rated' || s.status === 'suspended') return undefined;
  const version = parsed.scope === 'case' ? s.dueVersion : s.step?.seq;
  return parsed.version === version ? { scope: parsed.scope, kind: parsed.kind } : undefined;
}

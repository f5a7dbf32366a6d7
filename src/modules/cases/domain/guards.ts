import type { Actor, ApplyResult, CaseError, CaseErrorCode, CaseState, CaseStatus, Deadline, UnitRef } from './types.ts';

export const openStatuses: readonly CaseStatus[] = [
  'accepted',
  'verified',
  'dispatched',
  'handled',
  'reportedBack',
  'checked',
  'returned',
  'reopened',
];

export function isOpen(status: CaseStatus): boolean {
  return openStatuses.includes(status);
}

export function fail(code: CaseErrorCode, params: CaseError['params'] = {}): ApplyResult & { ok: false } {
  return { ok: false, error: { code, params } };
}

export function sameUnit(a: UnitRef | undefined, b: UnitRef | undefined): boolean {
  return a !== undefined && b !== undefined && a.kind === b.kind && a.code === b.code;
}

export function unitLabel(u: UnitRef): string {
  return `${u.kind}:${u.code}`;
}

/** The error for an event the current status does not allow, or undefined when allowed. */
export function statusGuard(s: CaseState, type: string, allowed: readonly CaseStatus[]): CaseError | undefined {
  return allowed.includes(s.status) ? undefined : { code: 'invalidTransition', params: { from: s.status, event: type } };
}

/** Only the unit holding the case acts on it (one responsible unit at a time). */
export function responsibleGuard(s: CaseState, actor: Actor): CaseError | undefined {
  return sameUnit(actor.unit, s.responsible)
    ? undefined
    : { code: 'notResponsible', params: { actor: actor.id, unit: unitLabel(s.responsible) } };
}

/** Checking and closing belong to the unit that dispatched the case (itself if never dispatched). */
export function supervisorGuard(s: CaseState, actor: Actor): CaseError | undefined {
  const unit = s.supervisor ?? s.responsible;
  return sameUnit(actor.unit, unit) ? undefined : { code: 'notResponsible', params: { actor: actor.id, unit: unitLabel(unit) } };
}

export function reasonGuard(reason: string | undefined): CaseError | undefined {
  return reason !== undefined && reason.trim() !== '' ? undefined : { code: 'reasonRequired', params: {} };
}

export function deadlineGuard(d: Deadline | undefined, at: number): CaseError | undefined {
  if (d === undefined) return undefined;
  const bad =
    !Number.isFinite(d.dueAt) ||
    d.dueAt <= at ||
    (d.remindAt !== undefined && (!Number.isFinite(d.remindAt) || d.remindAt >= d.dueAt));
  return bad ? { code: 'deadlineInvalid', params: { dueAt: d.dueAt } } : undefined;
}

/** The first error among the guards, if any. */
export function firstError(...errors: (CaseError | undefined)[]): CaseError | undefined {
  return errors.find((e) => e !== undefined);
}

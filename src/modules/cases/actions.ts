import { Problem } from '../../core/http/problem.ts';
import { within, type Principal } from '../access/index.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import { shiftAfterSuspension, type Actor, type CaseEvent, type CaseState, type CaseStatus, type Deadline, type Outcome } from './domain/index.ts';
import { isCaseStaff, sameUnit, unitAbove, type PlacedUnit } from './policy.ts';
import type { CaseRow } from './repository.ts';
import type { CasesService } from './service.ts';

export const eventTypes = [
  'verify', 'dispatch', 'handle', 'reportBack', 'check', 'close', 'rate', 'reject', 'return', 'requestTransfer',
  'acceptTransfer', 'declineTransfer', 'requestExtension', 'grantExtension', 'denyExtension', 'suspend', 'resume', 'markDuplicate',
] as const;
export type ActionType = (typeof eventTypes)[number];

export interface ActionInput {
  type: ActionType;
  reason?: string;
  outcome?: Outcome;
  note?: string;
  passed?: boolean;
  satisfied?: boolean;
  score?: number;
  /** A unit code: dispatch or transfer target. */
  to?: string;
  handler?: string;
  /** ISO instant: the extension asked or granted. */
  until?: string;
  /** Number or id of the case this one duplicates. */
  of?: string;
  /** Staff recording a hotline reporter's rating or rejection on a return call (回访). */
  onBehalfOfReporter?: boolean;
  photos?: string[];
}

/** The status an event enters, for its step time limit. */
function entered(type: ActionType, input: ActionInput): CaseStatus | undefined {
  const map: Partial<Record<ActionType, CaseStatus>> = {
    verify: 'verified', dispatch: 'dispatched', handle: 'handled', reportBack: 'reportedBack', reject: 'reopened', return: 'returned',
  };
  if (type === 'check') return input.passed === false ? 'reopened' : 'checked';
  return map[type];
}

/** Which of the caller's units acts: the one the workflow expects for this event, if the caller holds it. */
function actingUnit(units: PlacedUnit[], state: CaseState, responsiblePath: string, type: ActionType): PlacedUnit | undefined {
  const want = type === 'acceptTransfer' || type === 'declineTransfer' ? state.pendingTransfer?.to
    : type === 'check' || type === 'close' ? (state.supervisor ?? state.responsible)
      : type === 'grantExtension' || type === 'denyExtension' ? undefined
        : state.responsible;
  if (want) return units.find((u) => sameUnit(u, want)) ?? units[0];
  const others = units.filter((u) => !sameUnit(u, state.responsible));
  return others.find((u) => within(responsiblePath, u.path)) ?? others[0] ?? units[0];
}

/**
 * Turns an HTTP step into the domain event, with everything the domain expects the caller to resolve:
 * the acting unit, target units and their paths, the unit above for a return, and step deadlines on the
 * working calendar. The domain then decides whether the step is allowed.
 */
export async function prepareAction(service: CasesService, calendar: WorkingCalendar, principal: Principal, row: CaseRow, input: ActionInput) {
  const config = await service.configFor(row.config_version);
  const state = row.state as CaseState;
  const units = await service.unitsOf(principal);
  const known: PlacedUnit[] = [...units];
  const numbers: Record<string, string> = {};
  const staff = isCaseStaff(principal);
  const self = `account:${principal.accountId}`;
  let actor: Actor = { id: self };
  if (staff && (input.type === 'rate' || input.type === 'reject') && input.onBehalfOfReporter) {
    actor = { id: state.reporters[0] ?? self };
  } else if (staff) {
    const unit = actingUnit(units, state, row.responsible_path, input.type);
    if (unit) actor = { id: self, unit: { kind: unit.kind, code: unit.code } };
  }
  const target = async (code: string | undefined) => {
    if (!code) throw new Problem(422, 'cases.targetRequired');
    const unit = await service.places.unit(code);
    if (!unit) throw new Problem(404, 'tree.unitNotFound', { code });
    known.push(unit);
    return unit;
  };
  const pending = state.pendingTransfer ? await service.places.unit(state.pendingTransfer.to.code) : undefined;
  if (pending) known.push(pending);
  let to: PlacedUnit | undefined;
  if (input.type === 'dispatch') to = input.to ? await target(input.to) : units.find((u) => actor.unit && sameUnit(u, actor.unit));
  if (input.type === 'requestTransfer') to = await target(input.to);
  if (input.type === 'return') {
    const communityPath = row.community_code ? row.place_path.slice(0, row.place_path.indexOf(`/${row.community_code}/`) + row.community_code.length + 2) : undefined;
    to = unitAbove({ ...state.responsible, path: row.responsible_path }, communityPath);
    if (!to) throw new Problem(409, 'cases.nothingAbove');
    known.push(to);
  }
  let survivor: CaseRow | undefined;
  if (input.type === 'markDuplicate') {
    if (!input.of) throw new Problem(422, 'cases.targetRequired');
    survivor = await service.visibleCase(principal, input.of);
    numbers[survivor.id] = survivor.number;
  }
  const until = input.until === undefined ? undefined : Date.parse(input.until);
  if (until !== undefined && Number.isNaN(until)) throw new Problem(422, 'cases.badInstant', { value: input.until ?? '' });
  if (input.type === 'requestExtension' && until === undefined) throw new Problem(422, 'cases.untilRequired');

  const build = (s: CaseState): CaseEvent => {
    const at = Math.max(Date.now(), s.lastAt);
    const status = entered(input.type, input);
    const step: Deadline | undefined = status ? service.plan(config, s.category, status, at) : undefined;
    const withStep = step ? { step } : {};
    const base = { caseId: s.id, at, actor };
    const reason = input.reason ?? '';
    const unitRef = (u: PlacedUnit | undefined) => (u ? { kind: u.kind, code: u.code } : s.responsible);
    switch (input.type) {
      case 'verify': return { ...base, type: 'verify', ...withStep };
      case 'dispatch': return { ...base, type: 'dispatch', to: unitRef(to), ...(input.handler ? { handler: input.handler } : {}), ...withStep };
      case 'handle': return { ...base, type: 'handle', ...withStep };
      case 'reportBack': return { ...base, type: 'reportBack', outcome: input.outcome as Outcome, ...(input.note ? { note: input.note } : {}), ...withStep };
      case 'check': return { ...base, type: 'check', passed: input.passed !== false, ...(input.reason ? { reason: input.reason } : {}), ...withStep };
      case 'close': return { ...base, type: 'close' };
      case 'rate': return { ...base, type: 'rate', satisfied: input.satisfied !== false, ...(input.score !== undefined ? { score: input.score } : {}) };
      case 'reject': return { ...base, type: 'reject', reason, ...withStep };
      case 'return': return { ...base, type: 'return', reason, to: unitRef(to), ...withStep };
      case 'requestTransfer': return { ...base, type: 'requestTransfer', to: unitRef(to), reason };
      case 'acceptTransfer': return { ...base, type: 'acceptTransfer' };
      case 'declineTransfer': return { ...base, type: 'declineTransfer', reason };
      case 'requestExtension': return { ...base, type: 'requestExtension', until: until!, reason };
      case 'grantExtension': return { ...base, type: 'grantExtension', ...(until !== undefined ? { until } : {}) };
      case 'denyExtension': return { ...base, type: 'denyExtension', reason };
      case 'suspend': return { ...base, type: 'suspend', reason };
      case 'resume': {
        const deadline = s.suspended
          ? shiftAfterSuspension(calendar, s.remindAt === undefined ? { dueAt: s.dueAt } : { dueAt: s.dueAt, remindAt: s.remindAt }, s.suspended.at, at)
          : undefined;
        return { ...base, type: 'resume', ...(deadline && deadline.dueAt > at ? { deadline } : {}) };
      }
      case 'markDuplicate': return { ...base, type: 'markDuplicate', of: survivor!.id };
    }
  };
  return { build, known, numbers, extra: { ...(input.note ? { note: input.note } : {}), ...(input.photos?.length ? { photos: input.photos } : {}), by: principal.displayName } };
}

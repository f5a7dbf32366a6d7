import assert from 'node:assert/strict';
import { shanghaiTime } from '../../calendar/index.ts';
import { apply } from './apply.ts';
import type { Actor, ApplyResult, CaseEvent, CaseState, Effect, UnitRef } from './types.ts';

/** Shared fixtures for the domain tests: a grid, its community, a property company, two residents. */
export const at = shanghaiTime;
export const grid: UnitRef = { kind: 'grid', code: 'G1' };
export const community: UnitRef = { kind: 'community', code: 'C1' };
export const property: UnitRef = { kind: 'propertyCompany', code: 'P1' };
export const otherGrid: UnitRef = { kind: 'grid', code: 'G2' };
export const street: UnitRef = { kind: 'street', code: 'S1' };

export const gridWorker: Actor = { id: 'w-grid', unit: grid };
export const communityStaff: Actor = { id: 'w-community', unit: community };
export const propertyStaff: Actor = { id: 'w-property', unit: property };
export const otherGridWorker: Actor = { id: 'w-grid2', unit: otherGrid };
export const streetStaff: Actor = { id: 'w-street', unit: street };
export const reporter: Actor = { id: 'r-1' };
export const signer: Actor = { id: 'r-2' };
export const stranger: Actor = { id: 'r-9' };
export const system: Actor = { id: 'system' };

type Distribute<T> = T extends unknown ? Omit<T, 'caseId'> : never;
export type EventInput = Distribute<CaseEvent>;

export function acceptEvent(caseId = 'c1', start = at('2025-03-03T09:00'), over: Partial<Extract<CaseEvent, { type: 'accept' }>> = {}): CaseEvent {
  return {
    type: 'accept',
    caseId,
    at: start,
    actor: gridWorker,
    category: 'streetLight',
    affair: 'resident',
    responsible: grid,
    reporters: [reporter.id],
    signers: [signer.id],
    deadline: { dueAt: at('2025-03-06T17:30'), remindAt: at('2025-03-06T13:30') },
    ...over,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Applies events in order, asserting each is accepted; inputs are frozen to prove `apply` never mutates. */
export function run(events: readonly EventInput[], caseId = 'c1', start?: CaseState): { state: CaseState; effects: Effect[] } {
  let state = start;
  let effects: Effect[] = [];
  for (const e of events) {
    const r = apply(state === undefined ? undefined : deepFreeze(state), deepFreeze({ ...e, caseId } as CaseEvent));
    if (!r.ok) assert.fail(`${e.type} refused: ${r.error.code} ${JSON.stringify(r.error.params)}`);
    state = r.state;
    effects = r.effects;
  }
  if (!state) assert.fail('no events');
  return { state, effects };
}

export function attempt(state: CaseState, e: EventInput): ApplyResult {
  return apply(deepFreeze(state), { ...e, caseId: state.id } as CaseEvent);
}

export function errorCode(r: ApplyResult): string | undefined {
  return r.ok ? undefined : r.error.code;
}

/** The path from acceptance to a checked case, community dispatching to the property company. */
export function toChecked(t0 = at('2025-03-03T09:00')): EventInput[] {
  const m = 60_000;
  return [
    { ...acceptEvent('c1', t0) } as EventInput,
    { type: 'verify', at: t0 + 30 * m, actor: gridWorker },
    { type: 'dispatch', at: t0 + 60 * m, actor: gridWorker, to: property, handler: propertyStaff.id },
    { type: 'handle', at: t0 + 120 * m, actor: propertyStaff },
    { type: 'reportBack', at: t0 + 130 * m, actor: propertyStaff, outcome: 'resolved' },
    { type: 'check', at: t0 + 150 * m, actor: gridWorker, passed: true },
  ];
}

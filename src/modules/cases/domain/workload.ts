import { apply } from './apply.ts';
import type { Actor, CaseEvent, CaseState, UnitRef } from './types.ts';

/**
 * Varied, valid case histories for tests that compare two ways of computing the same thing: each case
 * walks the workflow at random (returns, transfers, extensions, suspensions, failed checks, rejections,
 * duplicates, ratings), every event accepted by `apply`. Deterministic for a seed.
 */
const M = 60_000;
const units: UnitRef[] = [
  { kind: 'grid', code: 'G1' }, { kind: 'grid', code: 'G2' }, { kind: 'community', code: 'C1' },
  { kind: 'propertyCompany', code: 'P1' }, { kind: 'street', code: 'S1' },
];
const categories = ['sanitation', 'streetLight', 'neighbourDispute', 'safetyHazard'];
const outcomes = ['resolved', 'explained', 'notOurResponsibility', 'cannotResolveNow'] as const;

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function workload(seed: number, cases: number, start: number, spanDays: number): CaseEvent[][] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const histories: CaseEvent[][] = [];
  for (let n = 0; n < cases; n++) {
    const caseId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const t0 = start + Math.floor(random() * spanDays * 1440) * M;
    const responsible = pick(units);
    const accept: CaseEvent = {
      type: 'accept', caseId, at: t0, actor: { id: 'intake', unit: responsible }, category: pick(categories),
      affair: random() < 0.4 ? 'government' : 'resident', responsible, reporters: ['r-1'], signers: random() < 0.3 ? ['r-2', 'r-3'] : [],
      deadline: { dueAt: t0 + Math.floor(1 + random() * 10 * 1440) * M },
    };
    const history: CaseEvent[] = [accept];
    let state = (apply(undefined, accept) as { ok: true; state: CaseState }).state;
    let at = t0;
    const steps = Math.floor(random() * 14);
    for (let i = 0; i < steps * 3 && history.length <= steps; i++) {
      at += Math.floor(random() * (random() < 0.2 ? 5 * 1440 : 240)) * M;
      const event = candidate(state, at, caseId, random, pick, n);
      const r = apply(state, event);
      if (!r.ok) continue;
      history.push(event);
      state = r.state;
    }
    histories.push(history);
  }
  return histories;
}

function candidate(s: CaseState, at: number, caseId: string, random: () => number, pick: <T>(xs: readonly T[]) => T, n: number): CaseEvent {
  const acting: Actor = { id: `w-${s.responsible.code}`, unit: s.responsible };
  const supervisor: Actor = { id: `w-${(s.supervisor ?? s.responsible).code}`, unit: s.supervisor ?? s.responsible };
  const other = units.filter((u) => u.code !== s.responsible.code);
  const base = { caseId, at };
  const natural: Partial<Record<CaseState['status'], string>> = {
    accepted: 'verify', verified: 'dispatch', returned: 'dispatch', dispatched: 'handle', reopened: 'handle',
    handled: 'reportBack', reportedBack: 'check', checked: 'close', closed: random() < 0.85 ? 'rate' : 'reject', rated: 'rate',
  };
  const detours = ['return', 'transfer', 'transfer', 'extension', 'extension', 'suspend', 'timer', 'timer', 'reject'];
  const kind = random() < 0.03 ? 'duplicate' : random() < 0.7 ? (natural[s.status] ?? pick(detours)) : pick(detours);
  switch (kind) {
    case 'verify': return { ...base, type: 'verify', actor: acting };
    case 'dispatch': return { ...base, type: 'dispatch', actor: acting, to: pick(units), ...(random() < 0.6 ? { handler: `h-${Math.floor(random() * 4)}` } : {}) };
    case 'handle': return { ...base, type: 'handle', actor: { id: `h-${Math.floor(random() * 4)}`, unit: s.responsible } };
    case 'reportBack': return { ...base, type: 'reportBack', actor: acting, outcome: pick(outcomes) };
    case 'check': return random() < 0.75 ? { ...base, type: 'check', actor: supervisor, passed: true } : { ...base, type: 'check', actor: supervisor, passed: false, reason: 'again' };
    case 'close': return { ...base, type: 'close', actor: supervisor };
    case 'rate': return { ...base, type: 'rate', actor: { id: pick(['r-1', 'r-2', 'r-3']) }, satisfied: random() < 0.8, score: 1 + Math.floor(random() * 5) };
    case 'reject': return { ...base, type: 'reject', actor: { id: 'r-1' }, reason: 'not fixed' };
    case 'return': return { ...base, type: 'return', actor: acting, reason: 'not ours', to: pick(other) };
    case 'transfer':
      return s.pendingTransfer
        ? random() < 0.7 ? { ...base, type: 'acceptTransfer', actor: { id: 'w-t', unit: s.pendingTransfer.to } } : { ...base, type: 'declineTransfer', actor: { id: 'w-t', unit: s.pendingTransfer.to }, reason: 'no' }
        : { ...base, type: 'requestTransfer', actor: acting, to: pick(other), reason: 'theirs' };
    case 'extension':
      return s.extension?.status === 'requested'
        ? { ...base, type: 'grantExtension', actor: { id: 'w-s', unit: pick(other) } }
        : { ...base, type: 'requestExtension', actor: acting, until: s.dueAt + Math.floor(1 + random() * 5 * 1440) * M, reason: 'more time' };
    case 'suspend':
      return s.status === 'suspended' ? { ...base, type: 'resume', actor: acting } : { ...base, type: 'suspend', actor: acting, reason: 'waiting' };
    case 'duplicate':
      return { ...base, type: 'markDuplicate', actor: acting, of: `00000000-0000-4000-8000-${String(Math.max(0, n - 1)).padStart(12, '0')}` };
    default:
      return { ...base, type: 'timerFired', actor: { id: 'system' }, timerId: `${caseId}:case:${s.dueVersion}:${random() < 0.5 ? 'reminder' : 'escalation'}` };
  }
}

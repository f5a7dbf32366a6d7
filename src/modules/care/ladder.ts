/** The escalation ladder: data per community, read by pure functions. */

export type LadderAction = 'widen' | 'notifyStaff' | 'notifyFamily' | 'advise120';

export interface LadderStep {
  afterSeconds: number;
  action: LadderAction;
  /** Skip the step once someone has accepted (widening the circle is pointless then). */
  onlyIfUnaccepted: boolean;
  /** Only for these alarm types (all when absent). */
  types?: ('alarm' | 'fall')[];
  /** Only when the callback recorded one of these purposes (e.g. medical). */
  purposes?: string[];
}

/** +30 s widen the circle; +60 s grid worker, property company and operator; +120 s family; fall: 120 at once. */
export const defaultLadder: LadderStep[] = [
  { afterSeconds: 0, action: 'advise120', onlyIfUnaccepted: false, types: ['fall'] },
  { afterSeconds: 30, action: 'widen', onlyIfUnaccepted: true },
  { afterSeconds: 60, action: 'notifyStaff', onlyIfUnaccepted: true },
  { afterSeconds: 120, action: 'notifyFamily', onlyIfUnaccepted: false },
];

/** The steps an alarm of this type schedules, in time order, with their index as the timer's key. */
export function ladderPlan(steps: readonly LadderStep[], type: 'alarm' | 'fall'): { index: number; step: LadderStep }[] {
  return steps
    .map((step, index) => ({ index, step }))
    .filter(({ step }) => !step.purposes && (!step.types || step.types.includes(type)))
    .sort((a, b) => a.step.afterSeconds - b.step.afterSeconds || a.index - b.index);
}

/** Steps that a recorded purpose adds (medical: advise 120), run at once. */
export function purposeSteps(steps: readonly LadderStep[], purpose: string): { index: number; step: LadderStep }[] {
  const extra = steps.map((step, index) => ({ index, step })).filter(({ step }) => step.purposes?.includes(purpose));
  if (extra.length === 0 && (purpose === 'medical' || purpose === 'fall')) return [{ index: -1, step: { afterSeconds: 0, action: 'advise120', onlyIfUnaccepted: false } }];
  return extra;
}

export type AlarmStatus = 'open' | 'accepted' | 'resolved' | 'cancelled';

/** Does a step that comes due still apply to the alarm as it stands now? */
export function stepApplies(step: LadderStep, status: AlarmStatus): boolean {
  if (status === 'cancelled' || status === 'resolved') return false;
  return !(step.onlyIfUnaccepted && status !== 'open');
}

/** A community's ladder as stored, checked; anything malformed is refused rather than half-used. */
export function validateLadder(value: unknown): LadderStep[] | null {
  if (!Array.isArray(value) || value.length > 20) return null;
  const actions: LadderAction[] = ['widen', 'notifyStaff', 'notifyFamily', 'advise120'];
  const out: LadderStep[] = [];
  for (const v of value) {
    if (typeof v !== 'object' || v === null) return null;
    const s = v as Record<string, unknown>;
    if (typeof s.afterSeconds !== 'number' || s.afterSeconds < 0 || s.afterSeconds > 3600 || !actions.includes(s.action as LadderAction)) return null;
    const step: LadderStep = { afterSeconds: s.afterSeconds, action: s.action as LadderAction, onlyIfUnaccepted: s.onlyIfUnaccepted === true };
    if (Array.isArray(s.types)) step.types = s.types.filter((t): t is 'alarm' | 'fall' => t === 'alarm' || t === 'fall');
    if (Array.isArray(s.purposes)) step.purposes = s.purposes.filter((p): p is string => typeof p === 'string');
    out.push(step);
  }
  return out;
}

/** Percentile by linear interpolation between closest ranks (as PostgreSQL's percentile_cont). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

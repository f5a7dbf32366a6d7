import type { Selectable } from 'kysely';
import type { Locale } from '../../../core/i18n.ts';
import type { Principal } from '../../access/index.ts';
import type { MotionRule } from '../contracts.ts';
import { renderExplanation, type TallyResult } from '../tally/index.ts';
import { canCollect, canManage } from './access.ts';
import { choicesOf } from './rule.ts';
import type { VotesTables } from './tables.ts';

type MotionRow = Selectable<VotesTables['motions']>;

/** Where a motion is in its life: `open` and `counting` are the announced state seen against the clock. */
export function phaseOf(m: MotionRow, now = new Date()): string {
  if (m.state !== 'announced') return m.state;
  if (now < m.opens_at) return 'announced';
  return now <= m.closes_at ? 'open' : 'counting';
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentMotion(m: MotionRow, principal: Principal | null) {
  const rule = m.rule as MotionRule;
  return {
    id: m.id,
    title: m.title,
    text: m.text,
    scopeCode: m.scope_code,
    method: m.method,
    rule,
    choices: choicesOf(rule),
    electorate: m.electorate,
    subject: m.subject_kind && m.subject_id ? { kind: m.subject_kind, id: m.subject_id } : null,
    secret: m.secret,
    state: m.state,
    phase: phaseOf(m),
    opensAt: iso(m.opens_at),
    closesAt: iso(m.closes_at),
    announcedAt: iso(m.announced_at),
    closedAt: iso(m.closed_at),
    rollSize: m.roll_size,
    // Results exist only once the motion is closed: nothing is counted before.
    outcome: m.state === 'closed' ? m.outcome : null,
    passed: m.state === 'closed' ? m.passed : null,
    selected: m.state === 'closed' ? ((m.selected as string[] | null) ?? []) : null,
    canManage: canManage(principal, m),
    canCollect: canCollect(principal, m),
  };
}

/** The result as the CLI prints it: the count with its explanation rendered beside the codes. */
export function presentResult(m: MotionRow, locale: Locale) {
  const { method, outcome, explanation, ...rest } = m.result as TallyResult;
  return { motionId: m.id, title: m.title, closedAt: iso(m.closed_at), method, outcome, locale, ...rest, explanation: renderExplanation(explanation, locale) };
}

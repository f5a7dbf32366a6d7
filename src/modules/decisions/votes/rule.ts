import type { ElectorateSource, MotionRule, RollEntry, RollUnit } from '../contracts.ts';
import { approvalValidator } from '../tally/approvalSelect.ts';
import { rankingValidator } from '../tally/rankedChoice.ts';
import { scoreValidator } from '../tally/score.ts';
import { parseTallyFile, type Channel, type FieldError } from '../tally/index.ts';

/** A ballot as it goes into the tally file. */
export interface FileBallot {
  id: string;
  voter: string;
  choice: unknown;
  time: string;
  channel: Channel;
  spoiled?: boolean;
}

/** The roll fields of the tally file for the rule's method, from the frozen roll. */
function rollFields(rule: MotionRule, roll: readonly RollEntry[]): Record<string, unknown> {
  switch (rule.method) {
    case 'civilCode278':
      return {
        units: roll.map((r) => {
          const u: RollUnit = r.unit ?? { area: '0.00', owners: [] };
          return {
            id: r.voterId, area: u.area, owners: u.owners,
            ...(u.developerHeld ? { developerHeld: true } : {}),
            ...(u.building ? { building: u.building } : {}),
            ...(u.stairwell ? { stairwell: u.stairwell } : {}),
          };
        }),
      };
    case 'simpleMajority':
      return { members: roll.map((r) => r.voterId) };
    case 'approvalSelect':
      return { voters: roll.map((r) => (r.constituency ? { id: r.voterId, constituency: r.constituency } : { id: r.voterId })) };
    case 'rankedChoice':
    case 'score':
      return { voters: roll.map((r) => r.voterId) };
  }
}

/** The complete tally file (docs/tally.md): what the server counts and publishes for anyone to recount. */
export function tallyFile(title: string, rule: MotionRule, roll: readonly RollEntry[], ballots: readonly FileBallot[], deadline: string): Record<string, unknown> {
  return { version: 1, title, ...rule, deadline, ...rollFields(rule, roll), ballots };
}

/** Problems with a rule before any roll exists: the tally file checks, plus what a motion adds. */
export function ruleProblems(rule: MotionRule, electorate: ElectorateSource, secret: boolean): FieldError[] {
  const parsed = parseTallyFile(tallyFile('', rule, [], [], '2000-01-01T00:00:00Z'));
  const errors = parsed.ok ? [] : parsed.errors.map((e) => ({ ...e, path: `/rule${e.path}`, code: `tally.error.${e.code}` }));
  // Area and heads need each choice tied to its unit, which a secret ballot must not keep.
  if (rule.method === 'civilCode278' && electorate.kind !== 'owners') errors.push({ path: '/electorate/kind', code: 'votes.error.ownersRollNeeded', params: {} });
  if (rule.method === 'civilCode278' && secret) errors.push({ path: '/secret', code: 'votes.error.secretByArea', params: {} });
  return errors;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Why a choice cannot be counted under the rule (a tally rejection detail), or null when it can. */
export function choiceProblem(rule: MotionRule, choice: unknown): string | null {
  switch (rule.method) {
    case 'civilCode278':
    case 'simpleMajority':
      return choice === 'yes' || choice === 'no' || choice === 'abstain' ? null : 'UNKNOWN_OPTION';
    case 'approvalSelect':
      return isStringArray(choice) ? approvalValidator(new Set(rule.options.map((o) => o.id)), rule.maxApprovals)(choice) : 'UNKNOWN_OPTION';
    case 'rankedChoice':
      return isStringArray(choice) ? rankingValidator(new Set(rule.options.map((o) => o.id)))(choice) : 'UNKNOWN_OPTION';
    case 'score': {
      if (choice === null || typeof choice !== 'object' || Array.isArray(choice)) return 'UNKNOWN_OPTION';
      const record = choice as Record<string, unknown>;
      if (Object.values(record).some((v) => typeof v !== 'number')) return 'SCORE_OUT_OF_RANGE';
      return scoreValidator(new Set(rule.options.map((o) => o.id)), rule.minScore, rule.maxScore)(record as Record<string, number>);
    }
  }
}

/** The options a voter chooses among, for forms and ballot papers. */
export function choicesOf(rule: MotionRule): { id: string; title?: string }[] {
  if (rule.method === 'civilCode278' || rule.method === 'simpleMajority') return [{ id: 'yes' }, { id: 'no' }, { id: 'abstain' }];
  return rule.options.map((o) => (o.title ? { id: o.id, title: o.title } : { id: o.id }));
}

/**
 * A spoiled paper has no readable choice, but the tally file's schema wants one of the method's shape:
 * the neutral value stands in, and `spoiled: true` keeps it from ever being counted.
 */
export function spoiledChoice(rule: MotionRule): unknown {
  if (rule.method === 'civilCode278' || rule.method === 'simpleMajority') return 'abstain';
  return rule.method === 'score' ? {} : [];
}

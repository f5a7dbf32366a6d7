import { effectiveBallots, explainBallots, summarizeBallots, type BallotSummary } from './ballots.ts';
import { formatArea } from './area.ts';
import { formHeads, type HeadRule, type Unit } from './heads.ts';
import {
  atLeastThreeQuarters,
  atLeastTwoThirds,
  formatThreshold,
  meets,
  minimumToMeet,
  moreThanHalf,
  type Threshold,
} from './threshold.ts';
import { step, type Ballot, type Step, type YesNoAbstain } from './types.ts';

/** Item numbers of Civil Code art. 278 para. 1 (1–9); see docs/decisions/0020-tally.md. */
export type Civil278Matter = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface Civil278Scope {
  buildings?: string[];
  stairwells?: string[];
  units?: string[];
}

export interface Civil278Input {
  units: readonly Unit[];
  matter: Civil278Matter;
  /** `voter` is the id of a unit; a ballot for any unit of a head is that head's ballot. */
  ballots: readonly Ballot<YesNoAbstain>[];
  deadline: string;
  /** Only part of the estate votes (a building for its elevator, the owners charged for a fund use). */
  scope?: Civil278Scope;
  headRule?: HeadRule;
  /** Present only when the assembly's own rules provide deemed consent; `basis` cites that rule. */
  deemedConsent?: { basis: string };
}

export type Civil278Outcome = 'PASSED' | 'FAILED_QUORUM' | 'FAILED_APPROVAL' | 'NO_ELECTORATE';

export interface AreaHeads {
  /** m² with two decimals, exact. */
  area: string;
  heads: number;
}

export interface Civil278Count {
  mode: 'strict' | 'deemed';
  outcome: Civil278Outcome;
  electorate: AreaHeads;
  participating: AreaHeads;
  yes: AreaHeads;
  no: AreaHeads;
  abstain: AreaHeads;
  participationRequired: AreaHeads;
  approvalRequired: AreaHeads;
  participationMet: { area: boolean; heads: boolean };
  approvalMet: { area: boolean; heads: boolean };
  /** Deemed mode only: whom the non-voters were counted with (null when the voters had no clear majority). */
  deemed?: { choice: 'yes' | 'no' | null; area: string; heads: number };
}

export interface Civil278Result {
  method: 'civilCode278';
  outcome: Civil278Outcome;
  matter: Civil278Matter;
  participationThreshold: string;
  approvalThreshold: string;
  headRule: HeadRule;
  strict: Civil278Count;
  deemed: Civil278Count | null;
  ballots: BallotSummary;
  explanation: Step[];
}

export function approvalThresholdFor(matter: Civil278Matter): Threshold {
  return matter >= 6 && matter <= 8 ? atLeastThreeQuarters : moreThanHalf;
}

interface Sums {
  area: bigint;
  heads: number;
}
const zero = (): Sums => ({ area: 0n, heads: 0 });
const ah = (s: Sums): AreaHeads => ({ area: formatArea(s.area), heads: s.heads });

function inScope(u: Unit, scope: Civil278Scope | undefined): boolean {
  if (!scope) return true;
  return (
    (scope.units?.includes(u.id) ?? false) ||
    (u.building !== undefined && (scope.buildings?.includes(u.building) ?? false)) ||
    (u.stairwell !== undefined && (scope.stairwells?.includes(u.stairwell) ?? false))
  );
}

function count(
  mode: 'strict' | 'deemed',
  electorate: Sums,
  byChoice: Record<YesNoAbstain, Sums>,
  approval: Threshold,
  steps: Step[],
): Civil278Count {
  const { yes, no, abstain } = byChoice;
  const part: Sums = { area: yes.area + no.area + abstain.area, heads: yes.heads + no.heads + abstain.heads };
  const participationRequired = {
    area: minimumToMeet(electorate.area, atLeastTwoThirds),
    heads: Number(minimumToMeet(electorate.heads, atLeastTwoThirds)),
  };
  const approvalRequired = { area: minimumToMeet(part.area, approval), heads: Number(minimumToMeet(part.heads, approval)) };
  const participationMet = {
    area: meets(part.area, electorate.area, atLeastTwoThirds),
    heads: meets(part.heads, electorate.heads, atLeastTwoThirds),
  };
  const approvalMet = { area: meets(yes.area, part.area, approval), heads: meets(yes.heads, part.heads, approval) };
  const result = (ok: boolean): string => (ok ? 'met' : 'notMet');
  steps.push(
    step('choiceTotals', {
      yesArea: formatArea(yes.area), yesHeads: yes.heads,
      noArea: formatArea(no.area), noHeads: no.heads,
      abstainArea: formatArea(abstain.area), abstainHeads: abstain.heads,
    }),
    step('participationArea', {
      reached: formatArea(part.area), required: formatArea(participationRequired.area),
      total: formatArea(electorate.area), threshold: formatThreshold(atLeastTwoThirds), result: result(participationMet.area),
    }),
    step('participationHeads', {
      reached: part.heads, required: participationRequired.heads,
      total: electorate.heads, threshold: formatThreshold(atLeastTwoThirds), result: result(participationMet.heads),
    }),
    step('approvalArea', {
      reached: formatArea(yes.area), required: formatArea(approvalRequired.area),
      base: formatArea(part.area), threshold: formatThreshold(approval), result: result(approvalMet.area),
    }),
    step('approvalHeads', {
      reached: yes.heads, required: approvalRequired.heads,
      base: part.heads, threshold: formatThreshold(approval), result: result(approvalMet.heads),
    }),
  );
  const outcome: Civil278Outcome = !(participationMet.area && participationMet.heads)
    ? 'FAILED_QUORUM'
    : approvalMet.area && approvalMet.heads
      ? 'PASSED'
      : 'FAILED_APPROVAL';
  steps.push(
    outcome === 'PASSED'
      ? step('outcomePassed')
      : outcome === 'FAILED_QUORUM'
        ? step('outcomeFailedQuorum')
        : step('outcomeFailedApproval'),
  );
  return {
    mode, outcome, electorate: ah(electorate), participating: ah(part),
    yes: ah(yes), no: ah(no), abstain: ah(abstain),
    participationRequired: { area: formatArea(participationRequired.area), heads: participationRequired.heads },
    approvalRequired: { area: formatArea(approvalRequired.area), heads: approvalRequired.heads },
    participationMet, approvalMet,
  };
}

/**
 * Civil Code art. 278: participation by owners holding ≥ 2/3 of the exclusive area and ≥ 2/3 of the heads;
 * approval by ≥ 3/4 (items 6–8) or more than 1/2 (other items) of the participating area and heads.
 * Abstentions participate but do not approve.
 */
export function civilCode278(input: Civil278Input): Civil278Result {
  const headRule = input.headRule ?? 'sameOwners';
  const approval = approvalThresholdFor(input.matter);
  const seen = new Set<string>();
  for (const u of input.units) {
    if (seen.has(u.id)) throw new RangeError(`duplicate unit id: ${u.id}`);
    seen.add(u.id);
  }
  const units = input.scope ? input.units.filter((u) => inScope(u, input.scope)) : input.units;
  const { heads, headOfUnit } = formHeads(units, headRule);
  const headArea = new Map(heads.map((h) => [h.id, h.area]));

  // Ballots name a unit and count for its head, so a buyer of several units has one effective ballot.
  const report = effectiveBallots(heads.map((h) => h.id), input.ballots, input.deadline, undefined, (unit) => headOfUnit.get(unit));

  const electorate: Sums = { area: 0n, heads: heads.length };
  for (const h of heads) electorate.area += h.area;
  const steps: Step[] = explainBallots(report, heads.length, input.deadline);
  if (input.scope) steps.push(step('scopeApplied', { units: units.length, of: input.units.length }));
  steps.push(step('headsFormed', { units: units.length, heads: heads.length, area: formatArea(electorate.area), rule: headRule }));
  const coOwned = units.filter((u) => !u.developerHeld && u.owners.length > 1 && new Set(u.owners).size > 1).length;
  if (coOwned > 0) steps.push(step('coOwnedUnits', { units: coOwned }));
  const multi = heads.filter((h) => !h.developer && h.units.length > 1);
  if (multi.length > 0) {
    steps.push(step('multiUnitOwners', { heads: multi.length, units: multi.reduce((n, h) => n + h.units.length, 0) }));
  }
  const dev = heads.find((h) => h.developer);
  if (dev) steps.push(step('developerHead', { units: dev.units.length, area: formatArea(dev.area) }));
  steps.push(step('ruleMatter', { matter: input.matter, participation: formatThreshold(atLeastTwoThirds), approval: formatThreshold(approval) }));

  const base = {
    method: 'civilCode278' as const, matter: input.matter, headRule,
    participationThreshold: formatThreshold(atLeastTwoThirds), approvalThreshold: formatThreshold(approval),
    ballots: summarizeBallots(report),
  };
  if (heads.length === 0) {
    steps.push(step('noElectorate'), step('outcomeNoElectorate'));
    const empty = ah(zero());
    const none: Civil278Count = {
      mode: 'strict', outcome: 'NO_ELECTORATE', electorate: empty, participating: empty, yes: empty, no: empty,
      abstain: empty, participationRequired: empty, approvalRequired: empty,
      participationMet: { area: false, heads: false }, approvalMet: { area: false, heads: false },
    };
    return { ...base, outcome: 'NO_ELECTORATE', strict: none, deemed: null, explanation: steps };
  }

  const byChoice: Record<YesNoAbstain, Sums> = { yes: zero(), no: zero(), abstain: zero() };
  const voted = new Set<string>();
  report.effective.forEach((b, i) => {
    const head = report.effectiveKeys[i]!;
    const s = byChoice[b.choice];
    s.area += headArea.get(head) ?? 0n;
    s.heads += 1;
    voted.add(head);
  });
  steps.push(step('modeStrict'));
  const strict = count('strict', electorate, byChoice, approval, steps);
  if (!input.deemedConsent) return { ...base, outcome: strict.outcome, strict, deemed: null, explanation: steps };

  steps.push(step('modeDeemed', { basis: input.deemedConsent.basis }));
  const silent: Sums = zero();
  for (const h of heads) {
    if (voted.has(h.id)) continue;
    silent.area += h.area;
    silent.heads += 1;
  }
  const { yes, no } = byChoice;
  const direction: 'yes' | 'no' | null =
    yes.area > no.area && yes.heads > no.heads ? 'yes' : no.area > yes.area && no.heads > yes.heads ? 'no' : null;
  const deemedChoice: Record<YesNoAbstain, Sums> = {
    yes: { ...yes }, no: { ...no }, abstain: { ...byChoice.abstain },
  };
  if (direction) {
    deemedChoice[direction].area += silent.area;
    deemedChoice[direction].heads += silent.heads;
    steps.push(step('deemedDirection', { choice: direction, area: formatArea(silent.area), heads: silent.heads }));
  } else {
    steps.push(step('deemedNoMajority', { area: formatArea(silent.area), heads: silent.heads }));
  }
  const deemed: Civil278Count = {
    ...count('deemed', electorate, deemedChoice, approval, steps),
    deemed: { choice: direction, area: formatArea(silent.area), heads: silent.heads },
  };
  steps.push(step('outcomeStrictBeside', { strict: strict.outcome, deemed: deemed.outcome }));
  return { ...base, outcome: deemed.outcome, strict, deemed, explanation: steps };
}

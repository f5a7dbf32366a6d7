import { effectiveBallots, explainBallots, summarizeBallots, type BallotSummary } from './ballots.ts';
import { step, type Ballot, type Step } from './types.ts';

export interface ScoreInput {
  voters: readonly string[];
  options: readonly string[];
  /** A choice maps option ids to whole scores; an option left out gets nothing from that ballot. */
  ballots: readonly Ballot<Record<string, number>>[];
  deadline: string;
  minScore: number;
  maxScore: number;
  /** How many awards are given (most beautiful families: often several). */
  winners?: number;
}

export type ScoreOutcome = 'ELECTED' | 'TIE' | 'NO_BALLOTS';

export interface OptionScore {
  id: string;
  total: number;
  ratings: number;
  /** Total divided by ratings, two decimals, for display only: ranking uses the exact total. */
  mean: string;
}

export interface ScoreResult {
  method: 'score';
  outcome: ScoreOutcome;
  winners: string[];
  tied: string[];
  options: OptionScore[];
  ballots: BallotSummary;
  explanation: Step[];
}

export function scoreValidator(optionIds: ReadonlySet<string>, min: number, max: number) {
  return (choice: Record<string, number>): string | null => {
    for (const [id, s] of Object.entries(choice)) {
      if (!optionIds.has(id)) return 'UNKNOWN_OPTION';
      if (!Number.isInteger(s) || s < min || s > max) return 'SCORE_OUT_OF_RANGE';
    }
    return null;
  };
}

function mean(total: number, n: number): string {
  if (n === 0) return '0.00';
  const hundredths = Math.round((total * 100) / n);
  return `${Math.trunc(hundredths / 100)}.${String(Math.abs(hundredths % 100)).padStart(2, '0')}`;
}

/** Score voting: the highest totals win; a tie at the last award is reported, not broken. */
export function score(input: ScoreInput): ScoreResult {
  const seats = input.winners ?? 1;
  const report = effectiveBallots(input.voters, input.ballots, input.deadline, scoreValidator(new Set(input.options), input.minScore, input.maxScore));
  const steps = explainBallots(report, new Set(input.voters).size, input.deadline);
  steps.push(step('scoreRange', { min: input.minScore, max: input.maxScore, winners: seats }));
  const totals = new Map(input.options.map((o) => [o, { id: o, total: 0, ratings: 0 }]));
  for (const b of report.effective) {
    for (const [id, s] of Object.entries(b.choice)) {
      const t = totals.get(id)!;
      t.total += s;
      t.ratings += 1;
    }
  }
  const options = [...totals.values()]
    .map((t) => ({ ...t, mean: mean(t.total, t.ratings) }))
    .sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : 1));
  for (const o of options) steps.push(step('optionScore', { option: o.id, total: o.total, ratings: o.ratings, mean: o.mean }));
  const result = (outcome: ScoreOutcome, winners: string[], tied: string[]): ScoreResult => {
    for (const w of winners) steps.push(step('awardWinner', { option: w, total: totals.get(w)!.total }));
    if (outcome === 'NO_BALLOTS') steps.push(step('outcomeNoBallots'));
    else if (outcome === 'TIE') steps.push(step('outcomeTie', { selected: tied.join(', ') }));
    else steps.push(step('outcomeElected', { selected: winners.join(', ') }));
    return { method: 'score', outcome, winners, tied, options, ballots: summarizeBallots(report), explanation: steps };
  };
  if (report.effective.length === 0) return result('NO_BALLOTS', [], []);
  const cut = options[seats - 1];
  const next = options[seats];
  if (cut && next && cut.total === next.total) {
    const tied = options.filter((o) => o.total === cut.total).map((o) => o.id);
    const winners = options.filter((o) => o.total > cut.total).map((o) => o.id);
    steps.push(step('tieAtCutoff', { options: tied.join(', '), votes: cut.total, seats: seats - winners.length }));
    return result('TIE', winners, tied);
  }
  return result('ELECTED', options.slice(0, seats).map((o) => o.id), []);
}

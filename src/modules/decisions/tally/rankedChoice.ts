import { effectiveBallots, explainBallots, summarizeBallots, type BallotSummary } from './ballots.ts';
import { step, type Ballot, type Step } from './types.ts';

export interface RankedChoiceInput {
  voters: readonly string[];
  options: readonly string[];
  /** A choice ranks option ids, most preferred first; it may stop early. */
  ballots: readonly Ballot<string[]>[];
  deadline: string;
}

export type RankedChoiceOutcome = 'ELECTED' | 'TIE' | 'NO_BALLOTS';

export interface Round {
  round: number;
  counts: Record<string, number>;
  exhausted: number;
  eliminated?: string[];
}

export interface RankedChoiceResult {
  method: 'rankedChoice';
  outcome: RankedChoiceOutcome;
  winner: string | null;
  tied: string[];
  rounds: Round[];
  ballots: BallotSummary;
  explanation: Step[];
}

export function rankingValidator(optionIds: ReadonlySet<string>) {
  return (choice: string[]): string | null => {
    if (choice.length === 0) return 'EMPTY_RANKING';
    if (new Set(choice).size !== choice.length) return 'DUPLICATE_OPTION';
    if (choice.some((c) => !optionIds.has(c))) return 'UNKNOWN_OPTION';
    return null;
  };
}

/**
 * Instant-runoff for one winner. Options tied for last place are eliminated together when their combined
 * votes stay below the next option (the order cannot matter then); otherwise the most recent earlier round
 * that tells them apart decides; when none does, the count stops and says TIE.
 */
export function rankedChoice(input: RankedChoiceInput): RankedChoiceResult {
  const report = effectiveBallots(input.voters, input.ballots, input.deadline, rankingValidator(new Set(input.options)));
  const steps = explainBallots(report, new Set(input.voters).size, input.deadline);
  const continuing = new Set(input.options);
  const rounds: Round[] = [];
  const finish = (outcome: RankedChoiceOutcome, winner: string | null, tied: string[]): RankedChoiceResult => {
    if (outcome === 'ELECTED') steps.push(step('outcomeElected', { selected: winner ?? '' }));
    else if (outcome === 'TIE') steps.push(step('outcomeTie', { selected: tied.join(', ') }));
    else steps.push(step('outcomeNoBallots'));
    return { method: 'rankedChoice', outcome, winner, tied, rounds, ballots: summarizeBallots(report), explanation: steps };
  };

  for (let n = 1; continuing.size > 0; n++) {
    const counts: Record<string, number> = {};
    for (const o of input.options) if (continuing.has(o)) counts[o] = 0;
    let exhausted = 0;
    for (const b of report.effective) {
      const top = b.choice.find((c) => continuing.has(c));
      if (top === undefined) exhausted += 1;
      else counts[top]! += 1;
    }
    const round: Round = { round: n, counts, exhausted };
    rounds.push(round);
    const active = report.effective.length - exhausted;
    steps.push(step('roundCounts', { round: n, counts: Object.entries(counts).map(([o, c]) => `${o}: ${c}`).join(', ') }));
    if (exhausted > 0) steps.push(step('roundExhausted', { round: n, count: exhausted }));
    if (active === 0) return finish('NO_BALLOTS', null, [...continuing]);
    const entries = Object.entries(counts);
    const best = entries.reduce((m, [, c]) => Math.max(m, c), 0);
    const leader = entries.filter(([, c]) => c === best);
    if (2 * best > active && leader.length === 1) {
      steps.push(step('roundMajority', { round: n, option: leader[0]![0], votes: best, active }));
      return finish('ELECTED', leader[0]![0], []);
    }
    const low = entries.reduce((m, [, c]) => Math.min(m, c), Infinity);
    let lowest = entries.filter(([, c]) => c === low).map(([o]) => o);
    if (lowest.length === continuing.size) {
      steps.push(step('finalTie', { options: lowest.join(', '), votes: low }));
      return finish('TIE', null, lowest);
    }
    const above = entries.filter(([, c]) => c > low).reduce((m, [, c]) => Math.min(m, c), Infinity);
    if (lowest.length > 1 && low * lowest.length < above) {
      // Together they cannot reach the next option, so no order of eliminating them could matter.
      round.eliminated = lowest;
      for (const o of lowest) continuing.delete(o);
      steps.push(step('eliminatedTogether', { round: n, options: lowest.join(', '), votes: low * lowest.length, next: above }));
      continue;
    }
    if (lowest.length > 1) {
      const tiedNow = lowest;
      for (let k = rounds.length - 2; k >= 0 && lowest.length > 1; k--) {
        const earlier = rounds[k]!.counts;
        const min = Math.min(...lowest.map((o) => earlier[o] ?? 0));
        lowest = lowest.filter((o) => (earlier[o] ?? 0) === min);
      }
      if (lowest.length > 1) {
        steps.push(step('eliminationTie', { round: n, options: lowest.join(', '), votes: low }));
        return finish('TIE', null, lowest);
      }
      steps.push(step('eliminationTieBroken', { round: n, options: tiedNow.join(', '), option: lowest[0]! }));
    }
    const out = lowest[0]!;
    round.eliminated = [out];
    continuing.delete(out);
    steps.push(step('eliminated', { round: n, option: out, votes: low }));
  }
  return finish('NO_BALLOTS', null, []);
}

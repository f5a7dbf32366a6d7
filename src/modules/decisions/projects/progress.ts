export interface ProgressProblem {
  code: 'progressOutOfRange' | 'progressBackwards';
  params: Record<string, number>;
}

/**
 * Progress is a whole percent that only moves forward: a report published to residents is not taken back
 * silently. A real setback is reported as a note at the same percent.
 */
export function checkProgress(current: number, reported: number): ProgressProblem | null {
  if (!Number.isInteger(reported) || reported < 0 || reported > 100) return { code: 'progressOutOfRange', params: { percent: reported } };
  if (reported < current) return { code: 'progressBackwards', params: { current, percent: reported } };
  return null;
}

/** What the milestones alone say: the share of them done, rounded down, for the console's hint. */
export function milestoneShare(milestones: readonly { doneOn: string | null }[]): number {
  if (milestones.length === 0) return 0;
  return Math.floor((100 * milestones.filter((m) => m.doneOn !== null).length) / milestones.length);
}

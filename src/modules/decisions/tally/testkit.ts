import type { Ballot, Channel } from './types.ts';

/** Builds ballots for tests: times count minutes from 2025-05-01T08:00+08:00. */
export function ballot<C>(id: string, voter: string, choice: C, minute = 0, channel: Channel = 'web'): Ballot<C> {
  const t = new Date(Date.parse('2025-05-01T08:00:00+08:00') + minute * 60_000).toISOString();
  return { id, voter, choice, time: t, channel };
}

export const deadline = '2025-05-31T20:00:00+08:00';
/** A time after `deadline`, in minutes from the `ballot` epoch. */
export const afterDeadline = 60 * 24 * 31;

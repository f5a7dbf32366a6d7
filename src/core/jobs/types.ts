import type { Kysely, Transaction } from 'kysely';
import type { AnyDB } from '../db/database.ts';

export interface JobRow {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  uniqueKey: string | null;
}

/**
 * A job handler runs inside the transaction that claimed the job: its database writes commit together
 * with the job's completion, so a job's effect on the database happens exactly once even when a
 * process dies half-way. Effects outside the database (a message to a device, an SMS) are at least once.
 */
export type JobHandler = (payload: unknown, context: { trx: Transaction<AnyDB>; job: JobRow }) => Promise<void>;

export interface ScheduleOptions {
  /** When to run; default now. */
  runAt?: Date;
  /** Alternatively, a delay from the database clock's now. */
  delayMs?: number;
  /** A pending job with the same key is replaced (its time and payload updated). */
  uniqueKey?: string;
  maxAttempts?: number;
}

/** One job for `JobQueue.scheduleMany`. */
export interface NewJob {
  kind: string;
  payload: unknown;
  options?: ScheduleOptions;
}

export type Executor = Kysely<AnyDB> | Transaction<AnyDB>;

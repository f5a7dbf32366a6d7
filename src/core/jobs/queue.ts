import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Executor, JobHandler, JobRow, NewJob, ScheduleOptions } from './types.ts';

export interface JobQueueOptions {
  /** Identifies this process in `jobs_done`, for audits of exactly-once execution. */
  workerId?: string;
  /** Parallel claim loops. On the embedded database keep 1: a job's transaction holds its one backend. */
  concurrency?: number;
  /** Longest sleep between polls when nothing is due (other processes may add jobs). */
  pollMs?: number;
  onError?: (error: unknown, job: JobRow) => void;
}

interface ClaimedRow {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  unique_key: string | null;
}

/** Durable jobs and timers kept in the database and claimed with FOR UPDATE SKIP LOCKED. */
export class JobQueue {
  readonly workerId: string;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly concurrency: number;
  private readonly pollMs: number;
  private running = false;
  private loops: Promise<void>[] = [];
  private wakers = new Set<() => void>();

  constructor(
    private readonly db: Database,
    private readonly options: JobQueueOptions = {},
  ) {
    this.workerId = options.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.concurrency = options.concurrency ?? (db.kind === 'embedded' ? 1 : 2);
    this.pollMs = options.pollMs ?? 500;
  }

  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} registered twice`);
    this.handlers.set(kind, handler);
  }

  /** Adds a job; pass the caller's transaction so the job exists only if the caller's change commits. */
  async schedule(kind: string, payload: unknown, options: ScheduleOptions = {}, executor?: Executor): Promise<number> {
    return (await this.insert([{ kind, payload, options }], executor))[0]!;
  }

  /** Adds several jobs in one statement (a batch of new cases and their timers); a key given twice keeps the last. */
  async scheduleMany(jobs: NewJob[], executor?: Executor): Promise<void> {
    const query = this.insertQuery(jobs);
    if (query) await query.execute(executor ?? this.db.kysely);
    this.wake();
  }

  /**
   * The statement `scheduleMany` runs, for a caller that embeds it in a larger one (a data-modifying CTE);
   * call `wake` once that has committed. Null when there is nothing to add.
   */
  insertQuery(jobs: NewJob[]): RawBuilder<unknown> | null {
    const lastOfKey = new Map<string, NewJob>();
    for (const j of jobs) if (j.options?.uniqueKey) lastOfKey.set(j.options.uniqueKey, j);
    const kept = jobs.filter((j) => !j.options?.uniqueKey || lastOfKey.get(j.options.uniqueKey) === j);
    return kept.length ? this.insertSql(kept) : null;
  }

  private async insert(jobs: NewJob[], executor?: Executor): Promise<number[]> {
    const result = await sql<{ id: number }>`${this.insertSql(jobs)} RETURNING id`.execute(executor ?? this.db.kysely);
    this.wake();
    return result.rows.map((r) => r.id);
  }

  private insertSql(jobs: NewJob[]): RawBuilder<unknown> {
    const rows = jobs.map(({ kind, payload, options = {} }) => {
      const runAt = options.runAt
        ? sql`${options.runAt.toISOString()}::timestamptz`
        : sql`now() + make_interval(secs => ${(options.delayMs ?? 0) / 1000})`;
      return sql`(${kind}, ${JSON.stringify(payload ?? {})}::jsonb, ${runAt}, ${options.uniqueKey ?? null}, ${options.maxAttempts ?? 5})`;
    });
    // Rows without a key never conflict (NULLs are distinct), so one statement serves both kinds.
    return sql`
      INSERT INTO jobs (kind, payload, run_at, unique_key, max_attempts) VALUES ${sql.join(rows)}
      ON CONFLICT (unique_key) DO UPDATE
        SET kind = EXCLUDED.kind, payload = EXCLUDED.payload, run_at = EXCLUDED.run_at,
            attempts = 0, max_attempts = EXCLUDED.max_attempts, last_error = NULL`;
  }

  /** Cancels a pending job by its key (e.g. a cancel press stops the escalation ladder). */
  async cancel(uniqueKey: string, executor?: Executor): Promise<boolean> {
    const result = await sql`DELETE FROM jobs WHERE unique_key = ${uniqueKey}`.execute(executor ?? this.db.kysely);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  async cancelByPrefix(prefix: string, executor?: Executor): Promise<number> {
    const result = await sql`DELETE FROM jobs WHERE unique_key LIKE ${`${prefix.replace(/[%_\\]/g, '\\$&')}%`}`.execute(
      executor ?? this.db.kysely,
    );
    return Number(result.numAffectedRows ?? 0);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.concurrency }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Runs due jobs until none is due; for tests and one-shot commands. Returns how many ran. */
  async drain(): Promise<number> {
    let count = 0;
    while ((await this.runOne()) !== 'idle') count++;
    return count;
  }

  /** Tells this process's idle claim loops that a job was added (the database is polled anyway). */
  wake(): void {
    for (const w of this.wakers) w();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let outcome: 'ran' | 'failed' | 'idle';
      try {
        outcome = await this.runOne();
      } catch (error) {
        this.options.onError?.(error, { id: 0, kind: '', payload: null, attempts: 0, maxAttempts: 0, uniqueKey: null });
        outcome = 'idle';
      }
      if (outcome !== 'idle' || !this.running) continue;
      await this.sleep(await this.msUntilNextDue());
    }
  }

  private async msUntilNextDue(): Promise<number> {
    try {
      const { rows } = await sql<{ ms: number | null }>`
        SELECT (EXTRACT(EPOCH FROM (min(run_at) - now())) * 1000)::float8 AS ms FROM jobs`.execute(this.db.kysely);
      const ms = rows[0]?.ms;
      return ms == null ? this.pollMs : Math.max(5, Math.min(this.pollMs, ms));
    } catch {
      return this.pollMs;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private async runOne(): Promise<'ran' | 'failed' | 'idle'> {
    let claimed: JobRow | null = null;
    try {
      await this.db.kysely.transaction().execute(async (trx) => {
        const { rows } = await sql<ClaimedRow>`
          SELECT id, kind, payload, attempts, max_attempts, unique_key FROM jobs
          WHERE run_at <= now() ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx);
        const row = rows[0];
        if (!row) return;
        claimed = {
          id: Number(row.id),
          kind: row.kind,
          payload: row.payload,
          attempts: row.attempts,
          maxAttempts: row.max_attempts,
          uniqueKey: row.unique_key,
        };
        const handler = this.handlers.get(row.kind);
        if (!handler) throw new Error(`no handler registered for job kind ${row.kind}`);
        await handler(row.payload, { trx, job: claimed });
        await sql`DELETE FROM jobs WHERE id = ${row.id}`.execute(trx);
        await sql`INSERT INTO jobs_done (id, kind, unique_key, worker)
                  VALUES (${row.id}, ${row.kind}, ${row.unique_key}, ${this.workerId})`.execute(trx);
      });
    } catch (error) {
      const job = claimed as JobRow | null;
      if (!job) throw error;
      this.options.onError?.(error, job);
      await this.recordFailure(job, error);
      return 'failed';
    }
    return claimed ? 'ran' : 'idle';
  }

  private async recordFailure(job: JobRow, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const attempts = job.attempts + 1;
    await this.db.kysely.transaction().execute(async (trx) => {
      if (attempts >= job.maxAttempts) {
        await sql`INSERT INTO jobs_failed (id, kind, payload, attempts, last_error, created_at)
                  SELECT id, kind, payload, ${attempts}, ${message}, created_at FROM jobs WHERE id = ${job.id}`.execute(trx);
        await sql`DELETE FROM jobs WHERE id = ${job.id}`.execute(trx);
        return;
      }
      // Exponential backoff: 1 s, 2 s, 4 s … capped at 5 minutes.
      const backoffSecs = Math.min(300, 2 ** (attempts - 1));
      await sql`UPDATE jobs SET attempts = ${attempts}, last_error = ${message},
                run_at = now() + make_interval(secs => ${backoffSecs}) WHERE id = ${job.id}`.execute(trx);
    });
  }
}

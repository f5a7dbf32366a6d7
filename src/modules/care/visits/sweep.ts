import { sql, type Kysely } from 'kysely';
import type { JobQueue } from '../../../core/jobs/queue.ts';
import type { Executor, JobHandler } from '../../../core/jobs/types.ts';
import { collectAlarmHours } from '../hours/record.ts';
import { scheduledProfiles } from './profiles.ts';
import { addDays, chinaDate, chinaMidnight, overdueStage } from './schedule.ts';
import type { LoopTables } from './tables.ts';

export const dailyJob = 'care.daily';
/** 02:00 China time: after midnight, so "yesterday's" due dates are past, and before the working day. */
const sweepHourMs = 2 * 3600_000;
const sweepKey = (date: string) => `care:daily:${date}`;

/**
 * Starts the daily sweep: one run now (catching up after downtime), which then schedules the next.
 * The key carries the date, so processes starting together schedule one run, and a run never replaces
 * its own pending row (a job's row is deleted by id once its handler returns).
 */
export async function startDailySweep(jobs: JobQueue, now = new Date()): Promise<void> {
  await jobs.schedule(dailyJob, {}, { uniqueKey: `${sweepKey(chinaDate(now))}:start` });
}

export interface SweepResult { raised: number; escalated: number; closed: number; alarmHours: number }

/**
 * Overdue visits: a missed due date gets one row in care_visit_overdue and one task for the grid worker;
 * once it is `escalateDays` late, one more for the community office. Flags whose due date moved (a
 * lowered tier) are closed. The database clock decides what "today" is.
 */
export async function sweep(db: Kysely<LoopTables>): Promise<SweepResult> {
  const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(db);
  const today = chinaDate(new Date(rows[0]!.now));
  const profiles = await scheduledProfiles(db, sql<boolean>`true`);
  const late = profiles.map((p) => ({ p, stage: overdueStage(p.dueOn, today, p.escalateDays) })).filter((x) => x.stage !== 'none');

  const ids = late.map((x) => x.p.id);
  const dues = late.map((x) => x.p.dueOn);
  const closed = await sql<{ profile_id: string }>`
    UPDATE care_visit_overdue o SET resolved_at = now()
    WHERE o.resolved_at IS NULL AND NOT EXISTS (SELECT 1 FROM unnest(${ids}::uuid[], ${dues}::date[]) AS l(profile_id, due_on) WHERE l.profile_id = o.profile_id AND l.due_on = o.due_on)
    RETURNING o.profile_id`.execute(db);
  if (closed.rows.length) {
    await sql`UPDATE care_tasks SET done_at = now(), outcome = 'rescheduled'
      WHERE kind IN ('visitOverdue', 'visitOverdueEscalated') AND done_at IS NULL AND profile_id = ANY(${closed.rows.map((r) => r.profile_id)}::uuid[])
        AND NOT (profile_id = ANY(${ids}::uuid[]))`.execute(db);
  }

  const communities = late.map((x) => x.p.communityPath);
  const raised = await sql<{ profile_id: string; due_on: string; community_path: string }>`
    INSERT INTO care_visit_overdue (profile_id, due_on, community_path)
    SELECT * FROM unnest(${ids}::uuid[], ${dues}::date[], ${communities}::text[])
    ON CONFLICT (profile_id, due_on) DO NOTHING
    RETURNING profile_id, due_on::text AS due_on, community_path`.execute(db);
  await visitTasks(db, 'visitOverdue', 'gridWorker', raised.rows);

  const up = late.filter((x) => x.stage === 'community');
  const escalated = up.length === 0 ? { rows: [] } : await sql<{ profile_id: string; due_on: string; community_path: string }>`
    UPDATE care_visit_overdue o SET escalated_at = now()
    FROM unnest(${up.map((x) => x.p.id)}::uuid[], ${up.map((x) => x.p.dueOn)}::date[]) AS l(profile_id, due_on)
    WHERE o.profile_id = l.profile_id AND o.due_on = l.due_on AND o.escalated_at IS NULL AND o.resolved_at IS NULL
    RETURNING o.profile_id, o.due_on::text AS due_on, o.community_path`.execute(db);
  await visitTasks(db, 'visitOverdueEscalated', 'communityStaff', escalated.rows);

  const alarmHours = await collectAlarmHours(db);
  return { raised: raised.rows.length, escalated: escalated.rows.length, closed: closed.rows.length, alarmHours };
}

/** One task per flag, in one statement (a first sweep after an import may flag thousands). */
async function visitTasks(db: Kysely<LoopTables>, kind: string, role: string, rows: readonly { profile_id: string; community_path: string; due_on: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`INSERT INTO care_tasks (kind, priority, role, community_path, profile_id, detail, due_at)
    SELECT ${kind}, 'normal', ${role}, f.community_path, f.profile_id, jsonb_build_object('dueOn', f.due_on), now() + interval '1 day'
    FROM unnest(${rows.map((r) => r.profile_id)}::uuid[], ${rows.map((r) => r.community_path)}::text[], ${rows.map((r) => r.due_on)}::text[]) AS f(profile_id, community_path, due_on)`.execute(db);
}

/** The job: sweep inside the job's transaction, then plan tomorrow's run. */
export function dailyJobHandler(jobs: JobQueue): JobHandler {
  return async (_payload, { trx, job }) => {
    const db = trx as unknown as Kysely<LoopTables>;
    await sweep(db);
    const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(db);
    let tomorrow = addDays(chinaDate(new Date(rows[0]!.now)), 1);
    // A run brought forward (by an operator or a test) must not replace its own row, or the chain ends.
    if (sweepKey(tomorrow) === job.uniqueKey) tomorrow = addDays(tomorrow, 1);
    await jobs.schedule(dailyJob, {}, { runAt: new Date(chinaMidnight(tomorrow).getTime() + sweepHourMs), uniqueKey: sweepKey(tomorrow) }, trx as unknown as Executor);
  };
}

import { sql } from 'kysely';
import { defaultLocale, t } from '../../../core/i18n.ts';
import type { JobQueue } from '../../../core/jobs/queue.ts';
import type { Executor } from '../../../core/jobs/types.ts';
import type { Secrets } from '../../../core/secrets.ts';
import type { Trx } from '../dispatch.ts';
import type { FamilyChannel } from './channel.ts';

export const familySendJob = 'care.family.send';
const retryDelayMs = 60_000;
const maxAttempts = 5;

/** Queues a send of the alarm's unsent family messages, in the transaction that queued the messages. */
export async function scheduleFamilySend(jobs: JobQueue, trx: Trx, alarmId: number): Promise<void> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM care_notifications WHERE alarm_id = ${alarmId} AND sent_at IS NULL`.execute(trx);
  if (rows[0]!.n > 0) await jobs.schedule(familySendJob, { alarmId }, { uniqueKey: `care:family:${alarmId}` }, trx as unknown as Executor);
}

/**
 * Sends the unsent messages of one alarm, each marked sent as soon as the channel took it, so a failure
 * later in the batch never sends an earlier one twice. Failures are kept on the row and retried later.
 */
export async function sendFamilyMessages(trx: Trx, deps: { secrets: Secrets; channel: FamilyChannel; jobs: JobQueue }, alarmId: number): Promise<void> {
  const { rows } = await sql<{ id: number; recipient: string; template: string; attempts: number }>`
    SELECT id, recipient, template, attempts FROM care_notifications
    WHERE alarm_id = ${alarmId} AND sent_at IS NULL AND attempts < ${maxAttempts} ORDER BY id FOR UPDATE SKIP LOCKED`.execute(trx);
  let failed = 0;
  let attempt = 0;
  for (const row of rows) {
    attempt = Math.max(attempt, row.attempts + 1);
    const text = t(defaultLocale, row.template);
    try {
      await deps.channel.send({ alarmId, phone: deps.secrets.decrypt(row.recipient), text });
      await sql`UPDATE care_notifications SET sent_at = now(), sent_via = ${deps.channel.name}, text = ${text}, attempts = attempts + 1, last_error = NULL WHERE id = ${row.id}`.execute(trx);
    } catch (error) {
      failed++;
      await sql`UPDATE care_notifications SET attempts = attempts + 1, last_error = ${(error as Error).message.slice(0, 500)} WHERE id = ${row.id}`.execute(trx);
    }
  }
  // A key per attempt: the running job's own key would be finished together with it.
  if (failed > 0) await deps.jobs.schedule(familySendJob, { alarmId }, { delayMs: retryDelayMs * attempt, uniqueKey: `care:family:${alarmId}:retry:${attempt}` }, trx as unknown as Executor);
}

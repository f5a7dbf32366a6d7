import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../../test/support/app.ts';
import type { Trx } from '../dispatch.ts';
import type { FamilyChannel, FamilyMessage } from './channel.ts';
import { familySendJob, scheduleFamilySend, sendFamilyMessages } from './sender.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ runJobs: false });
});
after(() => app.stop());

/** An alarm with two family messages waiting in the outbox, as the ladder's notifyFamily step leaves them. */
async function alarmWithMessages(tag: string): Promise<number> {
  const db = app.core.db.kysely;
  const { rows: [event] } = await sql<{ id: number }>`INSERT INTO device_events (device_id, message_id, type, at, via, payload)
    VALUES (${`FAM-${tag}`}, 'm1', 'alarm', now(), 'https', '{}') RETURNING id`.execute(db);
  const { rows: [alarm] } = await sql<{ id: number }>`INSERT INTO care_alarms (event_id, device_id, type, pressed_at)
    VALUES (${event!.id}, ${`FAM-${tag}`}, 'alarm', now()) RETURNING id`.execute(db);
  for (const phone of ['13900000001', '13900000002']) {
    await sql`INSERT INTO care_notifications (alarm_id, channel, recipient, template)
      VALUES (${alarm!.id}, 'sms', ${app.core.secrets.encrypt(phone)}, 'care.notify.family.open')`.execute(db);
  }
  return alarm!.id;
}

const outbox = async (alarmId: number) =>
  (await sql<{ sent_at: string | null; sent_via: string | null; attempts: number; last_error: string | null; text: string | null }>`
    SELECT sent_at, sent_via, attempts, last_error, text FROM care_notifications WHERE alarm_id = ${alarmId} ORDER BY id`.execute(app.core.db.kysely)).rows;

test('each message is marked sent as the channel takes it; a failed one is kept with its error and retried later', async () => {
  const alarmId = await alarmWithMessages('a');
  const sent: FamilyMessage[] = [];
  let failNext = false;
  // The second phone's gateway call fails once.
  const channel: FamilyChannel = {
    name: 'gateway',
    async send(message) {
      if (message.phone === '13900000002' && !failNext) {
        failNext = true;
        throw new Error('gateway timeout');
      }
      sent.push(message);
    },
  };
  const run = () => app.core.db.kysely.transaction().execute((trx) => sendFamilyMessages(trx as unknown as Trx, { secrets: app.core.secrets, channel, jobs: app.core.jobs }, alarmId));

  await run();
  let rows = await outbox(alarmId);
  assert.deepEqual(sent.map((m) => m.phone), ['13900000001']);
  assert.match(sent[0]!.text, /紧急呼叫/);
  assert.ok(rows[0]!.sent_at && rows[0]!.sent_via === 'gateway' && rows[0]!.text === sent[0]!.text);
  assert.deepEqual([rows[1]!.sent_at, rows[1]!.attempts, rows[1]!.last_error], [null, 1, 'gateway timeout']);
  const { rows: retries } = await sql<{ run_later: boolean }>`SELECT run_at > now() + interval '30 seconds' AS run_later FROM jobs WHERE kind = ${familySendJob} AND unique_key LIKE ${`care:family:${alarmId}:retry:%`}`.execute(app.core.db.kysely);
  assert.deepEqual(retries.map((r) => r.run_later), [true], 'one retry, a minute later');

  await run();
  rows = await outbox(alarmId);
  assert.deepEqual(sent.map((m) => m.phone), ['13900000001', '13900000002'], 'nobody hears twice');
  assert.ok(rows.every((r) => r.sent_at !== null));
});

test('a send is queued only while the alarm has unsent messages', async () => {
  const alarmId = await alarmWithMessages('b');
  const queued = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE unique_key = ${`care:family:${alarmId}`}`.execute(app.core.db.kysely)).rows[0]!.n);
  await app.core.db.kysely.transaction().execute((trx) => scheduleFamilySend(app.core.jobs, trx as unknown as Trx, alarmId));
  assert.equal(await queued(), 1);
  await sql`UPDATE care_notifications SET sent_at = now() WHERE alarm_id = ${alarmId}`.execute(app.core.db.kysely);
  await sql`DELETE FROM jobs WHERE unique_key = ${`care:family:${alarmId}`}`.execute(app.core.db.kysely);
  await app.core.db.kysely.transaction().execute((trx) => scheduleFamilySend(app.core.jobs, trx as unknown as Trx, alarmId));
  assert.equal(await queued(), 0);
});

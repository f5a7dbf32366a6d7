import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { freshDatabase, migrationSources } from '../../../test/support/database.ts';
import { JobQueue } from './queue.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a due job runs once, inside the transaction that completes it', async (t) => {
  const { db, drop } = await freshDatabase();
  t.after(drop);
  await sql`CREATE TABLE effects (job text)`.execute(db.kysely);
  const queue = new JobQueue(db, { pollMs: 50 });
  queue.register('note', async (payload, { trx }) => {
    await sql`INSERT INTO effects VALUES (${(payload as { v: string }).v})`.execute(trx);
  });
  await queue.schedule('note', { v: 'a' });
  await queue.schedule('note', { v: 'b' }, { delayMs: 60_000 });
  assert.equal(await queue.drain(), 1, 'only the due job runs');
  const { rows } = await sql<{ job: string }>`SELECT job FROM effects`.execute(db.kysely);
  assert.deepEqual(rows.map((r) => r.job), ['a']);
  const pending = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs`.execute(db.kysely);
  assert.equal(pending.rows[0]!.n, 1);
});

test('a failing handler rolls its writes back, retries with backoff, then parks the job', async (t) => {
  const { db, drop } = await freshDatabase();
  t.after(drop);
  await sql`CREATE TABLE effects (job text)`.execute(db.kysely);
  const queue = new JobQueue(db, { pollMs: 20 });
  let calls = 0;
  queue.register('flaky', async (_p, { trx }) => {
    calls++;
    await sql`INSERT INTO effects VALUES ('half-done')`.execute(trx);
    throw new Error('device unreachable');
  });
  await queue.schedule('flaky', {}, { maxAttempts: 2 });
  await queue.drain();
  assert.equal(calls, 1);
  const retry = await sql<{ attempts: number; last_error: string; wait: number }>`
    SELECT attempts, last_error, EXTRACT(EPOCH FROM run_at - now())::float8 AS wait FROM jobs`.execute(db.kysely);
  assert.equal(retry.rows[0]!.attempts, 1);
  assert.equal(retry.rows[0]!.last_error, 'device unreachable');
  assert.ok(retry.rows[0]!.wait > 0.5, 'the retry waits (backoff)');
  await sql`UPDATE jobs SET run_at = now()`.execute(db.kysely);
  await queue.drain();
  const failed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs_failed`.execute(db.kysely);
  assert.equal(failed.rows[0]!.n, 1, 'after max attempts the job is kept in jobs_failed');
  const effects = await sql<{ n: number }>`SELECT count(*)::int AS n FROM effects`.execute(db.kysely);
  assert.equal(effects.rows[0]!.n, 0, 'no half-done writes survive');
});

test('a unique key replaces a pending timer and cancels it', async (t) => {
  const { db, drop } = await freshDatabase();
  t.after(drop);
  const queue = new JobQueue(db);
  queue.register('escalate', async () => {});
  await queue.schedule('escalate', { step: 1 }, { uniqueKey: 'alarm:1:ladder', delayMs: 30_000 });
  await queue.schedule('escalate', { step: 2 }, { uniqueKey: 'alarm:1:ladder', delayMs: 60_000 });
  const rows = await sql<{ payload: { step: number } }>`SELECT payload FROM jobs`.execute(db.kysely);
  assert.deepEqual(rows.rows.map((r) => r.payload.step), [2]);
  assert.equal(await queue.cancel('alarm:1:ladder'), true);
  assert.equal(await queue.cancel('alarm:1:ladder'), false);
});

test('the runner wakes for a timer at its time', async (t) => {
  const { db, drop } = await freshDatabase();
  t.after(drop);
  const queue = new JobQueue(db, { pollMs: 1000 });
  const ran: number[] = [];
  queue.register('tick', async () => void ran.push(Date.now()));
  queue.start();
  t.after(() => queue.stop());
  const at = Date.now();
  await queue.schedule('tick', {}, { delayMs: 300 });
  for (let i = 0; i < 60 && ran.length === 0; i++) await sleep(50);
  assert.equal(ran.length, 1);
  const late = ran[0]! - at;
  assert.ok(late >= 250, `not early (${late} ms)`);
});

test('an embedded timer survives a restart of the database', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gz-jobs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await openDatabase({ dataDir: dir });
  await migrate(first, migrationSources);
  await new JobQueue(first).schedule('wake', { who: 'elder-1' }, { delayMs: 200 });
  await first.close();

  const second = await openDatabase({ dataDir: dir });
  t.after(() => second.close());
  const queue = new JobQueue(second);
  const seen: unknown[] = [];
  queue.register('wake', async (payload) => void seen.push(payload));
  await sleep(250);
  assert.equal(await queue.drain(), 1);
  assert.deepEqual(seen, [{ who: 'elder-1' }]);
});

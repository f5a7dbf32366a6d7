import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { JobQueue } from './queue.ts';
import { freshPostgresDatabase } from '../../../test/support/database.ts';
import { hostPort, needService, postgresUrl } from '../../../test/support/services.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const workerScript = fileURLToPath(new URL('./testing/worker-process.ts', import.meta.url));

function startWorker(databaseUrl: string, id: string): Promise<ChildProcess> {
  const child = fork(workerScript, [], { env: { ...process.env, DATABASE_URL: databaseUrl, WORKER_ID: id }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker ${id} exited early (${code})`)));
  });
}

test('two server processes on one PostgreSQL run each job exactly once, even when one is killed', async (t) => {
  const { host, port } = hostPort(postgresUrl);
  if (!(await needService(t, 'PostgreSQL', host, port))) return;
  const { db, url, drop } = await freshPostgresDatabase(postgresUrl);
  t.after(drop);
  await sql`CREATE TABLE effects (job_id bigint NOT NULL, n integer NOT NULL, worker text NOT NULL)`.execute(db.kysely);
  const total = 600;
  // Both processes are up before any job exists, so both take part however slow a start is.
  const [a, b] = await Promise.all([startWorker(url!, 'A'), startWorker(url!, 'B')]);
  const queue = new JobQueue(db);
  await db.kysely.transaction().execute(async (trx) => {
    for (let n = 0; n < total; n++) await queue.schedule('effect', { n }, {}, trx);
  });
  // Let both work, then kill A without warning, in the middle of its jobs.
  for (let i = 0; i < 600; i++) {
    const { rows } = await sql<{ a: number; b: number }>`
      SELECT count(*) FILTER (WHERE worker = 'A')::int AS a, count(*) FILTER (WHERE worker = 'B')::int AS b FROM effects`.execute(db.kysely);
    if (rows[0]!.a >= 30 && rows[0]!.b >= 1) break;
    await sleep(20);
  }
  a.kill('SIGKILL');
  await new Promise((r) => a.once('exit', r));

  for (let i = 0; i < 600; i++) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs`.execute(db.kysely);
    if (rows[0]!.n === 0) break;
    await sleep(100);
  }
  b.kill('SIGTERM');
  await new Promise((r) => b.once('exit', r));

  const effects = await sql<{ n: number; runs: number }>`SELECT n, count(*)::int AS runs FROM effects GROUP BY n`.execute(db.kysely);
  assert.equal(effects.rows.length, total, 'every job had its effect');
  assert.deepEqual(effects.rows.filter((r) => r.runs !== 1), [], 'no job had its effect twice');
  const byWorker = await sql<{ worker: string; n: number }>`SELECT worker, count(*)::int AS n FROM jobs_done GROUP BY worker ORDER BY worker`.execute(db.kysely);
  assert.equal(byWorker.rows.length, 2, 'both processes worked');
  assert.equal(byWorker.rows.reduce((s, r) => s + r.n, 0), total);
  const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs`.execute(db.kysely);
  assert.equal(left.rows[0]!.n, 0);
});

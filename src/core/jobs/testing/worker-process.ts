/**
 * A job-runner process for the multi-process test: runs `effect` jobs against DATABASE_URL until
 * killed. Each job writes one row and takes a few milliseconds, so a kill lands in the middle of work.
 */
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import { JobQueue } from '../queue.ts';

const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, poolSize: 4 });
const queue = new JobQueue(db, { workerId: process.env.WORKER_ID!, concurrency: 3, pollMs: 50 });
queue.register('effect', async (payload, { trx, job }) => {
  await sql`SELECT pg_sleep(0.01)`.execute(trx);
  await sql`INSERT INTO effects (job_id, n, worker) VALUES (${job.id}, ${(payload as { n: number }).n}, ${process.env.WORKER_ID!})`.execute(trx);
});
queue.start();
process.send?.('ready');
process.on('SIGTERM', () => void queue.stop().then(() => db.close()).then(() => process.exit(0)));

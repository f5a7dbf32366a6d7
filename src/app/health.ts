import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { JobQueue } from '../core/jobs/queue.ts';

/** Liveness: the process answers. Readiness: the database answers, with the pending job count. */
export function healthRoutes(db: Database, jobs: JobQueue) {
  return async (app: FastifyInstance) => {
    // Never touches the database: answers even while the embedded database runs a long query.
    app.get('/api/health/live', {
      schema: { tags: ['system'], summary: 'Liveness only (no database access)', security: [], response: { 200: Type.Object({ live: Type.Boolean(), uptimeSeconds: Type.Number() }) } },
    }, async () => ({ live: true, uptimeSeconds: Math.round(process.uptime()) }));

    app.get('/api/health', {
      schema: {
        tags: ['system'],
        summary: 'Liveness and readiness',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), live: Type.Boolean(), ready: Type.Boolean(), database: Type.String(), jobsPending: Type.Number(), worker: Type.String() }),
          503: Type.Object({ status: Type.Literal('unavailable'), live: Type.Boolean(), ready: Type.Boolean(), database: Type.String(), error: Type.String() }),
        },
      },
    }, async (_request, reply) => {
      try {
        const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE run_at <= now()`.execute(db.kysely);
        return { status: 'ok' as const, live: true, ready: true, database: db.kind, jobsPending: rows[0]?.n ?? 0, worker: jobs.workerId };
      } catch (error) {
        return reply.status(503).send({ status: 'unavailable' as const, live: true, ready: false, database: db.kind, error: (error as Error).message });
      }
    });
  };
}

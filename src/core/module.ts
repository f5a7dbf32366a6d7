import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { JobHandler } from './jobs/types.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Secrets } from './secrets.ts';

/** What every module gets from the core. */
export interface CoreContext {
  config: Config;
  db: Database;
  jobs: JobQueue;
  secrets: Secrets;
  log: Logger;
}

/**
 * A feature registers itself through one manifest (after Decidim's component manifests): its tables,
 * its routes, its jobs. Modules are created in dependency order in `src/app/build.ts`; their SQL
 * migrations (the same SQL on PGlite and PostgreSQL) are listed in `src/app/migrations.ts`.
 */
export interface ModuleManifest {
  name: string;
  routes?: (app: FastifyInstance) => void | Promise<void>;
  jobs?: Record<string, JobHandler>;
  /** OpenAPI tag for this module's routes. */
  tag?: { name: string; description: string };
}

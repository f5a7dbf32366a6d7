import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Where the embedded database and the generated secrets live. */
  dataDir: string;
  /** A PostgreSQL server; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Optional base-map tile URL template for the console map, e.g. https://…/{z}/{x}/{y}.png */
  tileUrl: string | undefined;
  logLevel: string;
  /** Load the demo county on the first start of an empty database. */
  demo: boolean;
  /** Number of job-runner loops in this process. */
  jobConcurrency: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    tileUrl: env.TILE_URL || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    demo: env.DEMO !== '0',
    jobConcurrency: Number(env.JOB_CONCURRENCY ?? 2),
  };
}

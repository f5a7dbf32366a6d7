import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { loadConfig, type Config } from '../core/config.ts';
import { openDatabase, type Database } from '../core/db/database.ts';
import { migrate } from '../core/db/migrate.ts';
import { migrationSources } from './migrations.ts';
import { createServer } from '../core/http/server.ts';
import { JobQueue } from '../core/jobs/queue.ts';
import type { CoreContext, ModuleManifest } from '../core/module.ts';
import { createSecrets, loadMasterKey } from '../core/secrets.ts';
import { accountRoutes, createAccessModule, installAuthentication } from '../modules/access/index.ts';
import type { LoginPolicy } from '../modules/access/service.ts';
import { createRosterModule } from '../modules/roster/index.ts';
import { createCareModule } from '../modules/care/index.ts';
import { createDecisionsModule } from '../modules/decisions/index.ts';
import { createCasesModule } from '../modules/cases/index.ts';
import { createOpen311Module } from '../modules/open311/index.ts';
import { createTreeModule } from '../modules/tree/index.ts';
import { healthRoutes } from './health.ts';
import { consoleRoutes } from './console.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export interface BuildOptions {
  config?: Partial<Config>;
  /** Use this database instead of opening one (tests share a prepared one). */
  db?: Database;
  logger?: Logger;
  loginPolicy?: LoginPolicy;
  /** Start the job runner (default true). */
  runJobs?: boolean;
}

/** The composition root: the core, then each module in dependency order. */
export async function buildApp(options: BuildOptions = {}) {
  const config = { ...loadConfig(), ...options.config };
  const log = options.logger ?? pino({ level: config.logLevel });
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const secrets = createSecrets(loadMasterKey(process.env, config.dataDir));
  const jobs = new JobQueue(db, { concurrency: config.jobConcurrency, onError: (error, job) => log.error({ err: error, job: job.kind }, 'job failed') });
  const core: CoreContext = { config, db, jobs, secrets, log };

  const access = createAccessModule(core, options.loginPolicy);
  const tree = createTreeModule(core);
  const roster = createRosterModule(core, { tree: tree.service, audit: access.service.audit });
  const care = createCareModule(core, { tree: tree.service, roster: roster.service, audit: access.service.audit });
  const cases = createCasesModule(core, { tree: tree.service, roster: roster.service });
  const decisions = createDecisionsModule(core, { tree: tree.service, roster: roster.service, audit: access.service.audit });
  const open311 = createOpen311Module(core, { cases: cases.service, access: access.service, tree: tree.service, places: roster.places });
  const manifests: ModuleManifest[] = [access.manifest, tree.manifest, roster.manifest, care.manifest, cases.manifest, decisions.manifest, open311.manifest];

  const applied = await migrate(db, migrationSources);
  if (applied.length) log.info({ applied }, 'migrations applied');
  for (const m of manifests) for (const [kind, handler] of Object.entries(m.jobs ?? {})) jobs.register(kind, handler);

  const app: FastifyInstance = await createServer({
    logger: log,
    version: pkg.version,
    tags: [{ name: 'system', description: 'Health and metadata' }, ...manifests.flatMap((m) => (m.tag ? [m.tag] : []))],
  });
  installAuthentication(app, access.service);
  await app.register(healthRoutes(db, jobs));
  for (const m of manifests) if (m.routes) await app.register(m.routes);
  // Roles bind to tree units or (residents) households: access cannot see those tables, the app can.
  await app.register(accountRoutes(access.service, async (code) => {
    const unit = await tree.service.repo.byCode(code);
    if (unit) return { path: unit.path, name: unit.name };
    const household = await roster.service.repo.householdByCode(code);
    return household ? { path: household.path, name: household.code } : null;
  }));
  await app.register(consoleRoutes(config));
  await tree.service.refreshIndex();
  // Other processes may import polygons: follow their tree_version so every process locates alike.
  const followTree = setInterval(() => void tree.service.refreshIndex().catch((error) => log.warn({ err: error }, 'locate index refresh failed')), 5000);
  followTree.unref();
  if (options.runJobs !== false) jobs.start();
  // Device events are background work like the job runner: a process that runs jobs also listens to the broker.
  if (options.runJobs !== false) await care.service.startMqtt({ url: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883', ...(process.env.MQTT_CLIENT_ID ? { clientId: process.env.MQTT_CLIENT_ID } : {}) });

  const modules = { access: access.service, tree: tree.service, roster: roster.service, care: care.service, cases: cases.service, motions: decisions.motions };
  return {
    app,
    core,
    modules,
    async close() {
      clearInterval(followTree);
      await care.service.stopMqtt();
      await jobs.stop();
      await app.close();
      if (!options.db) await db.close();
    },
  };
}

export type App = Awaited<ReturnType<typeof buildApp>>;

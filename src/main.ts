import { buildApp } from './app/build.ts';
import { loadDemo } from './app/demo-loader.ts';
import { demoLoginTable } from './app/demo-banner.ts';

/** `npm start`: migrate, load the demo county into an empty database, serve. */
const started = Date.now();
const { app, core, modules, close } = await buildApp();
let banner = '';
if (core.config.demo && (await modules.access.accountCount()) === 0) {
  const data = await loadDemo(modules, { log: core.log });
  const token = await modules.access.createApiToken((await modules.access.findAccountId('county'))!, 'demo');
  banner = demoLoginTable(data, token.token);
}
await app.listen({ port: core.config.port, host: core.config.host });
core.log.info({ ms: Date.now() - started, database: core.db.kind, dataDir: core.config.dataDir }, 'Gongzhi is ready');
const url = `http://localhost:${core.config.port}`;
process.stdout.write(`\n  Gongzhi 共治 — ${url}   (API docs: ${url}/api/docs)\n  database: ${core.db.kind === 'embedded' ? `embedded PGlite in ${core.config.dataDir}` : 'PostgreSQL'}\n${banner}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    core.log.info({ signal }, 'shutting down');
    void close().then(() => process.exit(0));
  });
}

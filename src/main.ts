import { randomBytes } from 'node:crypto';
import { buildApp } from './app/build.ts';
import { createOpen311ApiKey } from './modules/open311/index.ts';
import { loadDemo } from './app/demo-loader.ts';
import { demoLoginTable } from './app/demo-banner.ts';

/** `npm start`: migrate, load the demo county into an empty database, serve. */
const started = Date.now();
const { app, core, modules, close } = await buildApp();
let banner = '';
if ((await modules.access.accountCount()) === 0) {
  if (core.config.demo) {
    const data = await loadDemo(modules, { log: core.log });
    const token = await modules.access.createApiToken((await modules.access.findAccountId('county'))!, 'demo');
    const open311 = await createOpen311ApiKey(modules.access, 'demo');
    banner = demoLoginTable(data, token.token, open311.key);
  } else {
    // A real installation starts with one administrator over the whole tree, to import it and create staff.
    const password = randomBytes(12).toString('base64url');
    await modules.access.createAccount({ username: 'admin', displayName: 'Administrator', password, bindings: [{ role: 'admin', scopePath: '/', scopeCode: '/', scopeName: '*' }] });
    banner = `\n  First start: sign in as  admin / ${password}  (shown once; import the tree with POST /api/tree/import, then create accounts)\n`;
  }
}
await app.listen({ port: core.config.port, host: core.config.host });
core.log.info({ ms: Date.now() - started, database: core.db.kind, dataDir: core.config.dataDir }, 'Gongzhi is ready');
const url = `http://localhost:${core.config.port}`;
process.stdout.write(`\n  Gongzhi 共治 — ${url}   (API docs: ${url}/api/docs)\n  database: ${core.db.kind === 'embedded' ? `embedded PGlite in ${core.config.dataDir}` : 'PostgreSQL'}\n${banner}\n`);

// The dashboards' pre-aggregated months, built now rather than by the first person to open them (0138).
void modules.cases.warmIndicators().then(
  (pairs) => core.log.info({ pairs }, 'dashboard months ready'),
  (error: unknown) => core.log.warn({ err: error }, 'dashboard months not built; the first request will build them'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    core.log.info({ signal }, 'shutting down');
    void close().then(() => process.exit(0));
  });
}

/**
 * `node --import tsx src/modules/cases/rebuild-facts.ts [--missing]`: rewrites the indicator facts of every
 * case (or only of cases that have none) from the event history, on the database `npm start` would use
 * (DATABASE_URL, else the embedded one in DATA_DIR). The same function the live path uses derives them,
 * so a rebuild of a consistent database changes nothing (indicator-facts.test.ts). Also
 * `POST /api/cases/facts/rebuild` for an administrator.
 */
import { buildApp } from '../../app/build.ts';

const missingOnly = process.argv.includes('--missing');
const { modules, close } = await buildApp({ runJobs: false, config: { logLevel: 'warn' } });
const started = Date.now();
try {
  const cases = await modules.cases.rebuildFacts(missingOnly);
  process.stdout.write(`case facts rebuilt for ${cases} cases in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
} finally {
  await close();
}

/**
 * `npm run bench:import`: 100,000 residents imported from one .xlsx through the real import (parse, check
 * every row, encrypt, write households and residents in one transaction), on the embedded database and
 * on PostgreSQL, compared with a plain multi-row INSERT of the same resident rows.
 */
import { sql } from 'kysely';
import { pino } from 'pino';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app/build.ts';
import { loadDemo } from '../src/app/demo-loader.ts';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { writeRosterXlsx, type RosterExportRow } from '../src/modules/roster/import/index.ts';
import { sealIdentity } from '../src/modules/roster/personal-data.ts';
import { rosterRows } from '../src/modules/roster/testing/roster-rows.ts';
import { freshPostgresDatabase } from '../test/support/database.ts';
import { machine, writeSection } from './support.ts';

const total = Number(process.argv[2] ?? 100_000);
const postgresUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

interface Figures { label: string; importMs: number; plainMs: number; timings: { openMs: number; checkMs: number; writeMs: number } }

async function run(label: string, db: Database): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gz-bench-'));
  const app = await buildApp({ db, config: { dataDir, logLevel: 'silent', demo: false }, logger: pino({ level: 'silent' }), runJobs: false });
  await loadDemo(app.modules, { scale: 1 });
  const buildings = (await app.modules.roster.repo.buildingsUnder(['/33/'])).filter((b) => b.stairwells.length <= 1);
  const rows = rosterRows(buildings, total);
  const file = await writeRosterXlsx(rows, 'zh-CN');
  console.log(`${label}: ${rows.length} rows, ${(file.length / 1e6).toFixed(1)} MB xlsx`);

  const t0 = performance.now();
  const result = await app.modules.roster.importFile(new Uint8Array(file), 'roster.xlsx', ['/33/'], 'zh-CN');
  const importMs = performance.now() - t0;
  if (!result.ok) throw new Error(`import rejected: ${JSON.stringify(result.issues.slice(0, 3))}`);
  console.log(label, result.timings);

  // The floor: the same resident rows, already sealed, inserted 1,000 at a time into a bare copy of the table.
  const secrets = app.core.secrets;
  const sealed = rows.map((r) => ({ name: r.name, birth: '1980-01-01', ...sealIdentity(secrets, r.idNumber, r.phone ?? null) }));
  await sql`CREATE TABLE bench_plain (name text, birth_date date, id_number_enc text, id_number_hash text, id_number_masked text, phone_enc text, phone_hash text, phone_masked text)`.execute(db.kysely);
  const t1 = performance.now();
  await db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < sealed.length; i += 1000) {
      const chunk = sealed.slice(i, i + 1000);
      await sql`INSERT INTO bench_plain VALUES ${sql.join(chunk.map((s) => sql`(${s.name}, ${s.birth}, ${s.id_number_enc}, ${s.id_number_hash}, ${s.id_number_masked}, ${s.phone_enc}, ${s.phone_hash}, ${s.phone_masked})`))}`.execute(trx);
    }
  });
  const plainMs = performance.now() - t1;
  await app.close();
  return { label, importMs, plainMs, timings: result.timings };
}

const results: Figures[] = [];
const embedded = await openDatabase({ dataDir: null });
if (!process.env.BENCH_SKIP_EMBEDDED) results.push(await run('PGlite (embedded)', embedded));
await embedded.close();
const pg = await freshPostgresDatabase(postgresUrl);
results.push(await run('PostgreSQL 15 (server)', pg.db));
await pg.drop();

const rate = (ms: number) => Math.round(total / (ms / 1000)).toLocaleString('en-US');
writeSection('import', [
  '## Roster import: 100,000 residents from .xlsx',
  '',
  `Command: \`npm run bench:import\`. ${new Date().toISOString().slice(0, 10)}, ${machine()}.`,
  'The import parses the file, checks every row (ID check digit, phones, duplicates in the file and in the',
  'database, buildings, household heads and areas), encrypts ID numbers and phones, and writes households and',
  'residents in one transaction. The plain INSERT is the floor: the same resident rows, already encrypted,',
  'inserted 1,000 per statement into a table with no index.',
  '',
  '| database | import | rows/s | plain multi-row INSERT | rows/s | import ÷ plain time | target |',
  '|---|---|---|---|---|---|---|',
  ...results.map((r) => `| ${r.label} | ${(r.importMs / 1000).toFixed(2)} s | ${rate(r.importMs)} | ${(r.plainMs / 1000).toFixed(2)} s | ${rate(r.plainMs)} | ${(r.importMs / r.plainMs).toFixed(2)}× | ${r.label.startsWith('PostgreSQL') ? '≥ 20,000 rows/s' : '–'} |`),
  '',
  'Where the time goes (the import reports its phases):',
  '',
  '| database | parse .xlsx | check rows (writing meanwhile) | write what was left |',
  '|---|---|---|---|',
  ...results.map((r) => `| ${r.label} | ${(r.timings.openMs / 1000).toFixed(2)} s | ${(r.timings.checkMs / 1000).toFixed(2)} s | ${(r.timings.writeMs / 1000).toFixed(2)} s |`),
  '',
  'How the import runs (docs/roster-import.md, decision 0139): the sealing worker starts while the sheet is',
  'parsed, then encrypts ID numbers and phones (AES-GCM and the HMAC blind index) while the main thread checks',
  'the rows; rows that pass their own checks are written in batches of 5,000 inside the one transaction while',
  'later rows are still being checked (on PostgreSQL by COPY, households with ids made by the import so that',
  'no batch waits for an answer), and any problem stops the writing and rolls everything back. "check rows"',
  'therefore includes the writes made meanwhile, and "write" is what was left to write after the last row was',
  'checked.',
  '',
  `The target of 20,000 rows/s on PostgreSQL is ${results.some((r) => r.label.startsWith('PostgreSQL') && total / (r.importMs / 1000) >= 20_000) ? 'met' : '**not met**'}. What bounds it on two cores (CPU time of the`,
  'server process, INSERT … SELECT of the same rows): 100,000 residents with their six indexes and the foreign',
  'key take about 3.1 s, of which the foreign-key check is about 1 s; 50,000 households with their four unique',
  'indexes about 1.1 s. That work can only start once the sheet is parsed (about 0.9 s), and the sealing (about',
  '2.2 s of CPU time), the checks and the server share the same two cores. Next step: read the sheet in chunks,',
  'so that sealing and writing start while it is still being parsed.',
].join('\n'));

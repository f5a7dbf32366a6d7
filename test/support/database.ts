import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { listMigrations, migrate } from '../../src/core/db/migrate.ts';
import { migrationSources } from '../../src/app/migrations.ts';

/**
 * Each test file gets its own fresh, migrated database:
 * - with TEST_DATABASE_URL, a new database on that PostgreSQL server, dropped at the end;
 * - otherwise an in-memory PGlite started from a migrated snapshot (made once, ~1 s to load).
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

export { migrationSources };

const cacheDir = fileURLToPath(new URL('../../.tmp/', import.meta.url));

async function snapshot(): Promise<Uint8Array> {
  const hash = createHash('sha256');
  for (const m of listMigrations(migrationSources)) hash.update(m.id).update(m.sql);
  const file = `${cacheDir}pglite-${hash.digest('hex').slice(0, 16)}.tar`;
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  const db = await openDatabase({ dataDir: null });
  await migrate(db, migrationSources);
  const bytes = await db.dump!();
  await db.close();
  mkdirSync(cacheDir, { recursive: true });
  // Files run in parallel: write aside, then rename, so no reader sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  return bytes;
}

export interface TestDatabase {
  db: Database;
  url: string | undefined;
  drop(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDatabase> {
  if (!testDatabaseUrl) {
    const db = await openDatabase({ dataDir: null, loadDataDir: await snapshot() });
    return { db, url: undefined, drop: () => db.close() };
  }
  return freshPostgresDatabase(testDatabaseUrl);
}

/** A new, migrated database on the PostgreSQL server at `serverUrl`, dropped by `drop`. */
export async function freshPostgresDatabase(serverUrl: string, poolSize?: number): Promise<TestDatabase> {
  const testDatabaseUrl = serverUrl;
  const name = `gz_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), ...(poolSize ? { poolSize } : {}) });
  await migrate(db, migrationSources);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: testDatabaseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

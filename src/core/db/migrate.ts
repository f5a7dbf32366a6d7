import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

export interface MigrationSource {
  /** Prefix of the migration ids, usually the module name. */
  name: string;
  /** Folder of `NNNN_description.sql` files, applied in file-name order. */
  dir: URL;
}

export interface Migration {
  id: string;
  sql: string;
}

export function listMigrations(sources: MigrationSource[]): Migration[] {
  const all: Migration[] = [];
  for (const source of sources) {
    const dir = fileURLToPath(source.dir);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort()) {
      all.push({ id: `${source.name}/${file}`, sql: readFileSync(`${dir}/${file}`, 'utf8') });
    }
  }
  return all;
}

// Any constant shared by every process of one installation.
const migrationLock = 727_001;

/**
 * Applies pending migrations, each in its own transaction. Several processes starting together on one
 * PostgreSQL wait on an advisory lock, so each migration runs once. Returns the ids applied now.
 */
export async function migrate(db: Database, sources: MigrationSource[]): Promise<string[]> {
  const client = await db.pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id),
    );
    for (const migration of listMigrations(sources)) {
      if (done.has(migration.id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.id);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLock]).catch(() => undefined);
    client.release();
  }
  return applied;
}

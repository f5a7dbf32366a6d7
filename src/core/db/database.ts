import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { startEmbedded, type EmbeddedServer } from './embedded.ts';

// Dates come back as ISO strings in our API; bigint counts (COUNT(*)) as JS numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => v);
// DATE stays 'YYYY-MM-DD': a birth date has no time zone.
pg.types.setTypeParser(1082, (v) => v);

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type AnyDB = {};

/** A module's view of the database: only its own tables type-check (no module reads another's tables). */
export function tablesOf<T>(db: Database): Kysely<T> {
  return db.kysely as unknown as Kysely<T>;
}

export interface Database {
  kind: 'embedded' | 'postgres';
  pool: pg.Pool;
  /** Untyped root; each module narrows it to its own tables with `db.withTables<Tables>()`. */
  kysely: Kysely<AnyDB>;
  /** Embedded only: the database as a tarball, to start other databases from. */
  dump?: () => Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Embedded data directory; null keeps the embedded database in memory. */
  dataDir?: string | null;
  poolSize?: number;
  /** Embedded only: start from this tarball (made by `dump`) instead of an empty database. */
  loadDataDir?: Uint8Array;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  let pool: pg.Pool;
  if (options.databaseUrl) {
    pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  } else {
    embedded = await startEmbedded(options.dataDir ?? null, options.loadDataDir);
    pool = new pg.Pool({
      host: embedded.socketDir,
      port: embedded.port,
      user: 'postgres',
      database: 'postgres',
      // One connection: PGlite has one backend, and pglite-socket interleaves the extended-protocol
      // messages (Parse/Bind/Execute) of concurrent connections, which breaks unnamed statements.
      // Queries queue in the pool instead. Code must never use the pool while holding a transaction
      // (it would wait for itself): the timeout turns such a bug into an error instead of a hang.
      max: 1,
      connectionTimeoutMillis: 60_000,
    });
  }
  let closing = false;
  pool.on('error', (error) => {
    if (!closing) console.error('database pool error', error);
  });
  const kysely = new Kysely<AnyDB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: embedded ? 'embedded' : 'postgres',
    pool,
    kysely,
    ...(embedded ? { dump: embedded.dump } : {}),
    async close() {
      closing = true;
      await kysely.destroy();
      if (embedded) await embedded.close();
    },
  };
}

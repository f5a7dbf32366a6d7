import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, type Transaction } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';
import { CopyBuffer, copyTextArray } from './copy-text.ts';
import { parseSealedColumns } from './import/sealed-text.ts';
import { ReferenceCheck } from './import-references.ts';
import type { RosterRepository, NewHouseholdRow, NewResidentRow } from './repository.ts';
import type { RosterTables } from './tables.ts';

/** A write prepared ahead (encoded while the connection is still busy with earlier ones); calling it sends it. */
export type PreparedWrite = () => Promise<void>;

/**
 * How an import writes inside its one transaction. `prepare…` encodes rows at once, so the main thread
 * does that work while the database is still writing the previous batch, and the connection is not left
 * idle between statements.
 */
export interface ImportWriter {
  /** For the other statements of the import, in the same transaction. */
  readonly db: Kysely<RosterTables> | Transaction<RosterTables>;
  /**
   * Households already on the roster in these buildings. On a server this reads outside the import's
   * transaction, so the answer comes while the transaction's connection is busy writing; that sees the same
   * committed rows (what the import itself adds it keeps track of), and a household another import adds
   * meanwhile makes the write fail as a conflict, as it would anyway.
   */
  householdsOf(buildingIds: string[]): ReturnType<RosterRepository['householdsOfBuildings']>;
  prepareHouseholds(rows: NewHouseholdRow[]): PreparedWrite;
  prepareResidents(rows: NewResidentRow[]): PreparedWrite;
  /** After the last write and before anything else: the foreign keys checked once, where they were not per row (ReferenceCheck). */
  finishWrites(): Promise<void>;
}

const householdColumns = '(id, code, building_id, stairwell, room, path, floor_area_centi)';
const residentColumns = `(household_id, path, name, id_number_enc, id_number_hash, id_number_masked,
  phone_enc, phone_hash, phone_masked, birth_date, gender, household_role, residency, tags)`;

function householdsCopy(rows: NewHouseholdRow[]): Buffer {
  const out = new CopyBuffer(rows.length * 256);
  for (const r of rows) {
    out.ascii(r.id).tab().text(r.code).tab().ascii(r.building_id).tab().text(r.stairwell).tab().text(r.room).tab().text(r.path).tab().text(r.floor_area_centi).endRow();
  }
  return out.done();
}

function residentsCopy(rows: NewResidentRow[]): Buffer {
  const out = new CopyBuffer(rows.length * 512);
  for (const r of rows) {
    // The sealed columns are base64url, masks and \N: ASCII with nothing to escape (sealed-text.ts).
    out.ascii(r.household_id).tab().text(r.path).tab().text(r.name).tab().ascii(r.sealed).tab()
      .ascii(r.birth_date).tab().ascii(r.gender).tab().text(r.household_role).tab().ascii(r.residency).tab().escaped(copyTextArray(r.tags)).endRow();
  }
  return out.done();
}

async function copyIn(client: pg.PoolClient, statement: string, data: Buffer): Promise<void> {
  const stream = client.query(copyFrom(statement));
  stream.end(data);
  await finished(stream);
}

/** Kysely on one checked-out client, so its statements share the transaction the COPYs run in. */
function kyselyOn(client: pg.PoolClient): Kysely<RosterTables> {
  const pool: PostgresPool = {
    connect: () => Promise.resolve({ query: client.query.bind(client) as PostgresPoolClient['query'], release: () => undefined }),
    end: () => Promise.resolve(),
  };
  return new Kysely<RosterTables>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Runs `work` in one transaction. On a PostgreSQL server households and residents go in by COPY (text
 * format), which the server reads several times faster than the same rows as unnest() array parameters.
 * PGlite behind pglite-socket loses protocol sync on COPY FROM STDIN, so there (`pool` null) the rows go
 * in as unnest() arrays in a Kysely transaction.
 */
export async function inImportTransaction<T>(
  repo: RosterRepository,
  pool: pg.Pool | null,
  work: (writer: ImportWriter) => Promise<T>,
): Promise<T> {
  if (!pool) {
    return repo.db.transaction().execute(async (trx) => {
      const references = await ReferenceCheck.start(repo, trx);
      return work({
        db: trx,
        // The embedded database has one connection: this waits for the statements before it.
        householdsOf: (ids) => repo.householdsOfBuildings(trx, ids),
        prepareHouseholds: (rows) => () => {
          references.householdsWritten(rows);
          return repo.insertNewHouseholds(trx, rows);
        },
        prepareResidents: (rows) => {
          const values = rows.map(({ sealed, ...r }) => ({ ...r, ...parseSealedColumns(sealed) }));
          return () => {
            references.residentsWritten(rows);
            return repo.insertResidents(trx, values).then(() => undefined);
          };
        },
        finishWrites: () => references.finish(),
      });
    });
  }
  const client = await pool.connect();
  const db = kyselyOn(client);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const references = await ReferenceCheck.start(repo, db);
    const result = await work({
      db,
      householdsOf: (ids) => repo.householdsOfBuildings(repo.db, ids),
      prepareHouseholds: (rows) => {
        const data = householdsCopy(rows);
        return () => {
          references.householdsWritten(rows);
          return copyIn(client, `COPY households ${householdColumns} FROM STDIN`, data);
        };
      },
      prepareResidents: (rows) => {
        const data = residentsCopy(rows);
        return () => {
          references.residentsWritten(rows);
          return copyIn(client, `COPY residents ${residentColumns} FROM STDIN`, data);
        };
      },
      finishWrites: () => references.finish(),
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((e: unknown) => {
      // A connection that cannot roll back must not go back to the pool.
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw error;
  } finally {
    client.release(broken);
    await db.destroy();
  }
}

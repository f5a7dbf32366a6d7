import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { buildApp } from '../../app/build.ts';
import { loadDemo } from '../../app/demo-loader.ts';
import type { Database } from '../../core/db/database.ts';
import { gb11643CheckDigit } from '../../core/identity/id-number.ts';
import type { Secrets } from '../../core/secrets.ts';
import { freshPostgresDatabase } from '../../../test/support/database.ts';
import { hostPort, needService, postgresUrl } from '../../../test/support/services.ts';
import { writeRosterXlsx, type RosterExportRow } from './import/index.ts';
import { sealIdentity } from './personal-data.ts';
import type { RosterService } from './service.ts';
import { rosterRows } from './testing/roster-rows.ts';

const idNumber = (serial: string) => {
  const id17 = `65900119900101${serial.padStart(3, '0')}`;
  return `${id17}${gb11643CheckDigit(id17)}`;
};

type Setup = { db: Database; url: string | undefined; built: Awaited<ReturnType<typeof buildApp>>; roster: RosterService; building: Awaited<ReturnType<RosterService['repo']['buildingsUnder']>>[number] };

/** A small demo county on a fresh PostgreSQL database (only a server has two connections); null when PostgreSQL is not there. */
async function onPostgres(t: TestContext): Promise<Setup | null> {
  const { host, port } = hostPort(postgresUrl);
  if (!(await needService(t, 'PostgreSQL', host, port))) return null;
  const { db, url, drop } = await freshPostgresDatabase(postgresUrl);
  t.after(drop);
  const built = await buildApp({ db, config: { dataDir: mkdtempSync(join(tmpdir(), 'gz-conc-')), logLevel: 'silent', demo: false }, logger: pino({ level: 'silent' }), runJobs: false });
  t.after(() => built.close());
  await loadDemo(built.modules, { scale: 0.05 });
  const roster = built.modules.roster;
  const building = (await roster.repo.buildingsUnder(['/33/'])).find((b) => b.stairwells.length === 1)!;
  return { db, url, built, roster, building };
}

/** Until a session of the test database waits on a lock: the import has reached the other transaction's rows. */
async function waitForLock(db: Database, message: string): Promise<void> {
  for (let i = 0; ; i++) {
    const waiting = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db.kysely);
    if (waiting.rows[0]!.n > 0) return;
    assert.ok(i < 300, message);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A head for the household, written as another writer would (an import, an edit) through `client`. */
async function insertHead(client: Pick<pg.Client, 'query'>, secrets: Secrets, household: { id: string; path: string }, id: string, name: string): Promise<void> {
  const sealed = sealIdentity(secrets, id, null);
  await client.query(
    `INSERT INTO residents (household_id, path, name, id_number_enc, id_number_hash, id_number_masked, birth_date, gender, household_role, residency)
     VALUES ($1, $2, $3, $4, $5, $6, '1990-01-01', 'M', 'head', 'local')`,
    [household.id, household.path, name, sealed.id_number_enc, sealed.id_number_hash, sealed.id_number_masked],
  );
}

/**
 * Another import (here: a transaction held open by the test) adds the household this file adds, after this
 * import looked for it and before it writes it. Only a server has two connections, so this runs on
 * PostgreSQL whichever database the suite runs on.
 */
test('a household another import adds meanwhile: the import runs again, joins it, and checks against its head', { timeout: 120_000 }, async (t) => {
  const setup = await onPostgres(t);
  if (!setup) return;
  const { db, url, built, roster, building } = setup;
  const place = { estate: building.estate, building: building.name, stairwell: building.stairwells[0]!, room: '9901' };
  const template = rosterRows([building], 1)[0]!;
  const member = (serial: string, role: RosterExportRow['role']): RosterExportRow => ({ ...template, ...place, idNumber: idNumber(serial), phone: null, role, floorAreaCenti: 9_000 });

  for (const [serial, role, expected] of [['001', 'child', 'joined'], ['002', 'head', 'headOnRoster']] as const) {
    const room = `${place.room}${serial}`;
    const file = await writeRosterXlsx([{ ...member(serial, role), room }], 'zh-CN');
    // The other import: the household and its head, not yet committed.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query('BEGIN');
    const { rows } = await other.query<{ id: string; path: string }>(
      `INSERT INTO households (code, building_id, stairwell, room, path, floor_area_centi) VALUES ($1, $2, $3, $4, $5, 9000) RETURNING id, path`,
      [`T${serial}`, building.id, place.stairwell, room, `${building.path}T${serial}/`],
    );
    await insertHead(other, built.core.secrets, rows[0]!, idNumber(`9${serial.slice(1)}`), '王建国');

    const importing = roster.importFile(new Uint8Array(file), 'roster.xlsx', ['/33/'], 'zh-CN');
    // The import has not found the household and now waits on the unique place to write its own.
    await waitForLock(db, 'the import waits for the other transaction');
    await other.query('COMMIT');
    await other.end();

    const result = await importing;
    const households = (await roster.repo.householdsOfBuilding(building.id)).filter((h) => h.room === room);
    assert.equal(households.length, 1);
    if (expected === 'joined') {
      assert.equal(result.ok, true, JSON.stringify(result.ok ? null : result.issues));
      assert.equal(Number(households[0]!.residents), 2);
    } else {
      assert.equal(result.ok, false);
      assert.deepEqual(!result.ok && result.issues.map((i) => [i.row, i.code]), [[2, 'headOnRoster']]);
      assert.equal(Number(households[0]!.residents), 1);
    }
  }
});

/**
 * A household the file joins is deleted by another transaction after the import looked it up and before the
 * import commits. Where the import checks the foreign keys once at the end (decision 0146), the check waits
 * for the delete and sees the household gone; where each row is checked (here: a trigger of the table's own
 * turns the single check off), the row's check does. Either way the import runs again and finds no such household.
 */
test('a household deleted meanwhile: the import runs again, and its member is reported without a head, with no resident left behind', { timeout: 120_000 }, async (t) => {
  const setup = await onPostgres(t);
  if (!setup) return;
  const { db, url, built, roster, building } = setup;
  const template = rosterRows([building], 1)[0]!;

  for (const [serial, mode] of [['011', 'once'], ['012', 'per row']] as const) {
    if (mode === 'per row') {
      await sql`CREATE FUNCTION gz_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`.execute(db.kysely);
      await sql`CREATE TRIGGER gz_noop BEFORE INSERT ON residents FOR EACH ROW EXECUTE FUNCTION gz_noop()`.execute(db.kysely);
    }
    const room = `98${serial}`;
    const place = { estate: building.estate, building: building.name, stairwell: building.stairwells[0]!, room };
    const { rows } = await db.pool.query<{ id: string; path: string }>(
      `INSERT INTO households (code, building_id, stairwell, room, path, floor_area_centi) VALUES ($1, $2, $3, $4, $5, 9000) RETURNING id, path`,
      [`D${serial}`, building.id, place.stairwell, room, `${building.path}D${serial}/`],
    );
    await insertHead(db.pool, built.core.secrets, rows[0]!, idNumber(`8${serial.slice(1)}`), '王建国');
    const file = await writeRosterXlsx([{ ...template, ...place, idNumber: idNumber(serial), phone: null, role: 'child', floorAreaCenti: 9_000 }], 'zh-CN');
    // The other transaction: the household deleted (and its head with it), not yet committed.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query('BEGIN');
    await other.query('DELETE FROM households WHERE id = $1', [rows[0]!.id]);

    const importing = roster.importFile(new Uint8Array(file), 'roster.xlsx', ['/33/'], 'zh-CN');
    // The import joined the household it found and now waits for the delete to finish, in its check.
    await waitForLock(db, `${mode}: the import waits for the other transaction`);
    await other.query('COMMIT');
    await other.end();

    const result = await importing;
    assert.equal(result.ok, false, mode);
    assert.deepEqual(!result.ok && result.issues.map((i) => [i.row, i.code]), [[2, 'headMissing']], mode);
    assert.deepEqual((await roster.repo.householdsOfBuilding(building.id)).filter((h) => h.room === room), [], mode);
    const orphans = await sql<{ n: number }>`SELECT count(*)::int AS n FROM residents r WHERE NOT EXISTS (SELECT 1 FROM households h WHERE h.id = r.household_id)`.execute(db.kysely);
    assert.equal(orphans.rows[0]!.n, 0, mode);
  }
});

/**
 * A household on the roster without a head (the head died, decision 0148) is given one by an edit in another
 * transaction while a file gives it one too. The import looked the household up before the edit committed,
 * so its checks found no head; writing its head waits on the one-head index, then fails on it: the import
 * runs again and reports the head now there. Only one head is ever stored.
 */
test('a head given meanwhile by an edit: the import runs again and reports it, and the household keeps one head', { timeout: 120_000 }, async (t) => {
  const setup = await onPostgres(t);
  if (!setup) return;
  const { db, url, built, roster, building } = setup;
  const template = rosterRows([building], 1)[0]!;
  const place = { estate: building.estate, building: building.name, stairwell: building.stairwells[0]!, room: '9701' };
  const { rows } = await db.pool.query<{ id: string; path: string }>(
    `INSERT INTO households (code, building_id, stairwell, room, path, floor_area_centi) VALUES ('H9701', $1, $2, $3, $4, 9000) RETURNING id, path`,
    [building.id, place.stairwell, place.room, `${building.path}H9701/`],
  );
  const file = await writeRosterXlsx([{ ...template, ...place, idNumber: idNumber('021'), phone: null, role: 'head', floorAreaCenti: 9_000 }], 'zh-CN');
  // The edit: a head for the household, not yet committed.
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  await other.query('BEGIN');
  await insertHead(other, built.core.secrets, rows[0]!, idNumber('022'), '接任户主');

  const importing = roster.importFile(new Uint8Array(file), 'roster.xlsx', ['/33/'], 'zh-CN');
  await waitForLock(db, 'the import waits on the one-head index');
  await other.query('COMMIT');
  await other.end();

  const result = await importing;
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.issues.map((i) => [i.row, i.code]), [[2, 'headOnRoster']]);
  const heads = await sql<{ name: string }>`SELECT name FROM residents WHERE household_id = ${rows[0]!.id} AND household_role = 'head'`.execute(db.kysely);
  assert.deepEqual(heads.rows.map((h) => h.name), ['接任户主']);
});

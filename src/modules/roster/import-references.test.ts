import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sql, type Transaction } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { ReferenceCheck, ReferencesChanged } from './import-references.ts';
import type { NewHouseholdRow } from './repository.ts';
import type { RosterTables } from './tables.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.05 });
});
after(() => app.stop());

const repo = () => app.modules.roster.repo;
const resident = (householdId: string) => ({
  household_id: householdId, path: '/x/', name: '测试', id_number_enc: 'e', id_number_hash: randomUUID(), id_number_masked: 'm',
  birth_date: '1990-01-01', gender: 'M' as const, household_role: 'child', residency: 'local' as const, tags: [],
});
const household = (buildingId: string): NewHouseholdRow => {
  const code = `T${randomUUID().slice(0, 8)}`;
  return { id: randomUUID(), code, building_id: buildingId, stairwell: '', room: code, path: `/t/${code}/`, floor_area_centi: null };
};
/** Runs `work` in a transaction that is always rolled back, and returns what `work` threw, if anything. */
async function rolledBack(work: (trx: Transaction<RosterTables>) => Promise<void>): Promise<unknown> {
  const rollback = new Error('rollback');
  try {
    await repo().db.transaction().execute(async (trx) => {
      await work(trx);
      throw rollback;
    });
  } catch (error) {
    return error === rollback ? undefined : error;
  }
  assert.fail('the transaction was rolled back');
}
const residentsOf = async (householdId: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM residents WHERE household_id = ${householdId}`.execute(repo().db)).rows[0]!.n;

test('checked once: rows referring to households written here, on the roster, or gone', async () => {
  const building = (await repo().buildingsUnder(['/33/']))[0]!;
  const onRoster = (await repo().householdsOfBuildings(repo().db, [building.id]))[0]!;
  const fresh = household(building.id);
  // Written here and joined: no row is checked on its own, and the check at the end finds them all.
  assert.equal(await rolledBack(async (trx) => {
    const check = await ReferenceCheck.start(repo(), trx);
    assert.equal(check.once, true, 'the test database role may set session_replication_role');
    await repo().insertNewHouseholds(trx, [fresh]);
    check.householdsWritten([fresh]);
    const rows = [resident(fresh.id), resident(onRoster.id)];
    await repo().insertResidents(trx, rows);
    check.residentsWritten(rows);
    await check.finish();
  }), undefined);

  const gone = randomUUID();
  const refused = await rolledBack(async (trx) => {
    const check = await ReferenceCheck.start(repo(), trx);
    const rows = [resident(onRoster.id), resident(gone)];
    // The row refers to no household, and the database takes it: only the check at the end stands between.
    await repo().insertResidents(trx, rows);
    check.residentsWritten(rows);
    await check.finish();
  });
  assert.ok(refused instanceof ReferencesChanged, String(refused));
  assert.equal(await residentsOf(gone), 0);

  const nowhere = household(randomUUID());
  const noBuilding = await rolledBack(async (trx) => {
    const check = await ReferenceCheck.start(repo(), trx);
    await repo().insertNewHouseholds(trx, [nowhere]);
    check.householdsWritten([nowhere]);
    await check.finish();
  });
  assert.ok(noBuilding instanceof ReferencesChanged, String(noBuilding));
});

test('a foreign key the check does not cover: every row is checked by its foreign keys', async () => {
  const error = await rolledBack(async (trx) => {
    await sql`ALTER TABLE residents ADD COLUMN gz_extra uuid REFERENCES buildings(id)`.execute(trx);
    const check = await ReferenceCheck.start(repo(), trx);
    assert.equal(check.once, false);
    await repo().insertResidents(trx, [resident(randomUUID())]);
  });
  assert.equal((error as { code?: string }).code, '23503', String(error));
});

test('a trigger of their own on residents or households: every row is checked by its foreign key, as always', async () => {
  for (const table of ['residents', 'households'] as const) {
    const error = await rolledBack(async (trx) => {
      await sql.raw(`CREATE FUNCTION gz_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER gz_noop BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION gz_noop()`).execute(trx);
      const check = await ReferenceCheck.start(repo(), trx);
      assert.equal(check.once, false);
      await repo().insertResidents(trx, [resident(randomUUID())]);
    });
    assert.equal((error as { code?: string }).code, '23503', `${table}: ${String(error)}`);
  }
});

test('a role that may not set session_replication_role: every row is checked by its foreign key; granted SET, once', async () => {
  const role = `gz_probe_${randomUUID().slice(0, 8)}`;
  const error = await rolledBack(async (trx) => {
    await sql.raw(`CREATE ROLE ${role} NOLOGIN; GRANT INSERT, SELECT ON residents, households, buildings TO ${role}`).execute(trx);
    await sql.raw(`SET LOCAL ROLE ${role}`).execute(trx);
    assert.equal((await ReferenceCheck.start(repo(), trx)).once, false);
    await sql.raw(`RESET ROLE; GRANT SET ON PARAMETER session_replication_role TO ${role}; SET LOCAL ROLE ${role}`).execute(trx);
    assert.equal((await ReferenceCheck.start(repo(), trx)).once, true);
  });
  assert.equal(error, undefined);
});

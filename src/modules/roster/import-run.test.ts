import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { writeRosterXlsx } from './import/index.ts';
import { rosterRows } from './testing/roster-rows.ts';
import { gb11643CheckDigit } from '../../core/identity/id-number.ts';
import { sql } from 'kysely';

// Enough rows for the sealing worker and several write batches, so a late problem must undo written batches.
const total = 7_000;
let app: TestApp;
let buildings: { estate: string; name: string; stairwells: string[] }[];

before(async () => {
  app = await startTestApp({ demoScale: 0.1 });
  buildings = (await app.modules.roster.repo.buildingsUnder(['/33/'])).filter((b) => b.stairwells.length <= 1);
});
after(() => app.stop());

const residentCount = () => app.modules.roster.repo.countUnder('/33/');
const importRows = async (rows: Parameters<typeof writeRosterXlsx>[0]) =>
  app.modules.roster.importFile(new Uint8Array(await writeRosterXlsx(rows, 'zh-CN')), 'roster.xlsx', ['/33/'], 'zh-CN');

test('a problem in the last rows undoes the batches already written, and every problem is reported', async () => {
  const before = await residentCount();
  const rows = rosterRows(buildings, total);
  rows[total - 2] = { ...rows[total - 2]!, idNumber: `${rows[total - 2]!.idNumber.slice(0, 17)}${rows[total - 2]!.idNumber.endsWith('0') ? '1' : '0'}` };
  rows[3] = { ...rows[3]!, phone: '12345' };
  const result = await importRows(rows);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.issues.map((i) => i.row), [5, total], JSON.stringify(result.issues));
  assert.equal(await residentCount(), before, 'nothing written');
});

test('the same person twice, far apart in the file, is refused and nothing is written', async () => {
  const before = await residentCount();
  const rows = rosterRows(buildings, total);
  rows[total - 1] = { ...rows[total - 1]!, idNumber: rows[10]!.idNumber };
  const result = await importRows(rows);
  assert.equal(result.ok, false);
  if (!result.ok) assert.ok(result.issues.every((i) => i.code === 'duplicateInFile'), JSON.stringify(result.issues));
  assert.equal(await residentCount(), before);
});

test('a large good file is stored whole: sealed identities, and a household area given only on a later row', async () => {
  const before = await residentCount();
  const rows = rosterRows(buildings, total);
  // A household of three whose area is only on its last member, moved to the end of the file (a later write batch).
  const start = rows.findIndex((r, i) => r.role === 'head' && rows[i + 2]?.room === r.room && rows[i + 2]?.building === r.building);
  const area = rows[start]!.floorAreaCenti!;
  rows[start] = { ...rows[start]!, floorAreaCenti: null };
  rows[start + 1] = { ...rows[start + 1]!, floorAreaCenti: null };
  rows.push(...rows.splice(start + 2, 1));
  const result = await importRows(rows);
  assert.equal(result.ok, true, JSON.stringify(result.ok ? null : result.issues.slice(0, 3)));
  if (!result.ok) return;
  assert.equal(result.residents, total);
  assert.equal(await residentCount(), before + total);

  const head = rows[start]!;
  const found = await app.modules.roster.findResidents(['/33/'], { q: head.idNumber, limit: 5, offset: 0 });
  assert.equal(found.rows.length, 1);
  const stored = found.rows[0]!;
  assert.equal(app.core.secrets.decrypt(stored.id_number_enc), head.idNumber);
  assert.equal(app.core.secrets.decrypt(stored.phone_enc!), head.phone);
  const household = await app.modules.roster.repo.householdByCode(stored.path.split('/').at(-2)!);
  assert.equal(Number(household?.floor_area_centi), area);
});

test('people already on the roster are reported with every other problem, though the writing found them first', async () => {
  // Slices start at a household's head (households of 1, 2, 3 people: every sixth person).
  const first = rosterRows(buildings, 40_008).slice(40_002);
  const stored = await importRows(first);
  assert.equal(stored.ok, true, JSON.stringify(stored.ok ? null : stored.issues.slice(0, 3)));
  const before = await residentCount();
  const rows = rosterRows(buildings, 40_008 + total).slice(40_008);
  // Known people in the first write batch and in the last, and a row problem in between.
  rows[1] = { ...rows[1]!, idNumber: first[2]!.idNumber };
  rows[total - 3] = { ...rows[total - 3]!, idNumber: first[5]!.idNumber };
  rows[3_000] = { ...rows[3_000]!, phone: '12345' };
  const result = await importRows(rows);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.issues.map((i) => [i.row, i.code]), [[3, 'alreadyKnown'], [3_002, 'phoneFormat'], [total - 1, 'alreadyKnown']], JSON.stringify(result.issues));
  assert.equal(await residentCount(), before, 'nothing written');
});

/** A one-stairwell demo building and one of its households with an area, to join from a file. */
async function householdToJoin() {
  const repo = app.modules.roster.repo;
  for (const b of await repo.buildingsUnder(['/33/'])) {
    if (b.stairwells.length > 1) continue;
    const household = (await repo.householdsOfBuilding(b.id)).find((h) => Number(h.room) < 8000 && h.floor_area_centi !== null);
    if (household) return { building: b, household };
  }
  throw new Error('no demo household to join');
}

/**
 * Generated rows from `from` on (a household boundary, past the rows other tests import), leaving out
 * `building`: the file names it first in the rows pushed after.
 */
function rowsWithout(building: { estate: string; name: string }, from: number) {
  const rows = rosterRows(buildings, from + total).slice(from).filter((r) => r.building !== building.name || r.estate !== building.estate);
  assert.ok(rows.length > 5_000, 'a row pushed at the end is in the second write batch');
  return rows;
}

type Place = { estate?: string | null; building: string; stairwell?: string | null; room: string };
const placeOf = ({ building, household }: Awaited<ReturnType<typeof householdToJoin>>): Place =>
  ({ estate: building.estate, building: building.name, stairwell: household.stairwell || null, room: household.room });

/** A new person's row for the household at `place`. */
function joiningRow(place: Place, serial: string, change: Partial<ReturnType<typeof rosterRows>[number]>) {
  const id17 = `65900120000101${serial}`;
  return { ...rosterRows(buildings, 1)[0]!, ...place, floorAreaCenti: null, idNumber: `${id17}${gb11643CheckDigit(id17)}`, ...change };
}

test('a member joining a household already on the roster goes into it, though its building is first named in a later batch', async () => {
  const repo = app.modules.roster.repo;
  const target = await householdToJoin();
  const { building, household } = target;
  // The household keeps its head; the file names none for it, and repeats its area on one of two rows.
  const rows = rowsWithout(building, 50_004);
  rows.push(joiningRow(placeOf(target), '777', { role: 'child' }), joiningRow(placeOf(target), '778', { role: 'spouse', floorAreaCenti: Number(household.floor_area_centi) }));
  const householdsBefore = (await repo.householdsOfBuilding(building.id)).length;
  const result = await importRows(rows);
  assert.equal(result.ok, true, JSON.stringify(result.ok ? null : result.issues.slice(0, 3)));
  const after = await repo.householdsOfBuilding(building.id);
  const joined = after.find((h) => h.id === household.id)!;
  assert.equal(Number(joined.residents), Number(household.residents) + 2);
  assert.equal(Number(joined.floor_area_centi), Number(household.floor_area_centi));
  assert.ok(after.length >= householdsBefore);
});

test('a household on the roster without an area takes the one a joining row gives', async () => {
  const repo = app.modules.roster.repo;
  const target = await householdToJoin();
  await sql`UPDATE households SET floor_area_centi = NULL WHERE id = ${target.household.id}`.execute(repo.db);
  const result = await importRows([joiningRow(placeOf(target), '779', { role: 'child', floorAreaCenti: 8_850 })]);
  assert.equal(result.ok, true, JSON.stringify(result.ok ? null : result.issues));
  const joined = (await repo.householdsOfBuilding(target.building.id)).find((h) => h.id === target.household.id)!;
  assert.equal(Number(joined.floor_area_centi), 8_850);
});

test('a second head or another area for a household on the roster is refused, also when an earlier problem stopped the writing first', async () => {
  const target = await householdToJoin();
  const before = await residentCount();
  const area = Number(target.household.floor_area_centi);
  for (const earlyProblem of [false, true]) {
    const rows = rowsWithout(target.building, 65_004);
    if (earlyProblem) rows[3] = { ...rows[3]!, phone: '12345' };
    rows.push(joiningRow(placeOf(target), '780', { role: 'head', floorAreaCenti: area + 100 }));
    const result = await importRows(rows);
    assert.equal(result.ok, false);
    if (result.ok) return;
    const last = rows.length + 1;
    const expected = [...(earlyProblem ? [[5, 'phoneFormat']] : []), [last, 'areaConflictRoster'], [last, 'headOnRoster']];
    assert.deepEqual(result.issues.map((i) => [i.row, i.code]), expected, JSON.stringify(result.issues));
    assert.match(result.issues.at(-1)!.message, /已有户主/);
    assert.equal(await residentCount(), before, 'nothing written');
  }
});

test('a file with a header and no rows is refused with that one problem, as the reader finds it', async () => {
  const before = await residentCount();
  const result = await importRows([]);
  assert.equal(result.ok, false);
  if (!result.ok) assert.deepEqual(result.issues.map((i) => i.code), ['noRows']);
  assert.equal(await residentCount(), before);
});

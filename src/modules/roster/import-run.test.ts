import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { writeRosterXlsx } from './import/index.ts';
import { rosterRows } from './testing/roster-rows.ts';
import { gb11643CheckDigit } from '../../core/identity/id-number.ts';

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

test('a member joining a household already on the roster goes into it, though its building is first named in a later batch', async () => {
  const repo = app.modules.roster.repo;
  let target: { building: Awaited<ReturnType<typeof repo.buildingsUnder>>[number]; household: Awaited<ReturnType<typeof repo.householdsOfBuilding>>[number] } | undefined;
  for (const b of await repo.buildingsUnder(['/33/'])) {
    if (b.stairwells.length > 1) continue;
    const household = (await repo.householdsOfBuilding(b.id)).find((h) => Number(h.room) < 8000 && h.floor_area_centi !== null);
    if (household) {
      target = { building: b, household };
      break;
    }
  }
  assert.ok(target, 'a demo household to join');
  const { building, household } = target;
  // Households stay whole when a building is left out: the file names the target building only in its last row.
  const rows = rosterRows(buildings, 50_004 + total).slice(50_004).filter((r) => r.building !== building.name || r.estate !== building.estate);
  const joining = rosterRows(buildings, 1)[0]!;
  const id17 = `65900120000101${'777'}`;
  assert.ok(rows.length > 5_000, 'the last row is in the second write batch');
  rows.push({
    ...joining, estate: building.estate, building: building.name, stairwell: household.stairwell || null, room: household.room,
    floorAreaCenti: Number(household.floor_area_centi) + 100, idNumber: `${id17}${gb11643CheckDigit(id17)}`,
  });
  const householdsBefore = (await repo.householdsOfBuilding(building.id)).length;
  const result = await importRows(rows);
  assert.equal(result.ok, true, JSON.stringify(result.ok ? null : result.issues.slice(0, 3)));
  const after = await repo.householdsOfBuilding(building.id);
  const joined = after.find((h) => h.id === household.id)!;
  assert.equal(Number(joined.residents), Number(household.residents) + 1);
  assert.equal(Number(joined.floor_area_centi), Number(household.floor_area_centi));
  assert.ok(after.length >= householdsBefore);
});

test('a file with a header and no rows is refused with that one problem, as the reader finds it', async () => {
  const before = await residentCount();
  const result = await importRows([]);
  assert.equal(result.ok, false);
  if (!result.ok) assert.deepEqual(result.issues.map((i) => i.code), ['noRows']);
  assert.equal(await residentCount(), before);
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { writeRosterXlsx } from './import/index.ts';
import { rosterRows } from './testing/roster-rows.ts';

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

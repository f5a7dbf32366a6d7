import { test } from 'node:test';
import assert from 'node:assert/strict';
import { t } from '../../../core/i18n.ts';
import { fixtureBytes, fixtureContext, fixtureJson } from './fixtures/fixtures.ts';
import { importRoster, type RosterIssue } from './index.ts';
import { parseRosterFile, type ParsedSheet } from './parse.ts';
import { validateRoster, type RosterValidation, type ValidHousehold } from './validate.ts';

async function sheetOf(name: string): Promise<ParsedSheet> {
  const outcome = await parseRosterFile(fixtureBytes(name), name);
  assert.ok(outcome.ok);
  return outcome.sheet;
}

function households(result: RosterValidation): ValidHousehold[] {
  assert.ok(result.ok, JSON.stringify(!result.ok && result.issues, null, 1));
  return result.households;
}

test('a good file imports every row, grouped into households', async () => {
  const result = validateRoster(await sheetOf('good.csv'), fixtureContext());
  const list = households(result);
  assert.equal(result.ok && result.residentCount, 8);
  assert.deepEqual(
    list.map((h) => [h.buildingId, h.stairwell, h.room, h.floorAreaCenti, h.residents.length]),
    [
      ['b-xishan-3', '1\u5355\u5143', '301', 8950, 3],
      ['b-xishan-3', '2\u5355\u5143', '502', 12000, 1],
      ['b-xishan-5', null, '102', 6525, 3],
      ['b-donghu-1', '1\u5355\u5143', '201', 10230, 1],
    ],
  );
  const [head, spouse, child] = list[0]!.residents;
  assert.deepEqual(head, {
    rowNumber: 2,
    name: head!.name,
    idNumber: '330481195802150115',
    phone: '13812345678',
    birthDate: '1958-02-15',
    gender: 'M',
    role: 'head',
    residency: 'local',
    tagCodes: ['partyMember'],
  });
  assert.equal(spouse!.phone, '13912345678');
  assert.equal(spouse!.gender, 'F');
  assert.equal(child!.phone, null, 'a minor may have no phone');
  assert.equal(list[1]!.residents[0]!.phone, '0573-87654321');
  assert.deepEqual(list[1]!.residents[0]!.tagCodes, ['elderlyAlone', 'aged']);
  assert.deepEqual(list[2]!.residents.map((r) => r.residency), ['newResident', 'newResident', 'newResident']);
  assert.equal(list[2]!.residents[0]!.phone, '13912345679');
  assert.deepEqual(list[3]!.residents[0]!.tagCodes, ['elderlyAlone', 'aged']);
});

test('a bad file reports every problem with its Excel row, the header as written, and a Chinese message', async () => {
  const result = validateRoster(await sheetOf('bad.csv'), fixtureContext());
  assert.ok(!result.ok);
  const expected = fixtureJson<{ row: number; column: string; code: string; message?: string }[]>('bad.expected.json');
  const key = (i: { row: number; column: string; code: string }): string => `${i.row} ${i.column} ${i.code}`;
  assert.deepEqual(result.issues.map(key).sort(), expected.map(key).sort());
  for (const want of expected) {
    const got: RosterIssue = result.issues.find((i) => key(i) === key(want))!;
    if (want.message) assert.equal(got.message, want.message);
    assert.match(got.message, /\p{Script=Han}/u, 'message is Chinese');
    assert.doesNotMatch(got.message, /\{\w+\}/, 'every placeholder filled');
  }
  assert.deepEqual(
    result.issues.map((i) => i.row),
    [...result.issues.map((i) => i.row)].sort((a, b) => a - b),
    'issues come in sheet order',
  );
});

test('messages follow the requested locale; columns stay as written in the file', async () => {
  const result = validateRoster(await sheetOf('bad.csv'), fixtureContext(), 'en');
  assert.ok(!result.ok);
  const check = result.issues.find((i) => i.code === 'idCheckDigit')!;
  assert.equal(check.message, 'Wrong check digit in the ID number; it should be 1');
  assert.equal(check.column, t('zh-CN', 'roster.column.idNumber'));
});

test('reordered headers, full-width digits, stray spaces and stairwell "1" for "1\u5355\u5143"', async () => {
  const result = await importRoster(fixtureBytes('reordered.csv'), 'reordered.csv', fixtureContext());
  const list = households(result);
  assert.deepEqual(list.map((h) => [h.buildingId, h.stairwell, h.room, h.floorAreaCenti]), [
    ['b-xishan-3', '1\u5355\u5143', '301', 8950],
    ['b-xishan-5', null, '102', 6525],
  ]);
  assert.equal(list[0]!.residents[0]!.idNumber, '330481195802150115');
  assert.equal(list[0]!.residents[1]!.name.includes(' '), false);
  assert.equal(list[1]!.residents[0]!.idNumber, '33048119880712055X');
});

test('a stairwell is required only when the building has several', async () => {
  const sheet = await sheetOf('good.csv');
  const row = sheet.rows[3]!; // 3幢 2单元 502
  const blank = { ...sheet, rows: [{ ...row, cells: { ...row.cells, stairwell: '' } }] };
  const result = validateRoster(blank, fixtureContext());
  assert.ok(!result.ok);
  assert.deepEqual(result.issues.map((i) => i.code), ['stairwellRequired']);
});

test('isKnownIdHash is optional; a phone may be left blank at any age', async () => {
  const sheet = await sheetOf('good.csv');
  const { isKnownIdHash: _unused, ...withoutLookup } = fixtureContext();
  assert.ok(validateRoster(sheet, withoutLookup).ok);
  // Row 5: 陈桂兰, born 1938, living alone; many of the oldest residents have no phone at all.
  const row = sheet.rows[3]!;
  const noPhone = validateRoster({ ...sheet, rows: [{ ...row, cells: { ...row.cells, phone: '' } }] }, fixtureContext());
  assert.ok(noPhone.ok, JSON.stringify(!noPhone.ok && noPhone.issues));
  assert.equal(noPhone.households[0]!.residents[0]!.phone, null);
});

test('a house (a building without stairwells) may leave the room blank; a building with stairwells may not', async () => {
  const sheet = await sheetOf('good.csv');
  const house = sheet.rows.slice(4, 7).map((r) => ({ ...r, cells: { ...r.cells, room: '' } })); // 5幢, no stairwells
  const result = validateRoster({ ...sheet, rows: house }, fixtureContext());
  assert.ok(result.ok, JSON.stringify(!result.ok && result.issues));
  assert.equal(result.households.length, 1);
  assert.deepEqual([result.households[0]!.room, result.households[0]!.residents.length], ['', 3]);

  const flat = sheet.rows[0]!; // 3幢 1单元 301
  const refused = validateRoster({ ...sheet, rows: [{ ...flat, cells: { ...flat.cells, room: '' } }] }, fixtureContext());
  assert.ok(!refused.ok);
  assert.ok(refused.issues.some((i) => i.code === 'required' && i.column === '房号'), JSON.stringify(refused.issues));
});

test('rows for a household on the roster are checked with its head and area', async () => {
  const sheet = await sheetOf('good.csv');
  const members = sheet.rows.slice(1, 3); // 3幢 1单元 301 without its head's row: 配偶 (no area) and 子女 (89.50)
  const onRoster = (hasHead: boolean, areaCenti: number | null) => ({
    ...fixtureContext(),
    householdOnRoster: (buildingId: string, stairwell: string, room: string) =>
      buildingId === 'b-xishan-3' && stairwell === '1\u5355\u5143' && room === '301' ? { hasHead, areaCenti } : undefined,
  });
  // Without the roster, these rows are a household with no head.
  const alone = validateRoster({ ...sheet, rows: members }, fixtureContext());
  assert.deepEqual(!alone.ok && alone.issues.map((i) => i.code), ['headMissing']);

  const joined = households(validateRoster({ ...sheet, rows: members }, onRoster(true, 8950)));
  assert.deepEqual(joined.map((h) => [h.room, h.floorAreaCenti, h.residents.length]), [['301', 8950, 2]]);
  // Stored without an area: the file's stands; without one in the file either, none.
  assert.equal(households(validateRoster({ ...sheet, rows: members }, onRoster(true, null)))[0]!.floorAreaCenti, 8950);
  assert.equal(households(validateRoster({ ...sheet, rows: members.slice(0, 1) }, onRoster(true, null)))[0]!.floorAreaCenti, null);

  const conflicting = validateRoster({ ...sheet, rows: sheet.rows.slice(0, 3) }, onRoster(true, 9000));
  assert.ok(!conflicting.ok);
  assert.deepEqual(conflicting.issues.map((i) => [i.row, i.code]), [[2, 'areaConflictRoster'], [2, 'headOnRoster'], [4, 'areaConflictRoster']]);
  assert.equal(conflicting.issues[0]!.message, '建筑面积 89.50 与台账中这一户已有的 90.00 不一致');
  // A household on the roster without a head (an old record) takes the file's, and still needs one.
  assert.ok(validateRoster({ ...sheet, rows: sheet.rows.slice(0, 3) }, onRoster(false, 8950)).ok);
  const headless = validateRoster({ ...sheet, rows: members }, onRoster(false, 8950));
  assert.deepEqual(!headless.ok && headless.issues.map((i) => i.code), ['headMissing']);
});

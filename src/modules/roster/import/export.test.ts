import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { t } from '../../../core/i18n.ts';
import { maskIdNumber, maskPhone } from '../../../core/identity/mask.ts';
import { fixtureBytes, fixtureContext } from './fixtures/fixtures.ts';
import { importRoster, rosterTemplateXlsx, writeRosterXlsx, type RosterExportRow, type ValidHousehold } from './index.ts';
import { columnKeys } from './columns.ts';

const tagLabel = new Map(fixtureContext().tags.map((tag) => [tag.code, tag.label]));

async function goodHouseholds(): Promise<ValidHousehold[]> {
  const result = await importRoster(fixtureBytes('good.csv'), 'good.csv', fixtureContext());
  assert.ok(result.ok);
  return result.households;
}

/** How the roster service would turn stored households back into rows (building names from its tables). */
function exportRows(households: ValidHousehold[], buildingNames: Map<string, [string, string]>): RosterExportRow[] {
  return households.flatMap((h) =>
    h.residents.map((r) => ({
      estate: buildingNames.get(h.buildingId)![0],
      building: buildingNames.get(h.buildingId)![1],
      stairwell: h.stairwell,
      room: h.room,
      floorAreaCenti: h.floorAreaCenti,
      name: r.name,
      idNumber: r.idNumber,
      phone: r.phone,
      birthDate: r.birthDate,
      gender: r.gender,
      role: r.role,
      residency: r.residency,
      tagLabels: r.tagCodes.map((c) => tagLabel.get(c)!),
    })),
  );
}

async function buildingNames(): Promise<Map<string, [string, string]>> {
  const names = new Map<string, [string, string]>();
  const { buildings } = JSON.parse(fixtureBytes('context.json').toString('utf8')) as {
    buildings: { estate: string; building: string; buildingId: string }[];
  };
  for (const b of buildings) names.set(b.buildingId, [b.estate, b.building]);
  return names;
}

for (const locale of ['zh-CN', 'en'] as const) {
  test(`xlsx round trip (${locale}): export, parse, validate gives the same households`, async () => {
    const before = await goodHouseholds();
    const bytes = await writeRosterXlsx(exportRows(before, await buildingNames()), locale);
    const after = await importRoster(bytes, 'export.xlsx', fixtureContext());
    assert.ok(after.ok, JSON.stringify(!after.ok && after.issues));
    assert.deepEqual(after.households, before.map((h) => ({ ...h, residents: h.residents.map((r, i) => ({ ...r, rowNumber: rowOf(before, h, i) })) })));
  });
}

/** Export rows follow household order, one per resident, below the header. */
function rowOf(households: ValidHousehold[], household: ValidHousehold, index: number): number {
  let row = 2;
  for (const h of households) {
    if (h === household) return row + index;
    row += h.residents.length;
  }
  throw new Error('household not found');
}

test('export: styled frozen header, sized columns, ID numbers and phones as text', async () => {
  const rows = exportRows(await goodHouseholds(), await buildingNames());
  const masked = rows.map((r) => ({ ...r, idNumber: maskIdNumber(r.idNumber), phone: r.phone ? maskPhone(r.phone) : null }));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await writeRosterXlsx(masked)) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  assert.equal(sheet.name, t('zh-CN', 'roster.sheetName'));
  assert.deepEqual(sheet.views[0], { ...sheet.views[0], state: 'frozen', ySplit: 1 });
  assert.deepEqual(
    (sheet.getRow(1).values as unknown[]).slice(1),
    columnKeys.map((k) => t('zh-CN', `roster.column.${k}`)),
  );
  assert.equal(sheet.getRow(1).getCell(1).font?.bold, true);
  const idColumn = columnKeys.indexOf('idNumber') + 1;
  const phoneColumn = columnKeys.indexOf('phone') + 1;
  assert.equal(sheet.getCell(2, idColumn).value, '330***********0115');
  assert.equal(sheet.getCell(2, phoneColumn).value, '138****5678');
  assert.equal(sheet.getColumn(idColumn).numFmt, '@');
  assert.ok((sheet.getColumn(idColumn).width ?? 0) >= 20);
  assert.equal(sheet.getCell(2, columnKeys.indexOf('floorArea') + 1).value, 89.5);
});

test('the template has the header and one valid example row', async () => {
  const context = fixtureContext();
  const result = await importRoster(await rosterTemplateXlsx(), 'template.xlsx', {
    ...context,
    resolveBuilding: () => ({ buildingId: 'example', stairwells: [t('zh-CN', 'roster.template.stairwell')] }),
  });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.issues));
  assert.equal(result.residentCount, 1);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await rosterTemplateXlsx()) as unknown as ArrayBuffer);
  const roleCell = workbook.worksheets[0]!.getCell(50, columnKeys.indexOf('role') + 1);
  assert.equal(roleCell.dataValidation?.type, 'list', 'pick list on the role column');
  assert.deepEqual(result.households[0]!.residents[0]!.tagCodes, ['elderlyAlone', 'partyMember']);
  const english = await importRoster(await rosterTemplateXlsx('en'), 'template.xlsx', {
    ...context,
    resolveBuilding: () => ({ buildingId: 'example', stairwells: [] }),
  });
  assert.ok(!english.ok, 'the English example stairwell is not a known one');
  assert.deepEqual(english.issues.map((i) => i.code), ['stairwellUnknown']);
});

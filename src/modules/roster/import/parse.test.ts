import { test } from 'node:test';
import assert from 'node:assert/strict';
import { t } from '../../../core/i18n.ts';
import { csvRecords, encodeGbk, fixtureBytes, recordsToXlsx } from './fixtures/fixtures.ts';
import { cleanCell, maxRosterRows, openRosterFile, parseRosterFile, rowCountIssue, type ParsedSheet } from './parse.ts';

const zh = (key: string): string => t('zh-CN', `roster.column.${key}`);

async function parsed(bytes: Uint8Array, name: string): Promise<ParsedSheet> {
  const outcome = await parseRosterFile(bytes, name);
  assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.issues));
  return outcome.sheet;
}

test('UTF-8 CSV: every column found, rows numbered as in Excel', async () => {
  const sheet = await parsed(fixtureBytes('good.csv'), 'good.csv');
  assert.equal(sheet.format, 'csv');
  assert.equal(sheet.encoding, 'utf-8');
  assert.equal(Object.keys(sheet.headers).length, 13);
  assert.equal(sheet.headers.idNumber, zh('idNumber'));
  assert.equal(sheet.rows.length, 8);
  assert.deepEqual(sheet.rows.map((r) => r.rowNumber), [2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(sheet.rows[0]!.cells.idNumber, '330481195802150115');
  assert.equal(sheet.rows[4]!.cells.stairwell, '');
});

test('GBK CSV as saved by Excel in China, and UTF-8 with BOM, read the same', async () => {
  const utf8 = await parsed(fixtureBytes('good.csv'), 'good.csv');
  const gbk = await parsed(encodeGbk(fixtureBytes('good.csv').toString('utf8')), 'good.csv');
  assert.equal(gbk.encoding, 'gb18030');
  assert.deepEqual(gbk.rows, utf8.rows);
  const bom = await parsed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixtureBytes('good.csv')]), 'good.CSV');
  assert.deepEqual(bom.rows, utf8.rows);
  assert.deepEqual(bom.headers, utf8.headers);
});

test('UTF-16 "Unicode text" with tabs, as Excel saves it', async () => {
  const utf8 = await parsed(fixtureBytes('good.csv'), 'good.csv');
  const tabbed = fixtureBytes('good.csv').toString('utf8').replaceAll(',', '\t');
  const sheet = await parsed(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabbed, 'utf16le')]), 'good.txt');
  assert.equal(sheet.encoding, 'utf-16le');
  assert.deepEqual(sheet.rows, utf8.rows);
});

test('xlsx with a title row above the header keeps Excel row numbers', async () => {
  const bytes = await recordsToXlsx(csvRecords('good.csv'), { titleRow: 'Roster of the estate' });
  const sheet = await parsed(bytes, 'roster.xlsx');
  assert.equal(sheet.format, 'xlsx');
  assert.equal(sheet.headerRow, 2);
  assert.deepEqual(sheet.rows.map((r) => r.rowNumber), [3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(sheet.rows[0]!.cells.floorArea, '89.5');
});

test('headers in any order, with stray spaces, stars and units; unknown columns ignored', async () => {
  const sheet = await parsed(fixtureBytes('reordered.csv'), 'reordered.csv');
  assert.deepEqual(sheet.ignoredHeaders, [csvRecords('reordered.csv')[0]![0]!.trim()]);
  assert.equal(sheet.headers.estate, undefined);
  assert.equal(sheet.rows.length, 3);
  const first = sheet.rows[0]!.cells;
  assert.equal(first.idNumber, '330481195802150115', 'full-width digits folded');
  assert.equal(first.phone, '138 1234 5678');
  assert.equal(first.floorArea, '89.5');
  assert.equal(first.estate, '');
});

test('cells are NFKC-folded and trimmed', () => {
  assert.equal(cleanCell('  \uff13\uff10\uff11\u3000'), '301');
  assert.equal(cleanCell('a\u200b  b'), 'a b');
  assert.equal(cleanCell(' plain '), 'plain');
});

test('file-level problems', async () => {
  const issue = async (bytes: Uint8Array, name: string): Promise<string[]> => {
    const outcome = await parseRosterFile(bytes, name);
    assert.ok(!outcome.ok);
    return outcome.issues.map((i) => i.code);
  };
  assert.deepEqual(await issue(new Uint8Array(), 'a.xlsx'), ['fileEmpty']);
  assert.deepEqual(await issue(Buffer.from('%PDF-1.4'), 'a.pdf'), ['fileUnsupported']);
  assert.deepEqual(await issue(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'old.xls'), ['fileLegacyXls']);
  assert.deepEqual(await issue(Buffer.from('PK\u0003\u0004garbage'), 'broken.xlsx'), ['fileUnreadable']);
  assert.deepEqual(await issue(Buffer.from('\n\n ,, \n'), 'blank.csv'), ['fileEmpty']);
  assert.deepEqual(await issue(Buffer.from('a,b,c\n1,2,3\n'), 'nohead.csv'), ['headerMissing']);
  const headerOnly = fixtureBytes('good.csv').toString('utf8').split('\n')[0]!;
  assert.deepEqual(await issue(Buffer.from(headerOnly + '\n'), 'h.csv'), ['noRows']);

  const missing = await parseRosterFile(Buffer.from(`${zh('building')},${zh('room')},${zh('name')},x\n1,2,3,4\n`), 'm.csv');
  assert.ok(!missing.ok);
  assert.deepEqual(
    missing.issues.map((i) => [i.row, i.column, i.code]),
    ['floorArea', 'idNumber', 'phone', 'role', 'residency'].map((k) => [1, zh(k), 'columnMissing']),
  );
  assert.equal(missing.issues[1]!.message, t('zh-CN', 'roster.issue.columnMissing', { column: zh('idNumber') }));

  const twice = headerOnly + `,${zh('name')}\n`;
  const duplicate = await parseRosterFile(Buffer.from(twice + 'x\n'), 'd.csv');
  assert.ok(!duplicate.ok);
  assert.deepEqual(duplicate.issues.map((i) => [i.code, i.params.columns]), [['columnDuplicate', 'F\u3001N']]);
});

test('an opened .xlsx gives its header at once and its rows as they are read; the count is judged by the reader', async () => {
  const [header, ...good] = csvRecords('good.csv');
  const bytes = await recordsToXlsx([header!, ...good, [], ...good.slice(0, 1)], { titleRow: 'Roster of the estate' });
  const opened = openRosterFile(bytes, 'roster.xlsx');
  assert.ok(opened.ok);
  assert.equal(opened.sheet.headerRow, 2);
  assert.equal(opened.sheet.headers.idNumber, zh('idNumber'));
  const first = opened.rows.next();
  assert.ok(!first.done);
  assert.equal(first.value.rowNumber, 3);
  const rest: number[] = [];
  for (let r = opened.rows.next(); !r.done; r = opened.rows.next()) rest.push(r.value.rowNumber);
  // The blank row is left out; numbering stays Excel's.
  assert.deepEqual(rest, [...good.slice(1).map((_, i) => 4 + i), 4 + good.length]);

  assert.equal(rowCountIssue('zh-CN', 0)?.code, 'noRows');
  assert.equal(rowCountIssue('zh-CN', maxRosterRows), null);
  const tooMany = rowCountIssue('en', maxRosterRows + 1);
  assert.equal(tooMany?.code, 'fileTooLarge');
  assert.equal(tooMany?.params.rows, maxRosterRows + 1);
});

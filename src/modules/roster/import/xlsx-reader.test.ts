import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { readXlsxRows } from './xlsx-reader.ts';
import { listZipEntries, readZipEntry, ZipError } from './zip.ts';

/** exceljs's own reading of the first sheet, as strings, to check ours against. */
async function excelJsRows(bytes: Buffer): Promise<{ rowNumber: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: { rowNumber: number; cells: string[] }[] = [];
  workbook.worksheets[0]!.eachRow((row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell((cell, col) => {
      while (cells.length < col - 1) cells.push('');
      cells[col - 1] = cell.text;
    });
    rows.push({ rowNumber, cells });
  });
  return rows;
}

test('reads what exceljs reads: shared, inline and rich strings, numbers, sparse rows', async () => {
  const workbook = new ExcelJS.Workbook();
  const first = workbook.addWorksheet('Roster');
  first.addRow(['Title over the header']);
  first.addRow(['a & b <c>', 'quote "q"', 'apos \'x\'', 'line\nbreak']);
  first.addRow([89.5, 120, '00123', true]);
  first.getCell('F4').value = { richText: [{ text: 'rich ' }, { font: { bold: true }, text: 'text' }] };
  first.getCell('AA6').value = '\u4e2d\u6587 full-width \uff11\uff12';
  first.addRow([]);
  workbook.addWorksheet('Second').addRow(['not read']);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

  const ours = readXlsxRows(bytes);
  assert.equal(ours.sheetName, 'Roster');
  const theirs = await excelJsRows(bytes);
  assert.deepEqual(
    ours.rows.filter((r) => r.cells.length > 0).map((r) => ({ rowNumber: r.rowNumber, cells: r.cells.map((c) => (c === 'TRUE' ? 'true' : c)) })),
    theirs,
  );
  assert.equal(ours.rows.find((r) => r.rowNumber === 6)?.cells[26], '\u4e2d\u6587 full-width \uff11\uff12');
  // Decoded a few bytes at a time (each piece ends after a row), the sheet reads the same.
  for (const pieceBytes of [1, 64, 300]) assert.deepEqual(readXlsxRows(bytes, pieceBytes), ours, `pieces of ${pieceBytes} bytes`);
});

test('inline strings, phonetic runs and prefixed elements, as other writers produce them', () => {
  const sheet =
    '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
    '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>head</x:t></x:is></x:c><x:c r="C1" t="s"><x:v>0</x:v></x:c></x:row>' +
    '<x:row r="3"><x:c r="B3"><x:v>42</x:v></x:c><x:c r="C3" t="str"><x:v>formula &amp; text</x:v></x:c><x:c r="D3" s="1"/></x:row>' +
    // A character reference past Unicode, as a broken writer might leave: read as U+FFFD, not a crash mid-import.
    '<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>bad &#99999999; &#x41;</x:t></x:is></x:c></x:row>' +
    '</x:sheetData></x:worksheet>';
  const shared =
    '<sst><si><r><t>ru</t></r><r><t xml:space="preserve">by </t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></si></sst>';
  const workbook =
    '<workbook xmlns:r="r"><sheets><sheet name="S &amp; T" sheetId="1" r:id="rId1"/></sheets></workbook>';
  const rels = '<Relationships><Relationship Id="rId1" Target="worksheets/data.xml"/></Relationships>';
  const bytes = makeZip({
    'xl/workbook.xml': workbook,
    'xl/_rels/workbook.xml.rels': rels,
    'xl/worksheets/data.xml': sheet,
    'xl/sharedStrings.xml': shared,
  });
  const read = readXlsxRows(bytes);
  assert.deepEqual(readXlsxRows(bytes, 1), read, 'prefixed row tags end the pieces too');
  assert.equal(read.sheetName, 'S & T');
  assert.deepEqual(read.rows, [
    { rowNumber: 1, cells: ['head', '', 'ruby '] },
    { rowNumber: 3, cells: ['', '42', 'formula & text'] },
    { rowNumber: 4, cells: ['bad \ufffd A'] },
  ]);
});

test('damaged archives are refused with ZipError', () => {
  assert.throws(() => readXlsxRows(Buffer.from('PK\u0003\u0004 truncated')), ZipError);
  const notSpreadsheet = makeZip({ 'word/document.xml': '<w/>' });
  assert.throws(() => readXlsxRows(notSpreadsheet), ZipError);
  const entries = listZipEntries(notSpreadsheet);
  assert.throws(() => readZipEntry(notSpreadsheet, entries.get('word/document.xml')!, 1), ZipError);
});

/** A minimal deflate ZIP writer for hand-made parts. */
function makeZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

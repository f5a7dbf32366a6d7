import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { defaultLocale, t, type Locale } from '../../../core/i18n.ts';
import { gb11643CheckDigit } from '../../../core/identity/id-number.ts';
import { columnKeys, columnLabel, householdRoles, residencies, type ColumnKey, type Gender, type HouseholdRole, type Residency } from './columns.ts';
import { joinList } from './issues.ts';

/** One resident as exported; identity fields arrive already masked when the reader may not see them. */
export interface RosterExportRow {
  estate?: string | null;
  building: string;
  stairwell?: string | null;
  room: string;
  floorAreaCenti: number | null;
  name: string;
  idNumber: string;
  phone?: string | null;
  birthDate?: string | null;
  gender?: Gender | null;
  role: HouseholdRole;
  residency: Residency;
  /** Tag labels as the office knows them (独居老人), not codes. */
  tagLabels?: string[];
}

interface RangeValidations {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

/** Columns Excel must keep as text: long digit strings otherwise turn into 1.10101E+17. */
const textColumns: ReadonlySet<ColumnKey> = new Set(['building', 'stairwell', 'room', 'idNumber', 'phone', 'birthDate']);
const minWidth: Partial<Record<ColumnKey, number>> = { idNumber: 21, phone: 15, birthDate: 12, floorArea: 11 };

function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e7f ? 2 : 1;
  return w;
}

function cellValues(row: RosterExportRow, locale: Locale): (string | number | null)[] {
  const values: Record<ColumnKey, string | number | null> = {
    estate: row.estate ?? null,
    building: row.building,
    stairwell: row.stairwell ?? null,
    room: row.room,
    floorArea: row.floorAreaCenti === null ? null : row.floorAreaCenti / 100,
    name: row.name,
    idNumber: row.idNumber,
    phone: row.phone ?? null,
    birthDate: row.birthDate ?? null,
    gender: row.gender ? t(locale, `roster.gender.${row.gender}`) : null,
    role: t(locale, `roster.role.${row.role}`),
    residency: t(locale, `roster.residency.${row.residency}`),
    tags: row.tagLabels && row.tagLabels.length > 0 ? joinList(locale, row.tagLabels) : null,
  };
  return columnKeys.map((key) => values[key]);
}

async function writeSheet(rows: RosterExportRow[], locale: Locale, withPickLists: boolean): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const headers = columnKeys.map((key) => columnLabel(locale, key));
  const sample = rows.slice(0, 1000).map((row) => cellValues(row, locale));
  const sheet = workbook.addWorksheet(t(locale, 'roster.sheetName'), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
  });
  sheet.columns = columnKeys.map((key, i) => {
    const widest = Math.max(displayWidth(headers[i]!), ...sample.map((values) => displayWidth(String(values[i] ?? ''))));
    return {
      key,
      width: Math.min(40, Math.max(minWidth[key] ?? 8, widest + 2)),
      style: textColumns.has(key) ? { numFmt: '@' } : key === 'floorArea' ? { numFmt: '0.00' } : {},
    };
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columnKeys.length } };

  const header = sheet.addRow(headers);
  header.height = 20;
  header.eachCell((cell) => {
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF999999' } } };
  });
  header.commit();

  if (withPickLists) {
    // The worksheet has range validations at run time; exceljs's typings only declare the per-cell form.
    const validations = (sheet as unknown as { dataValidations?: RangeValidations }).dataValidations;
    const lists: [ColumnKey, string[]][] = [
      ['role', householdRoles.map((r) => t(locale, `roster.role.${r}`))],
      ['residency', residencies.map((r) => t(locale, `roster.residency.${r}`))],
      ['gender', [t(locale, 'roster.gender.M'), t(locale, 'roster.gender.F')]],
    ];
    for (const [key, options] of lists) {
      const letter = String.fromCharCode(65 + columnKeys.indexOf(key));
      validations?.add(`${letter}2:${letter}2000`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${options.join(',')}"`],
      });
    }
  }

  for (const row of rows) sheet.addRow(cellValues(row, locale)).commit();
  sheet.commit();
  await workbook.commit();
  out.end();
  await done;
  return Buffer.concat(chunks);
}

/** The roster in the import layout, so an unmasked export can be edited and imported again. */
export function writeRosterXlsx(rows: RosterExportRow[], locale: Locale = defaultLocale): Promise<Buffer> {
  return writeSheet(rows, locale, false);
}

/** An empty roster with the header, pick lists and one example row whose ID number is fake but valid. */
export function rosterTemplateXlsx(locale: Locale = defaultLocale): Promise<Buffer> {
  const first17 = '11010519491231002';
  const tags = t(locale, 'roster.template.tags');
  const example: RosterExportRow = {
    estate: t(locale, 'roster.template.estate'),
    building: t(locale, 'roster.template.building'),
    stairwell: t(locale, 'roster.template.stairwell'),
    room: '301',
    floorAreaCenti: 8950,
    name: t(locale, 'roster.template.name'),
    idNumber: first17 + gb11643CheckDigit(first17),
    phone: '13800000000',
    birthDate: '1949-12-31',
    gender: 'F',
    role: 'head',
    residency: 'local',
    tagLabels: tags ? tags.split(t(locale, 'roster.listSeparator')) : [],
  };
  return writeSheet([example], locale, true);
}

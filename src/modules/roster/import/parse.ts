import { defaultLocale, type Locale } from '../../../core/i18n.ts';
import { columnKeys, columnLabel, matchHeader, requiredColumns, type ColumnKey } from './columns.ts';
import { readCsvRows, type CsvEncoding } from './csv-reader.ts';
import { joinList, makeIssue, type RosterIssue } from './issues.ts';
import { readXlsxRows } from './xlsx-reader.ts';
import { isZip } from './zip.ts';

export interface SheetRow {
  /** As the office sees it in Excel: the header is row 1 unless title rows sit above it. */
  rowNumber: number;
  /** Every column key, '' where the column is absent or the cell blank; already cleaned (see `cleanCell`). */
  cells: Record<ColumnKey, string>;
}

export interface ParsedSheet {
  format: 'xlsx' | 'csv';
  encoding?: CsvEncoding;
  sheetName?: string;
  headerRow: number;
  /** Column key → the header text as written in the file, for the columns that are present. */
  headers: Partial<Record<ColumnKey, string>>;
  /** Headers that name no roster column (序号, 备注 …); their cells are dropped. */
  ignoredHeaders: string[];
  rows: SheetRow[];
}

export type ParseOutcome = { ok: true; sheet: ParsedSheet } | { ok: false; issues: RosterIssue[] };

/** Above this an import is refused outright, before any row is checked. */
export const maxRosterRows = 200_000;
/** Title rows (e.g. "XX社区居民台账") may sit above the header; it is looked for this far down. */
const headerSearchRows = 10;

/**
 * NFKC folds full-width digits, letters and spaces (common when typed with a Chinese IME); zero-width
 * characters and runs of whitespace are noise from copy-paste.
 */
// Printable ASCII, the enumeration comma and unified Han ideographs are unchanged by NFKC; most cells
// are only these, and skipping normalize() for them halves the parse time.
const nfkcStable = /^[\x20-\x7e\u3001\u4e00-\u9fff]*$/;

export function cleanCell(raw: string): string {
  if (raw === '') return raw;
  if (nfkcStable.test(raw)) {
    // Only plain spaces can be out of place here.
    const tidy = raw.charCodeAt(0) !== 32 && raw.charCodeAt(raw.length - 1) !== 32 && !raw.includes('  ');
    return tidy ? raw : raw.trim().replace(/ +/g, ' ');
  }
  return raw
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .trim()
    .replace(/\s+/g, ' ');
}

function extension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

function isLegacyOffice(bytes: Uint8Array): boolean {
  const magic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return bytes.length >= 8 && magic.every((b, i) => bytes[i] === b);
}

type RawRows = { rowNumber: number; cells: string[] }[];

export async function parseRosterFile(bytes: Uint8Array, fileName: string, locale: Locale = defaultLocale): Promise<ParseOutcome> {
  const fail = (code: Parameters<typeof makeIssue>[3], params = {}): ParseOutcome => ({
    ok: false,
    issues: [makeIssue(locale, 0, '', code, { fileName, ...params })],
  });
  if (bytes.length === 0) return fail('fileEmpty');
  if (isLegacyOffice(bytes)) return fail('fileLegacyXls');

  let raw: RawRows;
  let format: ParsedSheet['format'];
  let encoding: CsvEncoding | undefined;
  let sheetName: string | undefined;
  try {
    if (isZip(bytes)) {
      format = 'xlsx';
      const sheet = readXlsxRows(bytes);
      raw = sheet.rows;
      sheetName = sheet.sheetName;
    } else if (['csv', 'txt', 'tsv'].includes(extension(fileName))) {
      format = 'csv';
      const csv = readCsvRows(bytes);
      raw = csv.rows;
      encoding = csv.encoding;
    } else {
      return fail('fileUnsupported');
    }
  } catch {
    return fail(isZip(bytes) && extension(fileName) !== 'xlsx' ? 'fileUnsupported' : 'fileUnreadable');
  }
  return Promise.resolve(toSheet(raw, { format, encoding, sheetName }, locale));
}

function toSheet(
  raw: RawRows,
  meta: Pick<ParsedSheet, 'format' | 'encoding' | 'sheetName'>,
  locale: Locale,
): ParseOutcome {
  const nonBlank: RawRows = [];
  for (const r of raw) {
    if (!isBlank(r.cells)) nonBlank.push(r);
    if (nonBlank.length >= headerSearchRows) break;
  }
  if (nonBlank.length === 0) return { ok: false, issues: [makeIssue(locale, 0, '', 'fileEmpty')] };

  // The header is the first row naming at least three roster columns.
  const header = nonBlank.find((r) => r.cells.filter((c) => matchHeader(c)).length >= 3);
  if (!header) {
    return { ok: false, issues: [makeIssue(locale, 0, '', 'headerMissing', { rows: headerSearchRows })] };
  }

  const positions = new Map<ColumnKey, number[]>();
  const headers: Partial<Record<ColumnKey, string>> = {};
  const ignoredHeaders: string[] = [];
  header.cells.forEach((text, index) => {
    const key = matchHeader(text);
    if (!key) {
      if (text.trim()) ignoredHeaders.push(text.trim());
      return;
    }
    headers[key] ??= text.trim();
    positions.set(key, [...(positions.get(key) ?? []), index]);
  });

  const issues: RosterIssue[] = [];
  for (const [key, at] of positions) {
    if (at.length > 1) {
      const letters = at.map((i) => columnLetters(i));
      issues.push(makeIssue(locale, header.rowNumber, headers[key] ?? '', 'columnDuplicate', { columns: joinList(locale, letters) }));
    }
  }
  for (const key of columnKeys) {
    if (requiredColumns.has(key) && !positions.has(key)) {
      issues.push(makeIssue(locale, header.rowNumber, columnLabel(locale, key), 'columnMissing'));
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const dataRows = raw.filter((r) => r.rowNumber > header.rowNumber && !isBlank(r.cells));
  if (dataRows.length === 0) return { ok: false, issues: [makeIssue(locale, 0, '', 'noRows')] };
  if (dataRows.length > maxRosterRows) {
    return { ok: false, issues: [makeIssue(locale, 0, '', 'fileTooLarge', { rows: dataRows.length, max: maxRosterRows })] };
  }

  const at = (key: ColumnKey): number => positions.get(key)?.[0] ?? -1;
  const i = {
    estate: at('estate'),
    building: at('building'),
    stairwell: at('stairwell'),
    room: at('room'),
    floorArea: at('floorArea'),
    name: at('name'),
    idNumber: at('idNumber'),
    phone: at('phone'),
    birthDate: at('birthDate'),
    gender: at('gender'),
    role: at('role'),
    residency: at('residency'),
    tags: at('tags'),
  };
  const rows: SheetRow[] = new Array<SheetRow>(dataRows.length);
  for (let n = 0; n < dataRows.length; n++) {
    const { rowNumber, cells: c } = dataRows[n]!;
    // A literal with every key keeps one object shape for all rows.
    const cells: Record<ColumnKey, string> = {
      estate: cellAt(c, i.estate),
      building: cellAt(c, i.building),
      stairwell: cellAt(c, i.stairwell),
      room: cellAt(c, i.room),
      floorArea: cellAt(c, i.floorArea),
      name: cellAt(c, i.name),
      idNumber: cellAt(c, i.idNumber),
      phone: cellAt(c, i.phone),
      birthDate: cellAt(c, i.birthDate),
      gender: cellAt(c, i.gender),
      role: cellAt(c, i.role),
      residency: cellAt(c, i.residency),
      tags: cellAt(c, i.tags),
    };
    rows[n] = { rowNumber, cells };
  }
  return { ok: true, sheet: { ...meta, headerRow: header.rowNumber, headers, ignoredHeaders, rows } };
}

function cellAt(cells: string[], index: number): string {
  return index < 0 ? '' : cleanCell(cells[index] ?? '');
}

function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c !== '' && c.trim() !== '') return false;
  return true;
}

function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

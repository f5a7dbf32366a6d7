import { defaultLocale, type Locale } from '../../../core/i18n.ts';
import { columnKeys, columnLabel, matchHeader, requiredColumns, type ColumnKey } from './columns.ts';
import { readCsvRows, type CsvEncoding } from './csv-reader.ts';
import { joinList, makeIssue, type RosterIssue } from './issues.ts';
import { openXlsxRows, type RawRow } from './xlsx-reader.ts';
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

type RawRows = RawRow[];

/** The file's header and columns, before any data row is read. */
export type SheetHead = Omit<ParsedSheet, 'rows'>;

/**
 * A roster file with its header found and its data rows read as they are asked for (blank rows left out,
 * cells cleaned), so an import can check and write the first rows while later ones are still being read.
 * Rows past `maxRosterRows` are counted, not given: `rowCountIssue(locale, read())` says what is wrong with
 * the number once the rows are drained.
 */
export interface OpenedSheet {
  sheet: SheetHead;
  rows: Iterator<SheetRow>;
  /** Data rows read so far, those past the limit included. */
  read(): number;
}

export type OpenOutcome = ({ ok: true } & OpenedSheet) | { ok: false; issues: RosterIssue[] };

/** Thrown by the rows of an opened file when the rest of it cannot be read; carries the issue to report. */
export class UnreadableRows extends Error {
  constructor(readonly issue: RosterIssue, options: ErrorOptions) {
    super('roster file unreadable', options);
  }
}

export async function parseRosterFile(bytes: Uint8Array, fileName: string, locale: Locale = defaultLocale): Promise<ParseOutcome> {
  const opened = openRosterFile(bytes, fileName, locale);
  if (!opened.ok) return opened;
  let rows: SheetRow[];
  try {
    rows = readAll(opened);
  } catch (error) {
    if (error instanceof UnreadableRows) return { ok: false, issues: [error.issue] };
    throw error;
  }
  const issue = rowCountIssue(locale, opened.read());
  if (issue) return { ok: false, issues: [issue] };
  return Promise.resolve({ ok: true, sheet: { ...opened.sheet, rows } });
}

/** Every data row of an opened file, read now. */
export function readAll(opened: OpenedSheet): SheetRow[] {
  const rows: SheetRow[] = [];
  for (let r = opened.rows.next(); !r.done; r = opened.rows.next()) rows.push(r.value);
  return rows;
}

/** No data rows, or more than an import takes. */
export function rowCountIssue(locale: Locale, count: number): RosterIssue | null {
  if (count === 0) return makeIssue(locale, 0, '', 'noRows');
  if (count > maxRosterRows) return makeIssue(locale, 0, '', 'fileTooLarge', { rows: count, max: maxRosterRows });
  return null;
}

export function openRosterFile(bytes: Uint8Array, fileName: string, locale: Locale = defaultLocale): OpenOutcome {
  const fail = (code: Parameters<typeof makeIssue>[3], params = {}): OpenOutcome => ({
    ok: false,
    issues: [makeIssue(locale, 0, '', code, { fileName, ...params })],
  });
  if (bytes.length === 0) return fail('fileEmpty');
  if (isLegacyOffice(bytes)) return fail('fileLegacyXls');

  let raw: Iterator<RawRow>;
  let format: ParsedSheet['format'];
  let encoding: CsvEncoding | undefined;
  let sheetName: string | undefined;
  try {
    if (isZip(bytes)) {
      format = 'xlsx';
      const sheet = openXlsxRows(bytes);
      raw = sheet.rows;
      sheetName = sheet.sheetName;
    } else if (['csv', 'txt', 'tsv'].includes(extension(fileName))) {
      format = 'csv';
      const csv = readCsvRows(bytes);
      raw = csv.rows[Symbol.iterator]();
      encoding = csv.encoding;
    } else {
      return fail('fileUnsupported');
    }
  } catch {
    return fail(isZip(bytes) && extension(fileName) !== 'xlsx' ? 'fileUnsupported' : 'fileUnreadable');
  }
  return openSheet(guarded(raw, () => makeIssue(locale, 0, '', 'fileUnreadable', { fileName })), { format, encoding, sheetName }, locale);
}

/** The raw rows, with any failure to read further turned into `UnreadableRows`. */
function guarded(raw: Iterator<RawRow>, issue: () => RosterIssue): Iterator<RawRow> {
  return {
    next: () => {
      try {
        return raw.next();
      } catch (error) {
        throw new UnreadableRows(issue(), { cause: error });
      }
    },
  };
}

function openSheet(
  raw: Iterator<RawRow>,
  meta: Pick<ParsedSheet, 'format' | 'encoding' | 'sheetName'>,
  locale: Locale,
): OpenOutcome {
  // Every row up to the tenth non-blank one: the header is among them.
  const first: RawRows = [];
  let nonBlank = 0;
  while (nonBlank < headerSearchRows) {
    const r = raw.next();
    if (r.done) break;
    first.push(r.value);
    if (!isBlank(r.value.cells)) nonBlank++;
  }
  if (nonBlank === 0) return { ok: false, issues: [makeIssue(locale, 0, '', 'fileEmpty')] };

  // The header is the first row naming at least three roster columns.
  const header = first.find((r) => !isBlank(r.cells) && r.cells.filter((c) => matchHeader(c)).length >= 3);
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

  const at = (key: ColumnKey): number => positions.get(key)?.[0] ?? -1;
  const columns: Record<ColumnKey, number> = {
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
  const sheet: SheetHead = { ...meta, headerRow: header.rowNumber, headers, ignoredHeaders };
  const counter = { read: 0 };
  return { ok: true, sheet, rows: dataRows(first, raw, header.rowNumber, columns, counter), read: () => counter.read };
}

function* rawRows(first: RawRows, rest: Iterator<RawRow>): Generator<RawRow, void, undefined> {
  yield* first;
  for (let r = rest.next(); !r.done; r = rest.next()) yield r.value;
}

function* dataRows(
  first: RawRows,
  rest: Iterator<RawRow>,
  headerRow: number,
  i: Record<ColumnKey, number>,
  counter: { read: number },
): Generator<SheetRow, void, undefined> {
  for (const { rowNumber, cells: c } of rawRows(first, rest)) {
    if (rowNumber <= headerRow || isBlank(c)) continue;
    // Past the limit rows are only counted, for the message.
    if (++counter.read > maxRosterRows) continue;
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
    yield { rowNumber, cells };
  }
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

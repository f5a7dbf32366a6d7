import { isZip, listZipEntries, readZipEntry, ZipError, type ZipEntry } from './zip.ts';

/** Excel row number (1-based) and the cell texts by column index (0 = A). */
export interface RawRow {
  rowNumber: number;
  cells: string[];
}

/**
 * A reader for the first worksheet of an .xlsx, as rows of cell texts. exceljs reads 100,000 roster
 * rows at about 5,000 rows/s (load) or 13,000 rows/s (streaming) on the reference machine, too slow for
 * the ≥ 20,000 rows/s import target (decision 0040); scanning the sheet XML directly is ~10× faster.
 * Cells come back as the text Excel stores: shared and inline strings resolved, numbers as written in
 * the XML (so a date is its serial number), booleans as TRUE/FALSE.
 */
export interface SheetRows {
  sheetName: string;
  rows: RawRow[];
}

/** The same rows, read as they are asked for: an import checks and writes the first while later ones are read. */
export interface SheetRowStream {
  sheetName: string;
  rows: Iterator<RawRow>;
}

export { ZipError as XlsxError };

const maxPartSize = 400 * 1024 * 1024;
const ns = '(?:[A-Za-z_][\\w.-]*:)?'; // some writers prefix every element, e.g. <x:row>

function codePoint(n: number): string {
  return n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd';
}

function decodeXml(text: string): string {
  let s = text;
  if (s.includes('&')) {
    s = s.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g, (_m, hex?: string, dec?: string, name?: string) => {
      // A reference past Unicode (&#99999999;) is a broken file, not a reason to stop reading it.
      if (hex || dec) return codePoint(hex ? parseInt(hex, 16) : parseInt(dec!, 10));
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name as 'amp'];
    });
  }
  // OOXML escapes control characters as _xHHHH_.
  if (s.includes('_x')) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return s;
}

const phoneticRe = new RegExp(`<${ns}rPh\\b[\\s\\S]*?</${ns}rPh>`, 'g');
const textRe = new RegExp(`<${ns}t\\b[^>]*?(?:/>|>([\\s\\S]*?)</${ns}t>)`, 'g');

/** Concatenated <t> runs of a rich or plain string, leaving out phonetic guides. */
function stringItemText(xml: string): string {
  const body = xml.includes('rPh') ? xml.replace(phoneticRe, '') : xml;
  let out = '';
  textRe.lastIndex = 0;
  for (let m = textRe.exec(body); m; m = textRe.exec(body)) out += m[1] ?? '';
  return decodeXml(out);
}

/**
 * The shared strings, read as far as the cells ask: writers list them in order of first use, so the
 * first rows of a sheet need only the first strings and the rest are read while those rows are checked.
 */
class SharedStrings {
  private readonly items: string[] = [];
  private readonly re = new RegExp(`<${ns}si\\b[^>]*?(?:/>|>([\\s\\S]*?)</${ns}si>)`, 'g');
  private more: boolean;

  constructor(private readonly xml: string) {
    this.more = xml.length > 0;
  }

  get(index: number): string | undefined {
    while (this.more && this.items.length <= index) {
      const m = this.re.exec(this.xml);
      if (!m) this.more = false;
      else this.items.push(m[1] ? stringItemText(m[1]) : '');
    }
    return this.items[index];
  }
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs);
  return m?.[1];
}

function isDelimiter(code: number): boolean {
  // space, '>', '/', tab, LF, CR
  return code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;
}

/** Value of attribute `name` inside one start tag, or undefined. */
function attribute(tag: string, name: string): string | undefined {
  const needle = `${name}="`;
  for (let at = tag.indexOf(needle); at >= 0; at = tag.indexOf(needle, at + 1)) {
    if (isDelimiter(tag.charCodeAt(at - 1))) {
      const start = at + needle.length;
      return tag.slice(start, tag.indexOf('"', start));
    }
  }
  return undefined;
}

/** Column index of the cell reference starting at `at` ("AB12" → 27). */
function columnAt(xml: string, at: number): number {
  let n = 0;
  for (let i = at; ; i++) {
    const code = xml.charCodeAt(i);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

/**
 * The sheet's XML in pieces that each end after a row's closing tag, decoded only when asked for: the first
 * rows can be checked while the rest is still bytes (decoding 50 MB at once takes longer than inflating
 * it), and the cut is always after an ASCII '>', never inside a character. '<' never appears literally in
 * XML text, so `</row>` (with the sheet's namespace prefix) only ever closes a row.
 */
function* sheetPieces(xml: Buffer, prefix: string, pieceBytes: number): Generator<string, void, undefined> {
  const close = Buffer.from(`</${prefix}row>`, 'latin1');
  // A small first piece: the header and the first rows are ready at once.
  let size = Math.min(pieceBytes, 256 * 1024);
  for (let from = 0; from < xml.length; size = pieceBytes) {
    let cut = xml.length;
    if (from + size < xml.length) {
      const end = xml.indexOf(close, from + size);
      if (end >= 0) cut = end + close.length;
    }
    yield xml.toString('utf8', from, cut);
    from = cut;
  }
}

/**
 * A hand-written scan of <sheetData>: indexOf and charCodeAt are several times faster than regexes
 * over a 30 MB sheet and allocate far less. Only row, c, v and is elements matter; the rest is skipped.
 */
function* scanSheet(pieces: Iterator<string>, prefix: string, shared: SharedStrings): Generator<RawRow, void, undefined> {
  const first = pieces.next();
  if (first.done) return;
  let xml = first.value;
  const at = xml.indexOf('sheetData');
  if (at < 0) return;
  let cells: string[] | null = null;
  let rowNumber = 0;
  let column = -1;
  let cellType: string | undefined;
  const put = (text: string): void => {
    if (!cells) return;
    while (cells.length < column) cells.push('');
    cells[column] = text;
  };
  let i = xml.indexOf('>', at) + 1;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      // Pieces end after a row, so no element runs across two of them.
      const next = pieces.next();
      if (next.done) break;
      xml = next.value;
      i = 0;
      continue;
    }
    let p = lt + 1;
    const closing = xml.charCodeAt(p) === 47;
    if (closing) p++;
    if (prefix && xml.startsWith(prefix, p)) p += prefix.length;
    const gt = xml.indexOf('>', p);
    if (gt < 0) break;
    i = gt + 1;
    const c0 = xml.charCodeAt(p);
    const c1 = xml.charCodeAt(p + 1);
    if (closing) {
      if (c0 === 114 && xml.startsWith('row', p) && isDelimiter(xml.charCodeAt(p + 3))) {
        const done = cells;
        cells = null;
        if (done) yield { rowNumber, cells: done };
      } else if (c0 === 115 && xml.startsWith('sheetData', p)) break;
      continue;
    }
    if (c0 === 99 && isDelimiter(c1)) {
      // <c r="B3" s="1" t="s">: read r and t in place, without slicing the tag.
      let ref = -1;
      cellType = undefined;
      for (let k = p + 2; k < gt; k++) {
        if (xml.charCodeAt(k) !== 61 || xml.charCodeAt(k + 1) !== 34 || !isDelimiter(xml.charCodeAt(k - 2))) continue;
        const name = xml.charCodeAt(k - 1);
        if (name === 114) ref = columnAt(xml, k + 2);
        else if (name === 116) cellType = xml.slice(k + 2, xml.indexOf('"', k + 2));
      }
      column = ref < 0 ? column + 1 : ref;
    } else if (c0 === 118 && isDelimiter(c1) && xml.charCodeAt(gt - 1) !== 47) {
      const end = xml.indexOf('<', i);
      const v = xml.slice(i, end);
      i = end;
      if (cellType === 's') put(shared.get(Number(v)) ?? '');
      else if (cellType === 'b') put(v === '1' ? 'TRUE' : 'FALSE');
      else put(decodeXml(v));
    } else if (c0 === 105 && c1 === 115 && isDelimiter(xml.charCodeAt(p + 2)) && xml.charCodeAt(gt - 1) !== 47) {
      const closeTag = `</${prefix}is>`;
      const end = xml.indexOf(closeTag, i);
      if (end < 0) break;
      const body = xml.slice(i, end);
      i = end + closeTag.length;
      put(simpleText(body) ?? stringItemText(body));
    } else if (c0 === 114 && xml.startsWith('row', p) && isDelimiter(xml.charCodeAt(p + 3))) {
      const r = attribute(xml.slice(p, gt), 'r');
      rowNumber = r === undefined ? rowNumber + 1 : Number(r);
      column = -1;
      cells = [];
      if (xml.charCodeAt(gt - 1) === 47) {
        const done = cells;
        cells = null;
        yield { rowNumber, cells: done };
      }
    }
  }
}

/** The common case `<t>plain</t>` without markup inside, or undefined to take the general path. */
function simpleText(body: string): string | undefined {
  if (!body.startsWith('<t')) return undefined;
  const open = body.indexOf('>');
  const close = body.indexOf('<', open);
  if (open < 0 || close < 0 || close + 4 !== body.length || !body.startsWith('</t>', close)) return undefined;
  if (body.charCodeAt(open - 1) === 47) return '';
  return decodeXml(body.slice(open + 1, close));
}

function part(bytes: Uint8Array, entries: Map<string, ZipEntry>, name: string): string | undefined {
  const entry = entries.get(name);
  return entry ? readZipEntry(bytes, entry, maxPartSize).toString('utf8') : undefined;
}

/** The path of the first sheet in workbook order (tab order), which is not always sheet1.xml. */
function firstSheet(bytes: Uint8Array, entries: Map<string, ZipEntry>): { name: string; path: string } {
  const workbook = part(bytes, entries, 'xl/workbook.xml');
  if (workbook === undefined) throw new ZipError('not a spreadsheet: xl/workbook.xml missing');
  const sheet = new RegExp(`<${ns}sheet\\b([^>]*)>`).exec(workbook);
  const name = decodeXml(attr(sheet?.[1] ?? '', 'name') ?? '');
  const relId = sheet?.[1] ? /\br:id="([^"]*)"|\b\w+:id="([^"]*)"/.exec(sheet[1]) : null;
  const rels = part(bytes, entries, 'xl/_rels/workbook.xml.rels') ?? '';
  const id = relId?.[1] ?? relId?.[2];
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    if (id !== undefined && attr(m[1] ?? '', 'Id') === id) {
      const target = attr(m[1] ?? '', 'Target') ?? '';
      const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      if (entries.has(path)) return { name, path };
    }
  }
  return { name, path: 'xl/worksheets/sheet1.xml' };
}

/** Unpacks the first sheet and its strings (a broken archive throws here); rows are scanned as they are asked for. */
export function openXlsxRows(bytes: Uint8Array, pieceBytes = 1024 * 1024): SheetRowStream {
  if (!isZip(bytes)) throw new ZipError('not a zip archive');
  const entries = listZipEntries(bytes);
  const { name, path } = firstSheet(bytes, entries);
  const entry = entries.get(path);
  if (entry === undefined) throw new ZipError(`worksheet ${path} missing`);
  const sheetXml = readZipEntry(bytes, entry, maxPartSize);
  // The namespace prefix of the sheet's elements: '' or e.g. 'x:' (<x:sheetData>, <x:row>).
  const at = sheetXml.indexOf('sheetData');
  const prefix = at < 0 ? '' : sheetXml.toString('latin1', sheetXml.lastIndexOf('<', at) + 1, at);
  const sharedXml = part(bytes, entries, 'xl/sharedStrings.xml');
  return { sheetName: name, rows: scanSheet(sheetPieces(sheetXml, prefix, pieceBytes), prefix, new SharedStrings(sharedXml ?? '')) };
}

/** `pieceBytes` only for tests: how much of the sheet is decoded at a time. */
export function readXlsxRows(bytes: Uint8Array, pieceBytes?: number): SheetRows {
  const { sheetName, rows } = openXlsxRows(bytes, pieceBytes);
  const all: RawRow[] = [];
  for (let r = rows.next(); !r.done; r = rows.next()) all.push(r.value);
  return { sheetName, rows: all };
}

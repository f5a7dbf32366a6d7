import { parse } from 'csv-parse/sync';

/**
 * CSV as Chinese offices produce it: UTF-8 with or without BOM, or GBK/GB18030 (what Excel in China
 * writes for "CSV (逗号分隔)"), and "Unicode text" (UTF-16 with tabs). GB18030 is a superset of GBK,
 * so one decoder covers both.
 */
export type CsvEncoding = 'utf-8' | 'gb18030' | 'utf-16le';

export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: GBK text almost never is, so this is a reliable test.
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** Comma unless the first line has clearly more tabs or semicolons. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const count = (ch: string): number => firstLine.split(ch).length - 1;
  const candidates: [string, number][] = [
    [',', count(',')],
    ['\t', count('\t')],
    [';', count(';')],
  ];
  candidates.sort((a, b) => b[1] - a[1]);
  return candidates[0]![1] > 0 ? candidates[0]![0] : ',';
}

/** Records in file order; record i is what Excel shows as row i + 1, blank lines included. */
export function readCsvRows(bytes: Uint8Array): { encoding: CsvEncoding; rows: { rowNumber: number; cells: string[] }[] } {
  const { text, encoding } = decodeCsv(bytes);
  const records = parse(text, {
    delimiter: detectDelimiter(text),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
  }) as string[][];
  return { encoding, rows: records.map((cells, i) => ({ rowNumber: i + 1, cells })) };
}

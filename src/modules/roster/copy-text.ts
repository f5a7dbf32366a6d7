/**
 * PostgreSQL's COPY text format: one line per row, columns separated by tabs, `\N` for null.
 * Backslash, tab, newline and carriage return inside a value must be escaped; everything else,
 * Chinese text included, goes through as it is.
 */
const special = /[\\\t\n\r]/;
const specials = /[\\\t\n\r]/g;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const s = String(value);
  return special.test(s) ? s.replace(specials, (c) => escapes[c]!) : s;
}

/** A text[] literal (`{"a","b"}`), escaped for COPY. */
export function copyTextArray(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  return copyValue(`{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
}

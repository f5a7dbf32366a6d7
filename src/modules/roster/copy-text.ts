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

/**
 * COPY text written straight into bytes, a value at a time. Building one string per batch and encoding it
 * costs several times more: a batch's rows make a long rope, and a single Chinese name turns all of it
 * into two-byte text that V8 encodes slowly.
 */
export class CopyBuffer {
  private bytes: Buffer;
  private at = 0;

  constructor(expectedBytes = 64 * 1024) {
    this.bytes = Buffer.allocUnsafe(expectedBytes);
  }

  /** Known to need no escaping and to be ASCII: ids, dates, ciphertexts, blind indexes, masks, enums. */
  ascii(value: string): this {
    this.reserve(value.length);
    this.at += this.bytes.write(value, this.at, 'latin1');
    return this;
  }

  /** Any text: escaped, UTF-8; null and undefined as \N. */
  text(value: string | number | null | undefined): this {
    return this.escaped(copyValue(value));
  }

  /** Text already in COPY form (`copyValue`, `copyTextArray`), as UTF-8. */
  escaped(value: string): this {
    this.reserve(value.length * 3);
    this.at += this.bytes.write(value, this.at, 'utf8');
    return this;
  }

  tab(): this {
    this.reserve(1);
    this.bytes[this.at++] = 9;
    return this;
  }

  endRow(): this {
    this.reserve(1);
    this.bytes[this.at++] = 10;
    return this;
  }

  /** The bytes written; the buffer must not be written to afterwards. */
  done(): Buffer {
    return this.bytes.subarray(0, this.at);
  }

  private reserve(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.at + n));
    this.bytes.copy(grown, 0, 0, this.at);
    this.bytes = grown;
  }
}

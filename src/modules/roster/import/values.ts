/**
 * Parsers for single cells. Each returns the clean value or undefined; the caller decides which
 * issue that is, so these stay reusable by the console's inline editing.
 */

/** Floor area in m² → integer hundredths of m², by string arithmetic so no float rounding creeps in. */
export function parseAreaCenti(text: string): number | undefined {
  let s = text.replace(/\s+/g, '').replace(/(m2|m\^2)$/i, '');
  // A formula result like 89.49999999999999 is a float artefact, not a third decimal someone typed.
  if (/^\d+\.\d{10,}$/.test(s)) {
    const hundredths = Number(s) * 100;
    if (Math.abs(hundredths - Math.round(hundredths)) < 1e-6) s = (Math.round(hundredths) / 100).toFixed(2);
  }
  const m = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(s) ?? /^()\.(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const whole = Number(m[1] || '0');
  const fraction = Number((m[2] ?? '').padEnd(2, '0'));
  const centi = whole * 100 + fraction;
  return centi > 0 ? centi : undefined;
}

export function formatAreaCenti(centi: number): string {
  return `${Math.floor(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;
}

/** A number Excel turned into scientific notation, e.g. 1.10101E+17: the digits are already lost. */
export function isScientific(text: string): boolean {
  return /^\d(\.\d+)?e\+?\d+$/i.test(text.trim());
}

const excelEpoch = Date.UTC(1899, 11, 30); // serial 1 = 1900-01-01, allowing for Excel's 1900 leap-year bug

function isoDate(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Birth dates as offices type them: 1990-03-07, 1990/3/7, 1990.3.7, 19900307, 1990年3月7日, or an
 * Excel date cell (a serial day number in the sheet XML).
 */
export function parseBirthDate(text: string): string | undefined {
  const s = text.trim();
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})\D?(?:\s+0{1,2}:00(?::00)?)?$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{1,5}(\.\d+)?$/.test(s)) {
    const date = new Date(excelEpoch + Math.floor(Number(s)) * 86_400_000);
    return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }
  return undefined;
}

/** Names are people's names: no digits. Inner spaces padding two-character names (张　三) are dropped. */
export function cleanName(text: string): string {
  return /^[\p{Script=Han}\s·]+$/u.test(text) ? text.replace(/\s+/g, '') : text;
}

export function nameHasDigits(name: string): boolean {
  return /\p{Nd}/u.test(name);
}

/** Tags separated by 、 , ; (full-width forms are folded by NFKC) or whitespace. */
export function splitTags(text: string): string[] {
  return text
    .split(/[\u3001,;\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Age in whole years on `today` (UTC dates), for the "phone optional for children" rule. */
export function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  const beforeBirthday = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

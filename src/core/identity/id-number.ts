/**
 * Resident identity numbers (公民身份号码) per GB 11643-1999: 6-digit area code, 8-digit birth date,
 * 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const checkChars = '10X98765432';

/** The check character for the first 17 digits. */
export function gb11643CheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('gb11643CheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return checkChars[sum % 11]!;
}

export type IdNumberProblem = 'format' | 'birthDate' | 'checkDigit';

export interface IdNumberInfo {
  normalized: string;
  areaCode: string;
  birthDate: string; // YYYY-MM-DD
  gender: 'M' | 'F';
}

/** Upper-cases a trailing x and strips spaces, the usual noise in hand-kept rosters. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export function parseIdNumber(raw: string): IdNumberInfo | { problem: IdNumberProblem } {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return { problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const valid =
    y >= 1900 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d &&
    date.getTime() <= Date.now();
  if (!valid) return { problem: 'birthDate' };
  if (gb11643CheckDigit(id.slice(0, 17)) !== id[17]) return { problem: 'checkDigit' };
  return {
    normalized: id,
    areaCode: id.slice(0, 6),
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'M' : 'F',
  };
}

import { parsePhone } from './phone.ts';

/**
 * Masking for roles that may not see identity data in full. The masked value keeps the length of the
 * original so staff can still tell a mistyped number from a complete one.
 */
function keepEnds(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(-tail);
}

/** `110101199003071234` → `110***********1234`: area prefix and the last four kept. */
export function maskIdNumber(idNumber: string): string {
  return keepEnds(idNumber.replace(/\s+/g, '').toUpperCase(), 3, 4);
}

/**
 * Mobiles keep the carrier prefix and last four (`138****5678`); landlines keep the area code and the
 * last two (`0573-******21`). Anything unparseable keeps only its last two characters.
 */
export function maskPhone(phone: string): string {
  const parsed = parsePhone(phone);
  if ('problem' in parsed) return keepEnds(phone.trim(), 0, 2);
  if (parsed.kind === 'mobile') return keepEnds(parsed.normalized, 3, 4);
  return `${parsed.areaCode}-${keepEnds(parsed.local, 0, 2)}`;
}

/**
 * Exclusive area as an exact integer count of 0.01 m² in a bigint. Written as a decimal string of square
 * metres with at most two decimals ("89.52") so a JSON reader can never turn it into a float.
 */
export const areaPattern = '^(0|[1-9][0-9]*)(\\.[0-9]{1,2})?$';
const areaRe = new RegExp(areaPattern);

export function parseArea(text: string): bigint | null {
  if (!areaRe.test(text)) return null;
  const [whole = '0', frac = ''] = text.split('.');
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
}

export function formatArea(hundredths: bigint): string {
  const sign = hundredths < 0n ? '-' : '';
  const abs = hundredths < 0n ? -hundredths : hundredths;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${sign}${abs / 100n}.${frac}`;
}

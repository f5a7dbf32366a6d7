/**
 * Instants of ISO 8601 date-times in milliseconds. The fixed layout the tally file requires is read by
 * arithmetic (Date.parse dominated counting a 10,000-owner assembly); anything else falls back to Date.parse.
 */
const layout = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const daysIn = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function instant(text: string): number {
  const m = layout.exec(text);
  if (!m) return Date.parse(text);
  const [, y, mo, d, h, mi, s = '0', ms = '0', z, sign, oh = '0', om = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > daysIn[month - 1]! || (month === 2 && day === 29 && !leap)) return NaN;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Number(oh) > 23 || Number(om) > 59) return NaN;
  const offset = z ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const minutes = daysFromCivil(year, month, day) * 1440 + Number(h) * 60 + Number(mi) - offset;
  return minutes * 60_000 + Number(s) * 1000 + Number(ms.padEnd(3, '0'));
}

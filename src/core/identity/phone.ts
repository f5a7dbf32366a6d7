/**
 * Phone numbers as community offices write them: mainland mobiles (1[3-9] + 9 digits, sometimes with
 * +86/0086 in front and spaces or dashes in between) and landlines with their area code
 * (0573-87654321). A landline without area code is refused: the roster is used across cities.
 */
export type PhoneInfo =
  | { kind: 'mobile'; normalized: string }
  | { kind: 'landline'; normalized: string; areaCode: string; local: string };

export type PhoneProblem = 'format' | 'landlineAreaCode';

// Full-width digits and dashes are folded by NFKC; the rest is separator noise.
const separators = /[\s\-()\u2010-\u2015\u2212\u30fc]/g;

export function parsePhone(raw: string): PhoneInfo | { problem: PhoneProblem } {
  let s = raw.normalize('NFKC').replace(separators, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.length === 13 && s.startsWith('86') && /^861[3-9]/.test(s)) s = s.slice(2);
  if (/^1[3-9]\d{9}$/.test(s)) return { kind: 'mobile', normalized: s };
  if (/^0\d+$/.test(s)) {
    // Beijing (010) and the 02x cities have 3-digit area codes; every other city has 4.
    const areaLength = /^0(10|2\d)/.test(s) ? 3 : 4;
    const areaCode = s.slice(0, areaLength);
    const local = s.slice(areaLength);
    if (/^[2-9]\d{6,7}$/.test(local)) {
      return { kind: 'landline', normalized: `${areaCode}-${local}`, areaCode, local };
    }
    return { problem: 'format' };
  }
  if (/^[2-9]\d{6,7}$/.test(s)) return { problem: 'landlineAreaCode' };
  return { problem: 'format' };
}

export function isPhoneInfo(p: PhoneInfo | { problem: PhoneProblem }): p is PhoneInfo {
  return !('problem' in p);
}

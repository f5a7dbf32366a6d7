const punctuation = /[^0-9A-Za-z\u4e00-\u9fff]/g;

/** Digits, ASCII letters and CJK ideographs only; most stairwells and rooms ("1", "301") are that already. */
function clean(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const kept = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0x4e00 && c <= 0x9fff);
    if (!kept) return s.replace(punctuation, '');
  }
  return s;
}

/** A household's stable code: building code, stairwell and room, without punctuation ("B0012-1-301"). */
export function householdCode(buildingCode: string, stairwell: string, room: string): string {
  return `${buildingCode}-${clean(stairwell) || '0'}-${clean(room)}`;
}

/** A household's stable code: building code, stairwell and room, without punctuation ("B0012-1-301"). */
export function householdCode(buildingCode: string, stairwell: string, room: string): string {
  const clean = (s: string) => s.replace(/[^0-9A-Za-z\u4e00-\u9fff]/g, '');
  return [buildingCode, clean(stairwell) || '0', clean(room)].join('-');
}

/**
 * A household's address as the roster and the console show it: estate, building, stairwell and room joined,
 * a part left out when the one before already holds it (building "西山新村1幢" in estate "西山新村").
 */
export function householdAddress(p: { estate: string; building: string; stairwell: string; room: string }): string {
  return [p.estate, p.building, p.stairwell, p.room].filter((x, i, all) => x && (i === 0 || !all[i - 1]!.includes(x))).join('');
}

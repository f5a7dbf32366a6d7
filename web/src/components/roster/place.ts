/** Estate, building, stairwell and room as the roster shows them, a part left out when the one before holds it. */
export function placeText(parts: (string | null | undefined)[]): string {
  return parts.filter((x, i, all): x is string => Boolean(x) && (i === 0 || !all[i - 1]?.includes(x!))).join(' ');
}

/** Today as YYYY-MM-DD in China time (UTC+8, no daylight saving), as the server dates a departure. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

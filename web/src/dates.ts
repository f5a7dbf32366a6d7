/** Today as YYYY-MM-DD in China time (UTC+8, no daylight saving), whatever the browser's zone: as the server dates things. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The calendar date in China (UTC+8 all year, no daylight saving) at `at`, as YYYY-MM-DD. */
export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dataDir = new URL('./data/', import.meta.url).pathname;

/**
 * The calendar files shipped in `data/` (one per year), unvalidated, for seeding the database and for
 * tests. Pass the result to `buildCalendar`.
 */
export function bundledCalendarYears(): unknown[] {
  return readdirSync(dataDir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dataDir, f), 'utf8')) as unknown);
}

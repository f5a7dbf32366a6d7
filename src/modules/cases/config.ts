import type { Kysely } from 'kysely';
import type { Affair, RoutingMatrix, TimeLimit, TimeLimitPolicy, CategoryRoute } from './domain/index.ts';
import { settingsOf } from './settings.ts';
import type { CasesTables } from './tables.ts';

export interface CategoryInfo {
  code: string;
  zh: string;
  en: string;
  affair: Affair;
  levels: CategoryRoute['levels'];
  limits: Partial<Record<string, TimeLimit>>;
  sort: number;
}

/** The stored snapshot of one configuration version (`case_config_versions.config`). */
export interface ConfigSnapshot {
  categories: CategoryInfo[];
  settings: Record<string, unknown>;
}

export interface CaseConfig {
  version: number;
  categories: CategoryInfo[];
  settings: Record<string, unknown>;
  matrix: RoutingMatrix;
  limits: TimeLimitPolicy;
  /** Radius (m) and window (days) within which a same-category case is suggested as a duplicate. */
  duplicates: { radiusM: number; windowDays: number };
}

/** Categories in the order the console lists them. */
export function sortedCategories(categories: readonly CategoryInfo[]): CategoryInfo[] {
  return [...categories].sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
}

/** The routing matrix, time limits and thresholds of one version, as the domain functions take them. */
export function configOf(version: number, snapshot: ConfigSnapshot, firstStreet: string): CaseConfig {
  // The same defaults the settings page shows, so what an administrator reads is what routing uses.
  const settings = settingsOf(snapshot);
  const categories = sortedCategories(snapshot.categories);
  const matrix: RoutingMatrix = {
    categories: Object.fromEntries(categories.map((c) => [c.code, { affair: c.affair, levels: c.levels }])),
    defaultAffair: settings.defaultAffair,
    jointLetterThreshold: Number(settings.jointLetterThreshold),
    raisedLevel: settings.raisedLevel,
    fallbackRole: settings.fallbackRole,
    fallbackStreet: settings.fallbackStreet || firstStreet,
  };
  const limits: TimeLimitPolicy = {
    default: settings.defaultLimits,
    ...Object.fromEntries(categories.map((c) => [c.code, c.limits])),
  };
  const duplicates = { radiusM: Number(settings.duplicateRadiusM), windowDays: Number(settings.duplicateWindowDays) };
  return { version, categories, settings: snapshot.settings, matrix, limits, duplicates };
}

/** The latest version, or the one named (a case keeps the version it was accepted under). */
export async function loadSnapshot(db: Kysely<CasesTables>, version?: number): Promise<{ version: number; snapshot: ConfigSnapshot }> {
  let q = db.selectFrom('case_config_versions').select(['version', 'config']);
  q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
  const row = await q.executeTakeFirstOrThrow();
  return { version: row.version, snapshot: row.config as ConfigSnapshot };
}

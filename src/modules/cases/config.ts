import type { Kysely } from 'kysely';
import type { Affair, Level, RoutingMatrix, TimeLimit, TimeLimitPolicy, CategoryRoute } from './domain/index.ts';
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

/** The routing matrix, time limits and thresholds of one version, as the domain functions take them. */
export function configOf(version: number, snapshot: ConfigSnapshot, firstStreet: string): CaseConfig {
  const settings = snapshot.settings;
  const categories = [...snapshot.categories].sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
  const matrix: RoutingMatrix = {
    categories: Object.fromEntries(categories.map((c) => [c.code, { affair: c.affair, levels: c.levels }])),
    defaultAffair: (settings.defaultAffair as Affair | undefined) ?? 'resident',
    jointLetterThreshold: Number(settings.jointLetterThreshold ?? 0),
    raisedLevel: (settings.raisedLevel as Level | undefined) ?? 'community',
    fallbackRole: (settings.fallbackRole as string | undefined) ?? 'streetStaff',
    fallbackStreet: (settings.fallbackStreet as string | undefined) || firstStreet,
  };
  const limits: TimeLimitPolicy = {
    default: (settings.defaultLimits as Partial<Record<string, TimeLimit>> | undefined) ?? {},
    ...Object.fromEntries(categories.map((c) => [c.code, c.limits])),
  };
  const duplicates = { radiusM: Number(settings.duplicateRadiusM ?? 100), windowDays: Number(settings.duplicateWindowDays ?? 7) };
  return { version, categories, settings, matrix, limits, duplicates };
}

/** The latest version, or the one named (a case keeps the version it was accepted under). */
export async function loadSnapshot(db: Kysely<CasesTables>, version?: number): Promise<{ version: number; snapshot: ConfigSnapshot }> {
  let q = db.selectFrom('case_config_versions').select(['version', 'config']);
  q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
  const row = await q.executeTakeFirstOrThrow();
  return { version: row.version, snapshot: row.config as ConfigSnapshot };
}

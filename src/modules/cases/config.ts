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
}

export interface CaseConfig {
  categories: CategoryInfo[];
  matrix: RoutingMatrix;
  limits: TimeLimitPolicy;
}

/** The routing matrix and time limits, kept as data in `case_categories` and `case_settings`. */
export async function loadConfig(db: Kysely<CasesTables>, firstStreet: () => Promise<string>): Promise<CaseConfig> {
  const [rows, settingRows] = await Promise.all([
    db.selectFrom('case_categories').selectAll().orderBy('sort').orderBy('code').execute(),
    db.selectFrom('case_settings').selectAll().execute(),
  ]);
  const settings = new Map(settingRows.map((r) => [r.key, r.value]));
  const categories = rows.map((r) => ({
    code: r.code,
    zh: r.zh,
    en: r.en,
    affair: r.affair,
    levels: r.levels as CategoryRoute['levels'],
    limits: r.limits as Partial<Record<string, TimeLimit>>,
  }));
  const fallbackStreet = (settings.get('fallbackStreet') as string | undefined) || (await firstStreet());
  const matrix: RoutingMatrix = {
    categories: Object.fromEntries(categories.map((c) => [c.code, { affair: c.affair, levels: c.levels }])),
    defaultAffair: (settings.get('defaultAffair') as Affair | undefined) ?? 'resident',
    jointLetterThreshold: Number(settings.get('jointLetterThreshold') ?? 0),
    raisedLevel: (settings.get('raisedLevel') as Level | undefined) ?? 'community',
    fallbackRole: (settings.get('fallbackRole') as string | undefined) ?? 'streetStaff',
    fallbackStreet,
  };
  const limits: TimeLimitPolicy = {
    default: (settings.get('defaultLimits') as Partial<Record<string, TimeLimit>> | undefined) ?? {},
    ...Object.fromEntries(categories.map((c) => [c.code, c.limits])),
  };
  return { categories, matrix, limits };
}

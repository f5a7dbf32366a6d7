import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../core/db/errors.ts';
import { Problem } from '../../core/http/problem.ts';
import { hasKey, t, type Locale } from '../../core/i18n.ts';
import { isRole, type Principal } from '../access/index.ts';
import type { TreeService } from '../tree/index.ts';
import type { CategoryInfo, ConfigSnapshot } from './config.ts';
import { routingLevels, type TimeLimit } from './domain/index.ts';
import type { CasesTables } from './tables.ts';

/** Settings an administrator may change, with the value each must hold. */
export interface CaseSettings {
  jointLetterThreshold: number;
  raisedLevel: (typeof routingLevels)[number];
  fallbackRole: string;
  fallbackStreet: string;
  defaultAffair: 'government' | 'resident';
  defaultLimits: Partial<Record<string, TimeLimit>>;
  duplicateRadiusM: number;
  duplicateWindowDays: number;
}

export const settingDefaults: CaseSettings = {
  jointLetterThreshold: 10, raisedLevel: 'community', fallbackRole: 'streetStaff', fallbackStreet: '', defaultAffair: 'resident',
  defaultLimits: {}, duplicateRadiusM: 100, duplicateWindowDays: 7,
};

/** Step names a limit may name: the whole case, or a status a step enters. */
export const limitSteps = ['case', 'accepted', 'verified', 'dispatched', 'handled', 'reportedBack', 'checked', 'returned', 'reopened'] as const;

export type ConfigChange =
  | { subject: 'category'; key: string; before: CategoryInfo | null; after: CategoryInfo }
  | { subject: 'settings'; before: Partial<CaseSettings>; after: Partial<CaseSettings> };

/** A category as an administrator sends it: names may be left out where the locale files have them. */
export type CategoryInput = Omit<CategoryInfo, 'zh' | 'en'> & { zh?: string; en?: string };

const nameLocales: { field: 'zh' | 'en'; locale: Locale }[] = [{ field: 'zh', locale: 'zh-CN' }, { field: 'en', locale: 'en' }];

/**
 * The category with both names: as given, else from the locale files (the built-in categories). A new code
 * has no locale entry, so its names are required, and the problem says which one is missing (0141).
 */
export function withNames(c: CategoryInput): CategoryInfo {
  const names = { zh: c.zh, en: c.en };
  for (const { field, locale } of nameLocales) {
    if (names[field]) continue;
    const key = `cases.category.${c.code}`;
    if (!hasKey(locale, key)) throw new Problem(422, 'cases.settings.nameRequired', { code: c.code, field, locale });
    names[field] = t(locale, key);
  }
  return { ...c, zh: names.zh!, en: names.en! };
}

/** Checks what the schema cannot: roles exist, fixed units exist and fit their kind, reminders come before the limit. */
export async function checkCategory(tree: TreeService, c: CategoryInfo): Promise<void> {
  if (!Object.keys(c.levels).length) throw new Problem(422, 'cases.settings.noLevel', { code: c.code });
  for (const [level, spec] of Object.entries(c.levels)) {
    if (!spec) continue;
    if (!isRole(spec.role)) throw new Problem(422, 'cases.settings.unknownRole', { role: spec.role, level });
    if (spec.unitCode) {
      const unit = await tree.repo.byCode(spec.unitCode);
      if (!unit) throw new Problem(422, 'cases.settings.unknownUnit', { code: spec.unitCode, level });
    }
  }
  checkLimits(c.limits);
}

export function checkLimits(limits: Partial<Record<string, TimeLimit>>): void {
  for (const [step, limit] of Object.entries(limits)) {
    if (!limit) continue;
    const hours = limit.unit === 'workingDays' ? limit.amount * 8 : limit.amount;
    if (limit.remindBefore !== undefined && limit.remindBefore >= hours) {
      throw new Problem(422, 'cases.settings.reminderTooLate', { step, remindBefore: limit.remindBefore, hours });
    }
  }
}

export async function checkSettings(tree: TreeService, s: Partial<CaseSettings>): Promise<void> {
  if (s.fallbackRole !== undefined && !isRole(s.fallbackRole)) throw new Problem(422, 'cases.settings.unknownRole', { role: s.fallbackRole, level: 'street' });
  if (s.fallbackStreet) {
    const unit = await tree.repo.byCode(s.fallbackStreet);
    if (!unit || unit.kind !== 'street') throw new Problem(422, 'cases.settings.notAStreet', { code: s.fallbackStreet });
  }
  if (s.defaultLimits) checkLimits(s.defaultLimits);
}

/**
 * Writes a new configuration version (a full snapshot, who and what) and mirrors it into the
 * `case_categories` / `case_settings` tables. `baseVersion`, when given, must still be the latest:
 * two administrators editing at once do not overwrite each other silently.
 */
export async function saveVersion(
  db: Kysely<CasesTables>,
  principal: Principal,
  baseVersion: number | undefined,
  change: (snapshot: ConfigSnapshot) => { snapshot: ConfigSnapshot; change: ConfigChange },
): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const latest = await trx.selectFrom('case_config_versions').select(['version', 'config']).orderBy('version', 'desc').limit(1).forUpdate().executeTakeFirstOrThrow();
      if (baseVersion !== undefined && baseVersion !== latest.version) throw new Problem(409, 'cases.settings.stale', { baseVersion, version: latest.version });
      const next = change(latest.config as ConfigSnapshot);
      const version = latest.version + 1;
      await trx.insertInto('case_config_versions').values({
        version, config: JSON.stringify(next.snapshot), changed_by: principal.accountId, changed_by_name: principal.displayName, change: JSON.stringify(next.change),
      }).execute();
      if (next.change.subject === 'category') {
        const c = next.change.after;
        const values = { zh: c.zh, en: c.en, affair: c.affair, levels: JSON.stringify(c.levels), limits: JSON.stringify(c.limits), sort: c.sort };
        await trx.insertInto('case_categories').values({ code: c.code, ...values }).onConflict((oc) => oc.column('code').doUpdateSet(values)).execute();
      } else {
        for (const [key, value] of Object.entries(next.change.after)) {
          await trx.insertInto('case_settings').values({ key, value: JSON.stringify(value) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) })).execute();
        }
      }
      return version;
    });
  } catch (error) {
    // Two saves from the same base: the loser's version number is taken.
    if (isUniqueViolation(error)) throw new Problem(409, 'cases.settings.stale', { baseVersion: baseVersion ?? 0, version: 0 });
    throw error;
  }
}

/** The settings of a snapshot with their defaults filled in. */
export function settingsOf(snapshot: ConfigSnapshot): CaseSettings {
  return { ...settingDefaults, ...(snapshot.settings as Partial<CaseSettings>) };
}

import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Problem } from '../../core/http/problem.ts';
import { can, requireCapability, requirePrincipal } from '../access/index.ts';
import type { TreeService } from '../tree/index.ts';
import { sortedCategories, type ConfigSnapshot } from './config.ts';
import { routingLevels } from './domain/index.ts';
import { isCaseStaff } from './policy.ts';
import type { CasesService } from './service.ts';
import { checkCategory, checkSettings, limitSteps, saveVersion, settingsOf, withNames, type CaseSettings, type CategoryInput } from './settings.ts';

const unitKinds = ['microGrid', 'grid', 'community', 'propertyCompany', 'street', 'countyDepartment'] as const;
const literals = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const TimeLimitT = Type.Object({
  amount: Type.Integer({ minimum: 1, maximum: 365 }),
  unit: literals(['workingHours', 'workingDays']),
  remindBefore: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, description: 'Working hours before the due time' })),
}, { additionalProperties: false });
const LimitsT = Type.Object(Object.fromEntries(limitSteps.map((s) => [s, Type.Optional(TimeLimitT)])), { additionalProperties: false });
const HandlerT = Type.Object({
  role: Type.String({ minLength: 1, maxLength: 40 }),
  unitKind: literals(unitKinds),
  unitCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A fixed unit, such as a county department (城建办)' })),
}, { additionalProperties: false });
const LevelsT = Type.Object(Object.fromEntries(routingLevels.map((l) => [l, Type.Optional(HandlerT)])), { additionalProperties: false });
const CategoryBody = Type.Object({
  zh: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'Name in Chinese; required for a code without a name in the locale files' })),
  en: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Name in English; required for a code without a name in the locale files' })),
  affair: literals(['government', 'resident']),
  levels: LevelsT,
  limits: LimitsT,
  sort: Type.Integer({ minimum: 0, maximum: 1000, default: 100 }),
  baseVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'The version edited; 409 when another change came first' })),
}, { additionalProperties: false });
const SettingsBody = Type.Object({
  jointLetterThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Households; 0 turns raising off' })),
  raisedLevel: Type.Optional(literals(routingLevels)),
  fallbackRole: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  fallbackStreet: Type.Optional(Type.String({ maxLength: 64, description: 'A street code, or empty for the first street' })),
  defaultAffair: Type.Optional(literals(['government', 'resident'])),
  defaultLimits: Type.Optional(LimitsT),
  duplicateRadiusM: Type.Optional(Type.Integer({ minimum: 10, maximum: 5000 })),
  duplicateWindowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  baseVersion: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false });

/**
 * The routing matrix, time limits and thresholds as an administrator edits them (0137): read by staff,
 * changed by `settings.manage`; each change is a new version with who and what, applied to new cases.
 */
export function settingsRoutes(service: CasesService, tree: TreeService) {
  const present = async (version?: number) => {
    const row = await service.db.selectFrom('case_config_versions').selectAll()
      .where('version', '=', version ?? service.db.selectFrom('case_config_versions').select((eb) => eb.fn.max('version').as('v')))
      .executeTakeFirstOrThrow();
    const snapshot = row.config as ConfigSnapshot;
    return {
      version: row.version, changedAt: new Date(row.changed_at).toISOString(), changedBy: row.changed_by_name,
      categories: sortedCategories(snapshot.categories),
      settings: settingsOf(snapshot),
    };
  };

  return async (app: FastifyInstance) => {
    app.get('/api/cases/settings', {
      schema: { tags: ['cases'], summary: 'The categories (routing matrix, time limits) and settings in force, with their version' },
    }, async (request) => {
      const principal = requirePrincipal(request);
      if (!isCaseStaff(principal) && !can(principal, 'settings.manage')) throw new Problem(403, 'common.problem.forbidden');
      return present();
    });

    app.get('/api/cases/settings/versions', {
      schema: {
        tags: ['cases'], summary: 'Every change to the case configuration: who changed what, and when',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
      },
    }, async (request) => {
      requireCapability(request, 'settings.manage');
      const { limit } = request.query as { limit: number };
      const rows = await service.db.selectFrom('case_config_versions').select(['version', 'changed_at', 'changed_by', 'changed_by_name', 'change'])
        .orderBy('version', 'desc').limit(limit).execute();
      return { items: rows.map((r) => ({ version: r.version, changedAt: new Date(r.changed_at).toISOString(), changedBy: r.changed_by_name, accountId: r.changed_by, change: r.change })) };
    });

    app.put('/api/cases/categories/:code', {
      schema: {
        tags: ['cases'], summary: 'Add or change a category: its names (zh, en), routing (category × level → first handler), 政务/居务 and time limits',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z][A-Za-z0-9]{1,39}$' }) }), body: CategoryBody,
      },
    }, async (request) => {
      const principal = requireCapability(request, 'settings.manage');
      const { code } = request.params as { code: string };
      const { baseVersion, ...body } = request.body as Omit<CategoryInput, 'code'> & { baseVersion?: number };
      const category = withNames({ code, ...body });
      await checkCategory(tree, category);
      const version = await saveVersion(service.db, principal, baseVersion, (snapshot) => {
        const before = snapshot.categories.find((c) => c.code === code) ?? null;
        return {
          snapshot: { ...snapshot, categories: [...snapshot.categories.filter((c) => c.code !== code), category] },
          change: { subject: 'category', key: code, before, after: category },
        };
      });
      service.configChanged();
      return present(version);
    });

    app.patch('/api/cases/settings', {
      schema: { tags: ['cases'], summary: 'Change settings: joint-letter threshold, raised level, catch-all street, default limits, duplicate radius and window', body: SettingsBody },
    }, async (request) => {
      const principal = requireCapability(request, 'settings.manage');
      const { baseVersion, ...changes } = request.body as Partial<CaseSettings> & { baseVersion?: number };
      if (!Object.keys(changes).length) throw new Problem(422, 'cases.settings.nothingToChange');
      await checkSettings(tree, changes);
      const version = await saveVersion(service.db, principal, baseVersion, (snapshot) => {
        const current = settingsOf(snapshot);
        const before = Object.fromEntries(Object.keys(changes).map((k) => [k, current[k as keyof CaseSettings]])) as Partial<CaseSettings>;
        return { snapshot: { ...snapshot, settings: { ...snapshot.settings, ...changes } }, change: { subject: 'settings', before, after: changes } };
      });
      service.configChanged();
      return present(version);
    });

    app.post('/api/cases/facts/rebuild', {
      schema: { tags: ['cases'], summary: 'Rebuild the indicator facts of every case from its event history' },
    }, async (request) => {
      requireCapability(request, 'settings.manage');
      return { cases: await service.rebuildFacts(false) };
    });
  };
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Problem } from '../../core/http/problem.ts';
import { can, requireCapability, requirePrincipal, scopesFor, within, type AuditWriter } from '../access/index.ts';
import type { TreeService } from '../tree/index.ts';
import { rosterTemplateXlsx } from './import/index.ts';
import type { RosterService } from './service.ts';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ResidentQuery = Type.Object({
  under: Type.Optional(Type.String({ maxLength: 80, description: 'Code of a unit, building or household to narrow to' })),
  q: Type.Optional(Type.String({ maxLength: 40, description: 'A name (part of it), a full ID number, or a phone number' })),
  tag: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
  unmask: Type.Boolean({ default: false, description: 'Show full ID numbers and phones; allowed to some roles, always audited' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('departed'), Type.Literal('all')], { default: 'active', description: 'On the roster (default), left it (迁出, 死亡注销), or both' }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
type ResidentQueryT = { under?: string; q?: string; tag?: string[]; unmask: boolean; status: 'active' | 'departed' | 'all'; limit: number; offset: number };

export function rosterRoutes(roster: RosterService, tree: TreeService, audit: AuditWriter) {
  /** A code of a unit, building or household → its path, refused outside the caller's scopes. */
  async function resolveUnder(code: string, scopes: string[]): Promise<string> {
    const path = (await tree.repo.byCode(code))?.path ?? (await roster.repo.buildingByCode(code))?.path ?? (await roster.repo.householdByCode(code))?.path;
    if (!path) throw new Problem(404, 'tree.unitNotFound', { code });
    // The caller may name an ancestor of their scope (their community while they hold one grid): the scope still filters.
    if (!scopes.some((s) => within(path, s) || within(s, path))) throw new Problem(403, 'common.problem.outsideScope');
    return path;
  }

  async function query(request: FastifyRequest, q: ResidentQueryT, limit: number, offset: number) {
    const principal = requireCapability(request, 'roster.read');
    const scopes = scopesFor(principal, 'roster.read');
    const under = q.under ? await resolveUnder(q.under, scopes) : undefined;
    const result = await roster.findResidents(scopes, { ...(under ? { under } : {}), ...(q.q ? { q: q.q } : {}), ...(q.tag ? { tags: q.tag } : {}), status: q.status, limit, offset });
    if (q.unmask) {
      const refused = result.rows.find((r) => !can(principal, 'roster.unmask', r.path));
      if (refused || !can(principal, 'roster.unmask')) throw new Problem(403, 'roster.unmaskForbidden');
    }
    return { principal, result, under };
  }

  return async (app: FastifyInstance) => {
    for (const type of [xlsxType, 'text/csv', 'application/octet-stream', 'application/vnd.ms-excel']) {
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 64 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    }

    app.get('/api/tags', { schema: { tags: ['roster'], summary: 'Configured resident tags' } }, async (request) => {
      requirePrincipal(request);
      return { items: await roster.repo.tags() };
    });

    app.put('/api/tags/:code', {
      schema: {
        tags: ['roster'],
        summary: 'Add or rename a resident tag (county centre or administrator)',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z][A-Za-z0-9]{1,39}$' }) }),
        body: Type.Object({ zh: Type.String({ minLength: 1, maxLength: 20 }), en: Type.String({ minLength: 1, maxLength: 40 }), sort: Type.Integer({ minimum: 0, maximum: 1000, default: 100 }) }),
      },
    }, async (request) => {
      const principal = requireCapability(request, 'settings.manage');
      const { code } = request.params as { code: string };
      const body = request.body as { zh: string; en: string; sort: number };
      await roster.repo.upsertTags([{ code, ...body }]);
      await audit(principal, { action: 'settings.tag', subjectType: 'tag', subjectId: code, detail: body, ip: request.ip });
      return { code, ...body };
    });

    app.get('/api/residents', {
      schema: { tags: ['roster'], summary: 'Search the roster of the caller’s part of the tree (masked by default)', querystring: ResidentQuery },
    }, async (request) => {
      const q = request.query as ResidentQueryT;
      const { principal, result, under } = await query(request, q, q.limit, q.offset);
      if (q.unmask && result.rows.length > 0) {
        await audit(principal, {
          action: 'roster.unmask', subjectType: 'resident', scopePath: under ?? scopesFor(principal, 'roster.read')[0]!,
          detail: { count: result.rows.length, residentIds: result.rows.map((r) => r.id), query: { q: q.q ?? null, tag: q.tag ?? null } }, ip: request.ip,
        });
      }
      return { total: result.total, limit: q.limit, offset: q.offset, items: result.rows.map((r) => roster.present(r, q.unmask)) };
    });

    app.get('/api/roster/export.xlsx', {
      schema: { tags: ['roster'], summary: 'Export the active roster (same layout as the import) to .xlsx; audited', querystring: Type.Omit(ResidentQuery, ['limit', 'offset', 'status']) },
    }, async (request, reply) => {
      // The export is the roster as it stands, in the import's layout (which has no status): it imports back.
      const q = { ...(request.query as ResidentQueryT), status: 'active' as const };
      if (!can(requirePrincipal(request), 'roster.export')) throw new Problem(403, 'common.problem.forbidden');
      const { principal, result, under } = await query(request, q, 200_000, 0);
      await audit(principal, {
        action: 'roster.export', subjectType: 'roster', scopePath: under ?? scopesFor(principal, 'roster.read')[0]!,
        detail: { count: result.rows.length, unmasked: q.unmask, query: { under: q.under ?? null, q: q.q ?? null, tag: q.tag ?? null } }, ip: request.ip,
      });
      const file = await roster.exportXlsx(result.rows, q.unmask, request.locale);
      return reply
        .type(xlsxType)
        .header('content-disposition', `attachment; filename="roster.xlsx"; filename*=UTF-8''${encodeURIComponent('台账.xlsx')}`)
        .send(file);
    });

    app.get('/api/roster/template.xlsx', { schema: { tags: ['roster'], summary: 'An empty roster template with one example row' } }, async (request, reply) => {
      requirePrincipal(request);
      return reply.type(xlsxType).header('content-disposition', 'attachment; filename="roster-template.xlsx"').send(await rosterTemplateXlsx(request.locale));
    });

    app.post('/api/roster/import', {
      schema: {
        tags: ['roster'],
        summary: 'Import a roster (.xlsx or .csv; body is the file) — all or nothing, with a row-by-row report',
        querystring: Type.Object({ fileName: Type.String({ minLength: 1, maxLength: 200 }) }),
      },
    }, async (request, reply) => {
      const principal = requireCapability(request, 'roster.import');
      if (!Buffer.isBuffer(request.body)) throw new Problem(415, 'roster.importBody');
      const scopes = scopesFor(principal, 'roster.import');
      const result = await roster.importFile(new Uint8Array(request.body), (request.query as { fileName: string }).fileName, scopes, request.locale);
      if (!result.ok) throw new Problem(422, 'roster.importRejected', { count: result.issues.length }, { issues: result.issues });
      await audit(principal, { action: 'roster.import', subjectType: 'roster', scopePath: scopes[0]!, detail: { households: result.households, residents: result.residents }, ip: request.ip });
      return reply.status(201).send(result);
    });

    app.get('/api/units/:code/buildings', {
      schema: { tags: ['roster'], summary: 'Buildings of a micro-grid', params: Type.Object({ code: Type.String({ maxLength: 64 }) }) },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const unit = await tree.repo.byCode((request.params as { code: string }).code);
      if (!unit) throw new Problem(404, 'tree.unitNotFound', { code: (request.params as { code: string }).code });
      if (!can(principal, 'tree.read', unit.path) && !can(principal, 'roster.read', unit.path)) throw new Problem(403, 'common.problem.outsideScope');
      const rows = await roster.repo.buildingsOfUnit(unit.id);
      return { items: rows.map((b) => ({ ...b, households: Number(b.households) })) };
    });

    app.get('/api/units/:code/stats', {
      schema: {
        tags: ['roster'],
        summary: 'Households, residents, age groups and tags under a unit (only the caller’s part of it)',
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
      },
    }, async (request) => {
      const principal = requireCapability(request, 'roster.read');
      const unit = await tree.repo.byCode((request.params as { code: string }).code);
      if (!unit) throw new Problem(404, 'tree.unitNotFound', { code: (request.params as { code: string }).code });
      const scopes = scopesFor(principal, 'roster.read');
      // The whole unit when it lies in a scope; else the caller's scopes inside it (a community seen by its grid worker).
      const prefixes = scopes.some((s) => within(unit.path, s)) ? [unit.path] : scopes.filter((s) => within(s, unit.path));
      if (prefixes.length === 0) throw new Problem(403, 'common.problem.outsideScope');
      const stats = await roster.repo.stats(prefixes, new Date().toISOString().slice(0, 10));
      return { code: unit.code, name: unit.name, partial: prefixes[0] !== unit.path, ...stats };
    });

    app.get('/api/buildings/:code/households', {
      schema: { tags: ['roster'], summary: 'Households of a building', params: Type.Object({ code: Type.String({ maxLength: 64 }) }) },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const building = await roster.repo.buildingByCode((request.params as { code: string }).code);
      if (!building) throw new Problem(404, 'roster.buildingNotFound', { code: (request.params as { code: string }).code });
      if (!can(principal, 'roster.read', building.path)) throw new Problem(403, 'common.problem.outsideScope');
      const rows = await roster.repo.householdsOfBuilding(building.id);
      return {
        building: { code: building.code, name: building.name, estate: building.estate, lng: building.lng, lat: building.lat },
        items: rows.map((h) => ({ ...h, floor_area_centi: h.floor_area_centi == null ? null : Number(h.floor_area_centi), residents: Number(h.residents) })),
      };
    });
  };
}

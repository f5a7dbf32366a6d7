import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Problem } from '../../core/http/problem.ts';
import { maskPhone } from '../../core/identity/mask.ts';
import { canSeeNode, requireCapability, requirePrincipal, scopesFor, within } from '../access/index.ts';
import { crsList, GeoError, type Crs } from '../geo/index.ts';
import { importGeoJson } from './import-geojson.ts';
import type { TreeService } from './service.ts';
import type { UnitRow } from './repository.ts';

const Unit = Type.Object({
  id: Type.String(),
  code: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  path: Type.String(),
  childCount: Type.Optional(Type.Number()),
});

const shape = (u: UnitRow & { childCount?: number }) => ({ id: u.id, code: u.code, kind: u.kind, name: u.name, path: u.path, ...(u.childCount !== undefined ? { childCount: Number(u.childCount) } : {}) });

export function treeRoutes(tree: TreeService) {
  return async (app: FastifyInstance) => {
    app.get('/api/tree/roots', {
      schema: { tags: ['tree'], summary: 'The top nodes of the caller’s part of the tree', response: { 200: Type.Object({ items: Type.Array(Unit) }) } },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const paths = [...new Set([...scopesFor(principal, 'tree.read'), ...scopesFor(principal, 'roster.read')])];
      const units = await tree.repo.byPaths(paths);
      return { items: units.map(shape) };
    });

    app.get('/api/tree/units/:code', {
      schema: {
        tags: ['tree'],
        summary: 'A unit with its ancestors and children',
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
      },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const unit = await tree.repo.byCode((request.params as { code: string }).code);
      if (!unit) throw new Problem(404, 'tree.unitNotFound', { code: (request.params as { code: string }).code });
      if (!canSeeNode(principal, unit.path)) throw new Problem(403, 'common.problem.outsideScope');
      const ancestors = await tree.repo.byPaths(ancestorPaths(unit.path));
      const children = (await tree.repo.children(unit.id)).filter((c) => canSeeNode(principal, c.path));
      const team = await tree.repo.team(unit.id);
      return {
        ...shape(unit),
        ancestors: ancestors.filter((a) => a.id !== unit.id).map(shape),
        children: children.map(shape),
        team: team.map((m) => ({ role: m.role, name: m.name, phone: m.phone ? maskPhone(m.phone) : null, buildingCode: m.building_code })),
      };
    });

    app.get('/api/tree/map', {
      schema: {
        tags: ['tree'],
        summary: 'Grids and micro-grids of the caller’s part of the tree as GeoJSON',
        querystring: Type.Object({ within: Type.Optional(Type.String({ maxLength: 64 })) }),
      },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const scopes = [...new Set([...scopesFor(principal, 'tree.read'), ...scopesFor(principal, 'roster.read')])];
      const q = request.query as { within?: string };
      let roots = scopes;
      if (q.within) {
        const unit = await tree.repo.byCode(q.within);
        if (!unit) throw new Problem(404, 'tree.unitNotFound', { code: q.within });
        if (!scopes.some((s) => within(unit.path, s))) throw new Problem(403, 'common.problem.outsideScope');
        roots = [unit.path];
      }
      const rows = (await Promise.all(roots.map((r) => tree.repo.withPolygons(['community', 'grid', 'microGrid'], r)))).flat();
      return {
        type: 'FeatureCollection',
        features: rows.map((u) => ({
          type: 'Feature',
          id: u.code,
          properties: { code: u.code, kind: u.kind, name: u.name, path: u.path },
          geometry: u.polygon,
        })),
      };
    });

    app.get('/api/locate', {
      schema: {
        tags: ['tree'],
        summary: 'Which micro-grid, grid, community, street and county a point lies in',
        description: 'Coordinates in WGS-84 (phones, wristbands), GCJ-02 (Amap, Tencent) or BD-09 (Baidu). Rules for borders, overlaps and points outside every grid: docs/locate.md.',
        querystring: Type.Object({
          lng: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          crs: Type.Union(crsList.map((c) => Type.Literal(c)), { default: 'wgs84' }),
        }),
      },
    }, async (request) => {
      requirePrincipal(request);
      const q = request.query as { lng: number; lat: number; crs: Crs };
      try {
        const located = await tree.locate(q.lng, q.lat, q.crs);
        return {
          status: located.status,
          grid: located.grid,
          microGrid: located.microGrid,
          nearestGrid: located.nearestGrid ?? null,
          chain: located.chain,
        };
      } catch (error) {
        if (error instanceof GeoError) throw new Problem(400, error.code, error.params);
        throw error;
      }
    });

    app.post('/api/tree/import', {
      schema: {
        tags: ['tree'],
        summary: 'Import units, grids and micro-grids from GeoJSON (all or nothing)',
        description: 'Each feature has properties code, kind (province … microGrid), name, parentCode. Any problem imports nothing and returns 422 with every problem by feature.',
        querystring: Type.Object({ crs: Type.Optional(Type.String()) }),
        body: Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(Type.Unknown()) }),
      },
    }, async (request, reply) => {
      const principal = requireCapability(request, 'tree.edit');
      const result = await importGeoJson(tree.repo.db, request.body, {
        locale: request.locale,
        ...((request.query as { crs?: string }).crs ? { crs: (request.query as { crs: string }).crs } : {}),
        onApplied: () => tree.refreshIndex(true),
        allowedScopes: scopesFor(principal, 'tree.edit'),
      });
      if (!result.ok) {
        throw new Problem(422, 'tree.import.rejected', { count: result.issues.length }, { issues: result.issues });
      }
      return reply.status(201).send(result);
    });
  };
}

function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

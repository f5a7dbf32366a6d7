import type { Kysely } from 'kysely';
import { findNotInsideParent, findOverlaps, isCrs, toWgs84, validatePolygon, type AnyPolygonCoords, type Crs } from '../geo/index.ts';
import { t, type Locale, type Params } from '../../core/i18n.ts';
import { TreeRepository } from './repository.ts';
import { childKind, childPath, codeFitsParent, depthOf } from './paths.ts';
import { unitKinds, type TreeTables, type UnitKind } from './tables.ts';

export interface FeatureIssue {
  /** 1-based position of the feature in the file. */
  feature: number;
  code: string | null;
  field: string;
  issue: string;
  params: Params;
  message: string;
}

export interface GeoJsonImportResult {
  ok: boolean;
  created: number;
  updated: number;
  issues: FeatureIssue[];
}

interface Incoming {
  feature: number;
  code: string;
  kind: UnitKind;
  name: string;
  parentCode: string | null;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: AnyPolygonCoords } | null;
}

/**
 * Slivers smaller than this between neighbours, or beyond a parent's edge, are boundary noise (vertices
 * rounded to 1e-7°, i.e. 1 cm, shift a 300 m edge by up to 3 m²), not real overlaps.
 */
export const importSliverToleranceM2 = 5;

function convert(coords: unknown, crs: Crs): unknown {
  if (!Array.isArray(coords)) return coords;
  if (coords.length >= 2 && typeof coords[0] === 'number' && typeof coords[1] === 'number') {
    const [lng, lat] = toWgs84(coords[0], coords[1], crs);
    return [Math.round(lng * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
  }
  return coords.map((c) => convert(c, crs));
}

/**
 * Imports administrative units, grids and micro-grids from a GeoJSON FeatureCollection. All or nothing:
 * any problem in any feature imports nothing and returns every problem, feature by feature.
 */
export async function importGeoJson(
  db: Kysely<TreeTables>,
  input: unknown,
  options: { crs?: string; locale: Locale; onApplied?: () => Promise<void>; allowedScopes?: string[] },
): Promise<GeoJsonImportResult> {
  const repo = new TreeRepository(db);
  const issues: FeatureIssue[] = [];
  const add = (feature: number, code: string | null, field: string, issue: string, params: Params = {}) =>
    issues.push({ feature, code, field, issue, params, message: t(options.locale, issue, params) });

  const crs = options.crs ?? 'wgs84';
  if (!isCrs(crs)) {
    add(0, null, 'crs', 'geo.unknownCrs', { crs });
    return { ok: false, created: 0, updated: 0, issues };
  }
  const collection = input as { type?: unknown; features?: unknown };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    add(0, null, 'type', 'tree.import.notFeatureCollection');
    return { ok: false, created: 0, updated: 0, issues };
  }

  const incoming: Incoming[] = [];
  const seen = new Map<string, number>();
  collection.features.forEach((raw: unknown, i: number) => {
    const n = i + 1;
    const f = raw as { properties?: Record<string, unknown>; geometry?: { type?: string; coordinates?: unknown } | null };
    const p = f?.properties ?? {};
    const code = typeof p.code === 'string' ? p.code.trim() : typeof p.code === 'number' ? String(p.code) : '';
    const kind = p.kind as UnitKind;
    const name = typeof p.name === 'string' ? p.name.trim() : '';
    const parentCode = p.parentCode == null || p.parentCode === '' ? null : String(p.parentCode).trim();
    if (!code) return add(n, null, 'properties.code', 'tree.import.missingCode');
    if (!unitKinds.includes(kind)) return add(n, code, 'properties.kind', 'tree.import.badKind', { kind: String(p.kind ?? ''), kinds: unitKinds.join(', ') });
    if (!name) add(n, code, 'properties.name', 'tree.import.missingName');
    if (seen.has(code)) add(n, code, 'properties.code', 'geo.duplicateCode', { code, first: seen.get(code)! });
    else seen.set(code, n);
    if (!codeFitsParent(kind, code, parentCode)) add(n, code, 'properties.code', 'tree.import.badCode', { code, kind: t(options.locale, `tree.kind.${kind}`), parentCode: parentCode ?? '' });
    let geometry: Incoming['geometry'] = null;
    if (f.geometry) {
      if (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon') {
        add(n, code, 'geometry.type', 'tree.import.badGeometryType', { type: String(f.geometry.type) });
      } else {
        const found = validatePolygon(f.geometry.coordinates);
        for (const g of found) add(n, code, 'geometry', g.code, g.params);
        if (found.length === 0) geometry = { type: f.geometry.type, coordinates: convert(f.geometry.coordinates, crs) as AnyPolygonCoords };
      }
    } else if (kind === 'grid' || kind === 'microGrid') {
      add(n, code, 'geometry', 'tree.import.polygonRequired');
    }
    incoming.push({ feature: n, code, kind, name, parentCode, geometry });
  });

  // Parents: in this file or already in the database; and of the right kind.
  const inFile = new Map(incoming.map((u) => [u.code, u]));
  const stored = new Map((await repo.byCodes([...new Set(incoming.map((u) => u.parentCode).filter((c): c is string => !!c))])).map((u) => [u.code, u]));
  for (const u of incoming) {
    if (u.parentCode === null) {
      if (u.kind !== 'province') add(u.feature, u.code, 'properties.parentCode', 'tree.import.parentRequired');
      continue;
    }
    const parentKind = inFile.get(u.parentCode)?.kind ?? stored.get(u.parentCode)?.kind;
    if (!parentKind) add(u.feature, u.code, 'properties.parentCode', 'tree.import.unknownParent', { parentCode: u.parentCode });
    else if (childKind(parentKind) !== u.kind) {
      add(u.feature, u.code, 'properties.kind', 'tree.import.wrongLevel', {
        kind: t(options.locale, `tree.kind.${u.kind}`), parentKind: t(options.locale, `tree.kind.${parentKind}`),
      });
    }
  }

  // A code already in the tree keeps its place: moving it would change the paths of all below it.
  const already = await repo.byCodes(incoming.map((u) => u.code));
  const parentCodeById = new Map((await repo.byCodes([...new Set(incoming.map((u) => u.parentCode).filter((c): c is string => !!c))])).map((p) => [p.id, p.code]));
  for (const existing of already) {
    const u = inFile.get(existing.code)!;
    const currentParent = existing.parentId ? parentCodeById.get(existing.parentId) ?? null : null;
    if (existing.parentId !== null && currentParent !== u.parentCode) {
      add(u.feature, u.code, 'properties.parentCode', 'tree.import.cannotMove', { code: u.code });
    }
  }

  // Siblings must not overlap; micro-grids must lie inside their grid.
  const shaped = incoming.filter((u) => u.geometry && (u.kind === 'grid' || u.kind === 'microGrid'));
  const storedParents = await repo.withPolygons(['grid', 'community']);
  const storedByCode = new Map(storedParents.map((s) => [s.code, s]));
  const bySiblings = new Map<string, Incoming[]>();
  for (const u of shaped) bySiblings.set(`${u.kind}:${u.parentCode}`, [...(bySiblings.get(`${u.kind}:${u.parentCode}`) ?? []), u]);
  for (const group of bySiblings.values()) {
    for (const pair of findOverlaps(group.map((u) => ({ code: u.code, polygon: u.geometry!.coordinates })), { areaToleranceM2: importSliverToleranceM2 })) {
      const u = inFile.get(pair.b)!;
      add(u.feature, u.code, 'geometry', pair.issue.code, pair.issue.params);
    }
  }
  const parentShapes = shaped
    .filter((u) => u.kind === 'microGrid' && u.parentCode)
    .map((u) => {
      const parent = inFile.get(u.parentCode!)?.geometry?.coordinates ?? (storedByCode.get(u.parentCode!)?.polygon as { coordinates?: AnyPolygonCoords } | undefined)?.coordinates;
      return parent ? [{ code: u.code, parentCode: u.parentCode, polygon: u.geometry!.coordinates }, { code: u.parentCode!, parentCode: null, polygon: parent }] : [];
    })
    .flat();
  const uniqueShapes = [...new Map(parentShapes.map((s) => [s.code, s])).values()];
  for (const issue of findNotInsideParent(uniqueShapes, { areaToleranceM2: importSliverToleranceM2 })) {
    const u = inFile.get(String(issue.params.code));
    if (u) add(u.feature, u.code, 'geometry', issue.code, issue.params);
  }

  // Every unit must land inside the importer's part of the tree.
  if (options.allowedScopes) {
    const planned = new Map<string, string>([...stored.values()].map((s) => [s.code, s.path]));
    for (const u of [...incoming].sort((a, b) => depthOf(a.kind) - depthOf(b.kind))) {
      const parentPath = u.parentCode ? planned.get(u.parentCode) : null;
      if (u.parentCode && !parentPath) continue;
      const path = childPath(parentPath ?? null, u.code);
      planned.set(u.code, path);
      if (!options.allowedScopes.some((scope) => path.startsWith(scope) && path !== scope)) {
        add(u.feature, u.code, 'properties.parentCode', 'tree.import.outsideScope', { code: u.code });
      }
    }
  }

  if (issues.length > 0) {
    issues.sort((a, b) => a.feature - b.feature);
    return { ok: false, created: 0, updated: 0, issues };
  }

  let created = 0;
  let updated = 0;
  await db.transaction().execute(async (trx) => {
    const paths = new Map<string, { id: string; path: string }>();
    for (const s of stored.values()) paths.set(s.code, { id: s.id, path: s.path });
    const existing = new Set((await repo.byCodes(incoming.map((u) => u.code), trx)).map((u) => u.code));
    for (const u of [...incoming].sort((a, b) => depthOf(a.kind) - depthOf(b.kind))) {
      const parent = u.parentCode ? paths.get(u.parentCode) : null;
      const path = childPath(parent?.path ?? null, u.code);
      const { id } = await repo.insert(trx, {
        code: u.code, kind: u.kind, name: u.name, parentId: parent?.id ?? null, path, depth: depthOf(u.kind), polygon: u.geometry,
      });
      paths.set(u.code, { id, path });
      if (existing.has(u.code)) updated++;
      else created++;
    }
    await repo.bumpVersion(trx);
  });
  await options.onApplied?.();
  return { ok: true, created, updated, issues: [] };
}

import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { TreeTables, UnitKind } from './tables.ts';

export interface UnitRow {
  id: string;
  code: string;
  kind: UnitKind;
  name: string;
  parentId: string | null;
  path: string;
  depth: number;
}

export interface UnitWithPolygon extends UnitRow {
  polygon: unknown;
}

type Db = Kysely<TreeTables> | Transaction<TreeTables>;

const columns = ['id', 'code', 'kind', 'name', 'parent_id as parentId', 'path', 'depth'] as const;

export class TreeRepository {
  constructor(readonly db: Kysely<TreeTables>) {}

  byCode(code: string, db: Db = this.db): Promise<UnitRow | undefined> {
    return db.selectFrom('units').select(columns).where('code', '=', code).executeTakeFirst();
  }

  byCodes(codes: string[], db: Db = this.db): Promise<UnitRow[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return db.selectFrom('units').select(columns).where('code', 'in', codes).orderBy('depth').execute();
  }

  all(): Promise<UnitRow[]> {
    return this.db.selectFrom('units').select(columns).execute();
  }

  byPaths(paths: string[]): Promise<UnitRow[]> {
    if (paths.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('units').select(columns).where('path', 'in', paths).orderBy('depth').execute();
  }

  children(parentId: string): Promise<(UnitRow & { childCount: number })[]> {
    return this.db
      .selectFrom('units as u')
      .select(['u.id', 'u.code', 'u.kind', 'u.name', 'u.parent_id as parentId', 'u.path', 'u.depth'])
      .select((eb) => eb.selectFrom('units as c').whereRef('c.parent_id', '=', 'u.id').select((e) => e.fn.countAll<number>().as('n')).as('childCount'))
      .where('u.parent_id', '=', parentId)
      .orderBy('u.code')
      .execute() as Promise<(UnitRow & { childCount: number })[]>;
  }

  /** Units with polygons inside `scopePath` (or all), for the map and the locate index. */
  withPolygons(kinds: UnitKind[], scopePath?: string): Promise<UnitWithPolygon[]> {
    let q = this.db.selectFrom('units').select([...columns, 'polygon']).where('kind', 'in', kinds).where('polygon', 'is not', null);
    if (scopePath) q = q.where('path', 'like', `${scopePath}%`);
    return q.orderBy('code').execute();
  }

  insert(db: Db, unit: { code: string; kind: UnitKind; name: string; parentId: string | null; path: string; depth: number; polygon: unknown }) {
    return db
      .insertInto('units')
      .values({
        code: unit.code, kind: unit.kind, name: unit.name, parent_id: unit.parentId, path: unit.path, depth: unit.depth,
        polygon: unit.polygon == null ? null : JSON.stringify(unit.polygon),
      })
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        polygon: sql`coalesce(excluded.polygon, units.polygon)`,
        updated_at: sql`now()`,
      })))
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  async bumpVersion(db: Db): Promise<void> {
    await db.updateTable('tree_version').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', 1).execute();
  }

  async version(): Promise<number> {
    const row = await this.db.selectFrom('tree_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
    return Number(row.version);
  }

  team(unitId: string) {
    return this.db.selectFrom('team_members').selectAll().where('unit_id', '=', unitId).orderBy('role').orderBy('name').execute();
  }

  insertTeam(db: Db, members: Insertable<TreeTables['team_members']>[]) {
    if (members.length === 0) return Promise.resolve();
    return db.insertInto('team_members').values(members).execute().then(() => undefined);
  }

  async countByKind(scopePath: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('units')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('path', 'like', `${scopePath}%`)
      .groupBy('kind')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  }
}

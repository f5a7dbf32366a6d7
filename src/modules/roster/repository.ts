import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { RosterTables } from './tables.ts';

type Db = Kysely<RosterTables> | Transaction<RosterTables>;

export interface ResidentFilter {
  scopes: string[];
  /** Restrict to a subtree (a grid, a building, a household path) inside the scopes. */
  under?: string;
  name?: string;
  idNumberHash?: string;
  phoneHash?: string;
  tags?: string[];
  limit: number;
  offset: number;
}

export interface ResidentRow {
  id: string;
  path: string;
  name: string;
  id_number_masked: string;
  id_number_enc: string;
  phone_masked: string | null;
  phone_enc: string | null;
  birth_date: string;
  gender: 'M' | 'F';
  household_role: string;
  residency: 'local' | 'newResident';
  tags: string[];
  household_id: string;
  household_code: string;
  room: string;
  stairwell: string;
  floor_area_centi: number | null;
  building_code: string;
  building_name: string;
  estate: string;
}

/** Inserting many rows: batches keep each statement under PostgreSQL's 65,535 parameters. */
async function insertBatched<T extends keyof RosterTables>(db: Db, table: T, rows: Insertable<RosterTables[T]>[], batch: number) {
  for (let i = 0; i < rows.length; i += batch) {
    // Kysely cannot narrow a generic table name; the rows are typed by the caller.
    await db.insertInto(table).values(rows.slice(i, i + batch) as never).execute();
  }
}

export class RosterRepository {
  constructor(readonly db: Kysely<RosterTables>) {}

  async upsertTags(tags: { code: string; zh: string; en: string; sort: number }[], db: Db = this.db) {
    if (tags.length === 0) return;
    await db.insertInto('tags').values(tags)
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ zh: eb.ref('excluded.zh'), en: eb.ref('excluded.en'), sort: eb.ref('excluded.sort') })))
      .execute();
  }

  tags() {
    return this.db.selectFrom('tags').selectAll().orderBy('sort').orderBy('code').execute();
  }

  insertBuildings(db: Db, rows: Insertable<RosterTables['buildings']>[]) {
    return db.insertInto('buildings').values(rows).returning(['id', 'code', 'path']).execute();
  }

  insertStairwells(db: Db, rows: Insertable<RosterTables['stairwells']>[]) {
    return insertBatched(db, 'stairwells', rows, 2000);
  }

  /** Inserts households that do not exist yet and returns every requested one with its id. */
  async upsertHouseholds(db: Db, rows: Insertable<RosterTables['households']>[]) {
    for (let i = 0; i < rows.length; i += 2000) {
      await db.insertInto('households').values(rows.slice(i, i + 2000)).onConflict((oc) => oc.column('code').doNothing()).execute();
    }
    const out: { id: string; code: string; path: string }[] = [];
    const codes = rows.map((r) => r.code);
    for (let i = 0; i < codes.length; i += 5000) {
      out.push(...(await db.selectFrom('households').select(['id', 'code', 'path']).where('code', 'in', codes.slice(i, i + 5000)).execute()));
    }
    return out;
  }

  insertResidents(db: Db, rows: Insertable<RosterTables['residents']>[]) {
    return insertBatched(db, 'residents', rows, 1000);
  }

  buildingsUnder(paths: string[]) {
    if (paths.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('buildings as b')
      .leftJoin('stairwells as s', 's.building_id', 'b.id')
      .select(['b.id', 'b.code', 'b.path', 'b.estate', 'b.name', 'b.unit_id', 'b.lng', 'b.lat', 'b.floors'])
      .select(sql<string[]>`coalesce(array_agg(s.name ORDER BY s.name) FILTER (WHERE s.name IS NOT NULL), '{}')`.as('stairwells'))
      .where((eb) => eb.or(paths.map((p) => eb('b.path', 'like', `${p}%`))))
      .groupBy('b.id')
      .orderBy('b.code')
      .execute();
  }

  buildingsOfUnit(unitId: string) {
    return this.db
      .selectFrom('buildings as b')
      .select(['b.id', 'b.code', 'b.path', 'b.estate', 'b.name', 'b.lng', 'b.lat', 'b.floors'])
      .select((eb) => eb.selectFrom('households as h').whereRef('h.building_id', '=', 'b.id').select((e) => e.fn.countAll<number>().as('n')).as('households'))
      .where('b.unit_id', '=', unitId)
      .orderBy('b.estate').orderBy('b.code')
      .execute();
  }

  buildingByCode(code: string) {
    return this.db.selectFrom('buildings').selectAll().where('code', '=', code).executeTakeFirst();
  }

  householdsOfBuilding(buildingId: string) {
    return this.db
      .selectFrom('households as h')
      .select(['h.id', 'h.code', 'h.path', 'h.stairwell', 'h.room', 'h.floor_area_centi'])
      .select((eb) => eb.selectFrom('residents as r').whereRef('r.household_id', '=', 'h.id').select((e) => e.fn.countAll<number>().as('n')).as('residents'))
      .where('h.building_id', '=', buildingId)
      .orderBy('h.stairwell').orderBy('h.room')
      .execute();
  }

  householdByCode(code: string) {
    return this.db.selectFrom('households').selectAll().where('code', '=', code).executeTakeFirst();
  }

  private residentQuery(filter: Omit<ResidentFilter, 'limit' | 'offset'>) {
    let q = this.db
      .selectFrom('residents as r')
      .innerJoin('households as h', 'h.id', 'r.household_id')
      .innerJoin('buildings as b', 'b.id', 'h.building_id')
      .where((eb) => eb.or(filter.scopes.map((s) => eb('r.path', 'like', `${s}%`))));
    if (filter.under) q = q.where('r.path', 'like', `${filter.under}%`);
    if (filter.name) q = q.where('r.name', 'like', `%${filter.name.replace(/[%_\\]/g, '\\$&')}%`);
    if (filter.idNumberHash) q = q.where('r.id_number_hash', '=', filter.idNumberHash);
    if (filter.phoneHash) q = q.where('r.phone_hash', '=', filter.phoneHash);
    if (filter.tags && filter.tags.length > 0) q = q.where(sql<boolean>`r.tags @> ${sql.val(filter.tags)}::text[]`);
    return q;
  }

  async residents(filter: ResidentFilter): Promise<{ rows: ResidentRow[]; total: number }> {
    if (filter.scopes.length === 0) return { rows: [], total: 0 };
    const base = this.residentQuery(filter);
    const [rows, count] = await Promise.all([
      base
        .select([
          'r.id', 'r.path', 'r.name', 'r.id_number_masked', 'r.id_number_enc', 'r.phone_masked', 'r.phone_enc', 'r.birth_date',
          'r.gender', 'r.household_role', 'r.residency', 'r.tags', 'r.household_id',
          'h.code as household_code', 'h.room', 'h.stairwell', 'h.floor_area_centi',
          'b.code as building_code', 'b.name as building_name', 'b.estate',
        ])
        .orderBy('r.path').orderBy('r.household_role').orderBy('r.birth_date')
        .limit(filter.limit).offset(filter.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows as ResidentRow[], total: Number(count.n) };
  }

  async existingIdHashes(hashes: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < hashes.length; i += 5000) {
      const rows = await this.db.selectFrom('residents').select('id_number_hash').where('id_number_hash', 'in', hashes.slice(i, i + 5000)).execute();
      for (const r of rows) found.add(r.id_number_hash);
    }
    return found;
  }

  async countUnder(scope: string) {
    const row = await this.db
      .selectFrom('residents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('path', 'like', `${scope}%`)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

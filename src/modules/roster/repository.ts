import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { ResidentStatus, RosterTables } from './tables.ts';

type Db = Kysely<RosterTables> | Transaction<RosterTables>;

/** The foreign keys of households and residents, child>parent, as `lockReferenced` checks them. */
const referenceKeys = 'households>buildings residents>households';

export interface ResidentFilter {
  scopes: string[];
  /** Restrict to a subtree (a grid, a building, a household path) inside the scopes. */
  under?: string;
  name?: string;
  idNumberHash?: string;
  phoneHash?: string;
  tags?: string[];
  /** Active residents (the default), those who left (迁出, 死亡注销), or both. */
  status?: StatusFilter;
  limit: number;
  offset: number;
}

export type StatusFilter = 'active' | 'departed' | 'all';

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
  status: ResidentStatus;
  departed_on: string | null;
  household_id: string;
  household_code: string;
  room: string;
  stairwell: string;
  floor_area_centi: number | null;
  building_code: string;
  building_name: string;
  estate: string;
}

/** The columns of `ResidentRow`, read through residents r, households h, buildings b. */
export const residentColumns = [
  'r.id', 'r.path', 'r.name', 'r.id_number_masked', 'r.id_number_enc', 'r.phone_masked', 'r.phone_enc', 'r.birth_date',
  'r.gender', 'r.household_role', 'r.residency', 'r.tags', 'r.household_id', 'r.status', 'r.departed_on',
  'h.code as household_code', 'h.room', 'h.stairwell', 'h.floor_area_centi',
  'b.code as building_code', 'b.name as building_name', 'b.estate',
] as const;

/** A household an import adds, with its id made by the import (its residents need it before any answer). */
export interface NewHouseholdRow {
  id: string;
  code: string;
  building_id: string;
  stairwell: string;
  room: string;
  path: string;
  floor_area_centi: number | null;
}

/** A resident an import adds; `sealed` holds the six identity columns in COPY text form (import/sealed-text.ts). */
export interface NewResidentRow {
  household_id: string;
  path: string;
  name: string;
  sealed: string;
  birth_date: string;
  gender: 'M' | 'F';
  household_role: string;
  residency: 'local' | 'newResident';
  tags: string[];
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
    const out: { id: string; code: string; path: string; added: boolean }[] = [];
    for (let i = 0; i < rows.length; i += 20_000) {
      const chunk = rows.slice(i, i + 20_000);
      const codes = chunk.map((r) => r.code);
      const { rows: added } = await sql<{ id: string; code: string; path: string }>`INSERT INTO households (code, building_id, stairwell, room, path, floor_area_centi)
        SELECT * FROM unnest(${codes}::text[], ${chunk.map((r) => r.building_id)}::uuid[], ${chunk.map((r) => r.stairwell ?? '')}::text[],
          ${chunk.map((r) => r.room)}::text[], ${chunk.map((r) => r.path)}::text[], ${chunk.map((r) => r.floor_area_centi ?? null)}::bigint[])
        ON CONFLICT (code) DO NOTHING
        RETURNING id, code, path`.execute(db);
      for (const h of added) out.push({ ...h, added: true });
      // Only households that were there already need a second look (a new import into an existing roster).
      if (added.length < codes.length) {
        const fresh = new Set(added.map((h) => h.code));
        const existing = codes.filter((c) => !fresh.has(c));
        const { rows: stored } = await sql<{ id: string; code: string; path: string }>`
          SELECT id, code, path FROM households WHERE code = ANY(${existing}::text[])`.execute(db);
        for (const h of stored) out.push({ ...h, added: false });
      }
    }
    return out;
  }

  /**
   * The households already in these buildings: an import adds members to them instead of new households,
   * checked against their head and area.
   */
  async householdsOfBuildings(db: Db, buildingIds: string[]) {
    if (buildingIds.length === 0) return [];
    const { rows } = await sql<{ id: string; building_id: string; stairwell: string; room: string; path: string; floor_area_centi: string | null; has_head: boolean }>`
      SELECT h.id, h.building_id, h.stairwell, h.room, h.path, h.floor_area_centi,
        EXISTS (SELECT 1 FROM residents r WHERE r.household_id = h.id AND r.household_role = 'head' AND r.status = 'active') AS has_head
      FROM households h WHERE h.building_id = ANY(${buildingIds}::uuid[])`.execute(db);
    return rows;
  }

  /** Households that are known not to exist yet, with their ids (see `householdsOfBuildings`). */
  async insertNewHouseholds(db: Db, rows: NewHouseholdRow[]) {
    for (let i = 0; i < rows.length; i += 20_000) {
      const chunk = rows.slice(i, i + 20_000);
      await sql`INSERT INTO households (id, code, building_id, stairwell, room, path, floor_area_centi)
        SELECT * FROM unnest(${chunk.map((r) => r.id)}::uuid[], ${chunk.map((r) => r.code)}::text[], ${chunk.map((r) => r.building_id)}::uuid[],
          ${chunk.map((r) => r.stairwell)}::text[], ${chunk.map((r) => r.room)}::text[], ${chunk.map((r) => r.path)}::text[],
          ${chunk.map((r) => r.floor_area_centi)}::bigint[])`.execute(db);
    }
  }

  /**
   * Whether an import on this connection may write households and residents with row triggers off
   * (`session_replication_role = replica`) and check their foreign keys once at the end (`lockReferenced`):
   * only if the role may set that parameter, and only while the two tables have no triggers of their own
   * and no foreign keys but the two that check covers (decision 0146).
   */
  async mayCheckReferencesOnce(db: Db): Promise<boolean> {
    const { rows: [s] } = await sql<{ superuser: boolean; version: number; triggers: number; keys: string[] | null }>`
      SELECT current_setting('is_superuser') = 'on' AS superuser, current_setting('server_version_num')::int AS version,
        (SELECT count(*)::int FROM pg_trigger WHERE tgrelid IN ('households'::regclass, 'residents'::regclass) AND NOT tgisinternal) AS triggers,
        (SELECT array_agg(k ORDER BY k) FROM (SELECT c.conrelid::regclass::text || '>' || c.confrelid::regclass::text AS k FROM pg_constraint c
          WHERE c.contype = 'f' AND c.conrelid IN ('households'::regclass, 'residents'::regclass)) f) AS keys`.execute(db);
    if (!s || s.triggers > 0 || (s.keys ?? []).join(' ') !== referenceKeys) return false;
    if (s.superuser) return true;
    // GRANT SET ON PARAMETER exists from PostgreSQL 15.
    if (s.version < 150_000) return false;
    const { rows: [p] } = await sql<{ ok: boolean }>`SELECT has_parameter_privilege('session_replication_role', 'SET') AS ok`.execute(db);
    return p?.ok === true;
  }

  /** Row triggers (and with them the per-row foreign key checks) off or on again, for the rest of the transaction. */
  async setRowTriggers(db: Db, on: boolean) {
    await sql.raw(`SET LOCAL session_replication_role = ${on ? 'origin' : 'replica'}`).execute(db);
  }

  /**
   * Locks the households and buildings an import's rows refer to, as their foreign keys' checks would
   * (FOR KEY SHARE: a concurrent delete waits for the import, or the import sees the row gone), and counts
   * those that exist.
   */
  async lockReferenced(db: Db, householdIds: string[], buildingIds: string[]) {
    const { rows: [r] } = await sql<{ households: number; buildings: number }>`
      WITH h AS (SELECT 1 FROM households WHERE id = ANY(${householdIds}::uuid[]) FOR KEY SHARE),
        b AS (SELECT 1 FROM buildings WHERE id = ANY(${buildingIds}::uuid[]) FOR KEY SHARE)
      SELECT (SELECT count(*)::int FROM h) AS households, (SELECT count(*)::int FROM b) AS buildings`.execute(db);
    return r!;
  }

  async setHouseholdAreas(db: Db, areas: { id: string; area: number }[]) {
    if (areas.length === 0) return;
    await sql`UPDATE households h SET floor_area_centi = a.area FROM unnest(${areas.map((a) => a.id)}::uuid[], ${areas.map((a) => a.area)}::bigint[]) AS a(id, area)
      WHERE h.id = a.id`.execute(db);
  }

  /**
   * Bulk insert as one array per column (`unnest`): 17 parameters per statement instead of 17 per row,
   * which keeps both the driver and the server fast on large imports.
   */
  insertResidents(db: Db, rows: Insertable<RosterTables['residents']>[]) {
    const col = <K extends keyof Insertable<RosterTables['residents']>>(k: K) => rows.map((r) => r[k] ?? null);
    return sql`INSERT INTO residents (household_id, path, name, id_number_enc, id_number_hash, id_number_masked,
        phone_enc, phone_hash, phone_masked, birth_date, gender, household_role, residency, tags)
      SELECT h, p, n, ie, ih, im, pe, ph, pm, b, g, hr, rs, string_to_array(t, ',')
      FROM unnest(${col('household_id')}::uuid[], ${col('path')}::text[], ${col('name')}::text[], ${col('id_number_enc')}::text[],
        ${col('id_number_hash')}::text[], ${col('id_number_masked')}::text[], ${col('phone_enc')}::text[], ${col('phone_hash')}::text[],
        ${col('phone_masked')}::text[], ${col('birth_date')}::date[], ${col('gender')}::text[], ${col('household_role')}::text[],
        ${col('residency')}::text[], ${rows.map((r) => (r.tags as string[]).join(','))}::text[])
        AS t(h, p, n, ie, ih, im, pe, ph, pm, b, g, hr, rs, t)`.execute(db);
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
      .select((eb) => eb.selectFrom('residents as r').whereRef('r.household_id', '=', 'h.id').where('r.status', '=', 'active').select((e) => e.fn.countAll<number>().as('n')).as('residents'))
      .select((eb) => eb.selectFrom('residents as r').whereRef('r.household_id', '=', 'h.id').where('r.status', '=', 'active').where('r.household_role', '=', 'head').select('r.name').as('head'))
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
    const status = filter.status ?? 'active';
    if (status === 'active') q = q.where('r.status', '=', 'active');
    else if (status === 'departed') q = q.where('r.status', '<>', 'active');
    return q;
  }

  async residents(filter: ResidentFilter): Promise<{ rows: ResidentRow[]; total: number }> {
    if (filter.scopes.length === 0) return { rows: [], total: 0 };
    const base = this.residentQuery(filter);
    const [rows, count] = await Promise.all([
      base
        .select(residentColumns)
        .orderBy('r.path').orderBy('r.household_role').orderBy('r.birth_date')
        .limit(filter.limit).offset(filter.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows as ResidentRow[], total: Number(count.n) };
  }

  async existingIdHashes(hashes: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    // One array parameter per 50,000: a single round trip for most files.
    for (let i = 0; i < hashes.length; i += 50_000) {
      const { rows } = await sql<{ id_number_hash: string }>`SELECT id_number_hash FROM residents
        WHERE id_number_hash = ANY(${hashes.slice(i, i + 50_000)}::text[])`.execute(this.db);
      for (const r of rows) found.add(r.id_number_hash);
    }
    return found;
  }

  /** Households, residents and tag counts under any of `prefixes`, as of `today` for ages. */
  async stats(prefixes: string[], today: string) {
    const within = (col: string) => sql.join(prefixes.map((p) => sql`${sql.ref(col)} LIKE ${`${p}%`}`), sql` OR `);
    const { rows } = await sql<{ households: number; residents: number; aged60: number; aged80: number; new_residents: number; children: number }>`
      SELECT (SELECT count(*)::int FROM households h WHERE ${within('h.path')}) AS households,
             count(*)::int AS residents,
             count(*) FILTER (WHERE r.birth_date <= (${today}::date - interval '60 years'))::int AS aged60,
             count(*) FILTER (WHERE r.birth_date <= (${today}::date - interval '80 years'))::int AS aged80,
             count(*) FILTER (WHERE r.residency = 'newResident')::int AS new_residents,
             count(*) FILTER (WHERE r.birth_date > (${today}::date - interval '18 years'))::int AS children
      FROM residents r WHERE r.status = 'active' AND (${within('r.path')})`.execute(this.db);
    const tags = await sql<{ tag: string; n: number }>`
      SELECT tag, count(*)::int AS n FROM residents r, unnest(r.tags) AS tag WHERE r.status = 'active' AND (${within('r.path')}) GROUP BY tag ORDER BY tag`.execute(this.db);
    return { ...rows[0]!, byTag: Object.fromEntries(tags.rows.map((t) => [t.tag, t.n])) };
  }

  async countUnder(scope: string) {
    const row = await this.db
      .selectFrom('residents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('path', 'like', `${scope}%`)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

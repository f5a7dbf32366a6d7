import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import { residentColumns, type ResidentRow } from '../repository.ts';
import type { ChangedFields, RosterTables } from '../tables.ts';

type Db = Kysely<RosterTables> | Transaction<RosterTables>;


export interface LockedHousehold {
  id: string;
  code: string;
  path: string;
  stairwell: string;
  room: string;
  floor_area_centi: string | null;
  building_id: string;
  building_code: string;
  building_name: string;
  estate: string;
  lng: number | null;
  lat: number | null;
}

export interface ChangeRow {
  subjectType: 'resident' | 'household';
  subjectId: string;
  path: string;
  kind: string;
  fields: ChangedFields;
  note?: string | null;
  accountId: string | null;
  username: string | null;
}

/** The SQL of keeping the roster one change at a time (decision 0148). */
export class UpkeepRepository {
  constructor(readonly db: Kysely<RosterTables>) {}

  async resident(db: Db, id: string, lock = false): Promise<(ResidentRow & { departure_note: string | null }) | undefined> {
    let q = db.selectFrom('residents as r')
      .innerJoin('households as h', 'h.id', 'r.household_id')
      .innerJoin('buildings as b', 'b.id', 'h.building_id')
      .select(residentColumns).select('r.departure_note')
      .where('r.id', '=', id);
    if (lock) q = q.forUpdate('r');
    return (await q.executeTakeFirst()) as (ResidentRow & { departure_note: string | null }) | undefined;
  }

  /** The household, its row locked until the transaction ends: edits of its members are taken one at a time. */
  async lockHousehold(db: Db, code: string): Promise<LockedHousehold | undefined> {
    const { rows } = await sql<LockedHousehold>`
      SELECT h.id, h.code, h.path, h.stairwell, h.room, h.floor_area_centi, h.building_id, b.code AS building_code, b.name AS building_name, b.estate, b.lng, b.lat
      FROM households h JOIN buildings b ON b.id = h.building_id WHERE h.code = ${code} FOR UPDATE OF h`.execute(db);
    return rows[0];
  }

  household(db: Db, code: string) {
    return db.selectFrom('households as h').innerJoin('buildings as b', 'b.id', 'h.building_id')
      .select(['h.id', 'h.code', 'h.path', 'h.stairwell', 'h.room', 'h.floor_area_centi', 'h.created_at', 'b.code as building_code', 'b.name as building_name', 'b.estate', 'b.lng', 'b.lat'])
      .where('h.code', '=', code).executeTakeFirst();
  }

  /** Everyone who ever lived in the household, the active first. */
  async members(db: Db, householdId: string): Promise<ResidentRow[]> {
    const rows = await db.selectFrom('residents as r')
      .innerJoin('households as h', 'h.id', 'r.household_id')
      .innerJoin('buildings as b', 'b.id', 'h.building_id')
      .select(residentColumns)
      .where('r.household_id', '=', householdId)
      .orderBy(sql`r.status = 'active'`, 'desc').orderBy(sql`r.household_role = 'head'`, 'desc').orderBy('r.birth_date')
      .execute();
    return rows as ResidentRow[];
  }

  async activeHead(db: Db, householdId: string): Promise<{ id: string; name: string } | undefined> {
    return db.selectFrom('residents').select(['id', 'name'])
      .where('household_id', '=', householdId).where('household_role', '=', 'head').where('status', '=', 'active')
      .executeTakeFirst();
  }

  /** Whoever holds this ID number's blind index, in any status. */
  byIdHash(db: Db, hash: string) {
    return db.selectFrom('residents').select(['id', 'status', 'path', 'household_id']).where('id_number_hash', '=', hash).forUpdate().executeTakeFirst();
  }

  async insertResident(db: Db, row: Insertable<RosterTables['residents']>): Promise<string> {
    return (await db.insertInto('residents').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  async updateResident(db: Db, id: string, set: Updateable<RosterTables['residents']>): Promise<void> {
    await db.updateTable('residents').set({ ...set, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
  }

  stairwells(db: Db, buildingId: string): Promise<string[]> {
    return db.selectFrom('stairwells').select('name').where('building_id', '=', buildingId).orderBy('name').execute().then((rows) => rows.map((r) => r.name));
  }

  async insertHousehold(db: Db, row: Insertable<RosterTables['households']>) {
    return db.insertInto('households').values(row).returning(['id', 'code', 'path']).executeTakeFirstOrThrow();
  }

  async setArea(db: Db, householdId: string, areaCenti: number | null): Promise<void> {
    await db.updateTable('households').set({ floor_area_centi: areaCenti }).where('id', '=', householdId).execute();
  }

  async recordChange(db: Db, c: ChangeRow): Promise<void> {
    await db.insertInto('roster_changes').values({
      subject_type: c.subjectType, subject_id: c.subjectId, path: c.path, kind: c.kind,
      fields: JSON.stringify(c.fields), note: c.note ?? null, account_id: c.accountId, username: c.username,
    }).execute();
  }

  /** The history of a resident or a household, newest first. */
  changes(db: Db, subjectId: string, limit = 100) {
    return db.selectFrom('roster_changes').select(['id', 'kind', 'fields', 'note', 'username', 'at', 'subject_type'])
      .where('subject_id', '=', subjectId).orderBy('id', 'desc').limit(limit).execute();
  }
}

import type { Kysely, Transaction } from 'kysely';
import type { AnyDB } from '../../core/db/database.ts';
import type { TreeService } from '../tree/index.ts';
import type { RosterTables } from './tables.ts';

/** A household as a vote's roll needs it: where it is, its exclusive area, and who lives there. */
export interface RollHousehold {
  id: string;
  code: string;
  path: string;
  buildingCode: string;
  buildingName: string;
  stairwell: string;
  room: string;
  /** 0.01 m², null when the register has no area. */
  floorAreaCenti: number | null;
  people: { id: string; name: string; role: string }[];
}

type Executor = Kysely<AnyDB> | Transaction<AnyDB>;

/**
 * Resolves a scope code (a tree unit, a building, `building/stairwell`, or a household) to the households
 * under it, read through the caller's executor so it can run inside a transaction. Null: unknown code.
 */
export async function rollHouseholds(tree: TreeService, executor: Executor, scopeCode: string): Promise<RollHousehold[] | null> {
  const db = executor as unknown as Kysely<RosterTables>;
  let q = db
    .selectFrom('households as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['h.id', 'h.code', 'h.path', 'b.code as buildingCode', 'b.name as buildingName', 'h.stairwell', 'h.room', 'h.floor_area_centi as floorAreaCenti']);
  const [buildingCode, stairwell] = scopeCode.split('/');
  const unit = await tree.repo.byCode(scopeCode, executor as never);
  if (unit) q = q.where('h.path', 'like', `${unit.path}%`);
  else if (await db.selectFrom('buildings').select('id').where('code', '=', buildingCode!).executeTakeFirst()) {
    q = q.where('b.code', '=', buildingCode!);
    if (stairwell !== undefined) q = q.where('h.stairwell', '=', stairwell);
  } else if (await db.selectFrom('households').select('id').where('code', '=', scopeCode).executeTakeFirst()) q = q.where('h.code', '=', scopeCode);
  else return null;
  const households = await q.orderBy('h.path').execute();
  if (households.length === 0) return [];
  const people = await db
    .selectFrom('residents as r')
    .innerJoin('households as h', 'h.id', 'r.household_id')
    .select(['r.id', 'r.name', 'r.household_role as role', 'r.household_id as householdId'])
    .where('h.id', 'in', households.map((h) => h.id))
    // Who lives there now: a resident who moved away or died is on no roll (decision 0148).
    .where('r.status', '=', 'active')
    .orderBy('r.household_id').orderBy('r.id')
    .execute();
  const byHousehold = new Map<string, RollHousehold['people']>();
  for (const p of people) {
    const list = byHousehold.get(p.householdId) ?? [];
    list.push({ id: p.id, name: p.name, role: p.role });
    byHousehold.set(p.householdId, list);
  }
  return households.map((h) => ({ ...h, floorAreaCenti: h.floorAreaCenti === null ? null : Number(h.floorAreaCenti), people: byHousehold.get(h.id) ?? [] }));
}

import { sql, type Kysely, type Transaction } from 'kysely';
import { factsHistory, factsOf, sameFacts, type CaseEvent, type CaseState, type IndicatorFacts, type UnitRef } from './domain/index.ts';
import type { CasesTables } from './tables.ts';

type Db = Kysely<CasesTables> | Transaction<CasesTables>;

/** What the facts carry besides the replayed state: the case's place and channel, the responsible unit's path. */
export interface FactsPlace {
  placePath: string;
  responsiblePath: string;
  channel: string;
}

const bigintArray = (xs: number[]) => `{${xs.join(',')}}`;
const boolArray = (xs: boolean[]) => `{${xs.map((x) => (x ? 't' : 'f')).join(',')}}`;

/** The `case_facts` row of one version. */
export function factsValues(caseId: string, version: number, validFrom: number, validTo: number | null, place: FactsPlace, f: IndicatorFacts) {
  const ratings = f.ratingAt.length;
  return {
    case_id: caseId, version, valid_from: validFrom, valid_to: validTo,
    place_path: place.placePath, responsible_path: place.responsiblePath, channel: place.channel,
    category: f.category, affair: f.affair, unit_kind: f.unitKind, unit_code: f.unitCode, worker: f.worker,
    received_at: f.receivedAt, dispatched_at: f.dispatchedAt, closed_at: f.closedAt, due_at: f.dueAt,
    suspended: f.suspended, duplicate: f.duplicate, reworked: f.reworked,
    ratings, satisfied: f.ratingOk.filter(Boolean).length,
    first_rated_at: ratings ? Math.min(...f.ratingAt) : null, last_rated_at: ratings ? Math.max(...f.ratingAt) : null,
    rating_at: bigintArray(f.ratingAt), rating_ok: boolArray(f.ratingOk),
  };
}

/** The first version of a new case's facts, written with its accept event. */
export async function insertFirstFacts(trx: Transaction<CasesTables>, caseId: string, at: number, place: FactsPlace, state: CaseState): Promise<void> {
  await trx.insertInto('case_facts').values(factsValues(caseId, 1, at, null, place, factsOf(state))).execute();
}

/**
 * After an event: a new version when the facts (or the responsible unit's path) changed, the old one
 * closed at the event's instant. Runs in the event's transaction, with the case row locked.
 */
export async function advanceFacts(trx: Transaction<CasesTables>, caseId: string, at: number, place: FactsPlace, before: CaseState, after: CaseState, pathBefore: string): Promise<void> {
  const next = factsOf(after);
  if (sameFacts(factsOf(before), next) && pathBefore === place.responsiblePath) return;
  const closed = await trx.updateTable('case_facts').set({ valid_to: at }).where('case_id', '=', caseId).where('valid_to', 'is', null)
    .returning('version').executeTakeFirst();
  await trx.insertInto('case_facts').values(factsValues(caseId, (closed?.version ?? 0) + 1, at, null, place, next)).execute();
}

/**
 * Rewrites the facts of the given cases from their histories alone: the same versions the live path
 * writes. `pathOf` places a unit on the tree (the responsible path of older versions).
 */
export async function rebuildFacts(db: Kysely<CasesTables>, caseIds: string[], pathOf: (unit: UnitRef, fallback: string) => Promise<string>): Promise<number> {
  if (!caseIds.length) return 0;
  const [cases, events] = await Promise.all([
    db.selectFrom('cases').select(['id', 'place_path', 'channel', 'responsible_path']).where('id', 'in', caseIds).execute(),
    db.selectFrom('case_events').select(['case_id', 'event']).where('case_id', 'in', caseIds).orderBy('case_id').orderBy('seq').execute(),
  ]);
  const byCase = new Map<string, CaseEvent[]>();
  for (const e of events) {
    const list = byCase.get(e.case_id) ?? [];
    list.push(e.event as CaseEvent);
    byCase.set(e.case_id, list);
  }
  const rows: ReturnType<typeof factsValues>[] = [];
  for (const c of cases) {
    const versions = factsHistory(byCase.get(c.id) ?? []);
    for (const [i, v] of versions.entries()) {
      const responsiblePath = await pathOf({ kind: v.facts.unitKind as UnitRef['kind'], code: v.facts.unitCode }, c.responsible_path);
      rows.push(factsValues(c.id, i + 1, v.validFrom, versions[i + 1]?.validFrom ?? null, { placePath: c.place_path, responsiblePath, channel: c.channel }, v.facts));
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('case_facts').where('case_id', 'in', caseIds).execute();
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('case_facts').values(rows.slice(i, i + 500)).execute();
  });
  return rows.length;
}

/**
 * Cases with no facts yet (written before the facts existed), a batch at a time after `after` by id, so a
 * case that gets none (no events to replay) is not read again and the rebuild ends.
 */
export async function casesWithoutFacts(db: Db, limit: number, after: string): Promise<string[]> {
  const rows = await db.selectFrom('cases as c').select('c.id')
    .where('c.id', '>', after)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('case_facts as f').select(sql`1`.as('one')).whereRef('f.case_id', '=', 'c.id'))))
    .orderBy('c.id').limit(limit).execute();
  return rows.map((r) => r.id);
}

import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { UnitRef } from './domain/index.ts';
import type { CasesTables } from './tables.ts';

/** Who reads: the account, and the units whose inboxes it sees (unitsOf). */
export interface Reader {
  accountId: string;
  units: readonly UnitRef[];
}

// Declared here rather than in tables.ts: only this file reads or writes it (migration 0005).
type ReadsTables = {
  notification_reads: { account_id: string; notification_id: number | string; read_at: Date };
};
type Db = Kysely<CasesTables & ReadsTables>;
const withReads = (db: Kysely<CasesTables>): Db => db.withTables<ReadsTables>();

/** Notices addressed to the reader or to one of its units. */
function visibleTo(eb: ExpressionBuilder<CasesTables & ReadsTables & { n: CasesTables['notifications'] }, 'n'>, reader: Reader) {
  return eb.or([
    eb('n.account_id', '=', reader.accountId),
    ...reader.units.map((u) => eb.and([eb('n.unit_kind', '=', u.kind), eb('n.unit_code', '=', u.code)])),
  ]);
}

/** The newest notices the reader sees, each with whether this account has read it and its case's number. */
export async function notificationsFor(db: Kysely<CasesTables>, reader: Reader, options: { unreadOnly: boolean; limit: number }) {
  let q = withReads(db).selectFrom('notifications as n')
    .leftJoin('notification_reads as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.account_id', '=', reader.accountId))
    .leftJoin('cases as c', 'c.id', 'n.case_id')
    .select(['n.id', 'n.account_id', 'n.unit_kind', 'n.unit_code', 'n.case_id', 'n.key', 'n.params', 'n.created_at', 'r.read_at', 'c.number as case_number'])
    .where((eb) => visibleTo(eb, reader));
  if (options.unreadOnly) q = q.where('r.notification_id', 'is', null);
  return q.orderBy('n.id', 'desc').limit(options.limit).execute();
}

/** How many notices the reader sees and this account has not read. */
export async function unreadCount(db: Kysely<CasesTables>, reader: Reader): Promise<number> {
  const row = await withReads(db).selectFrom('notifications as n')
    .select(sql<number>`count(*)::int`.as('n'))
    .where((eb) => eb.and([visibleTo(eb, reader), eb.not(eb.exists(unreadProbe(eb, reader.accountId)))]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function unreadProbe(eb: ExpressionBuilder<CasesTables & ReadsTables & { n: CasesTables['notifications'] }, 'n'>, accountId: string) {
  return eb.selectFrom('notification_reads as r').select(sql`1`.as('one'))
    .whereRef('r.notification_id', '=', 'n.id').where('r.account_id', '=', accountId);
}

/**
 * Marks notices read for this account only: the ids given, or every unread one up to `upTo` (the newest the
 * caller has seen, so a notice arriving meanwhile stays unread). Ids the reader cannot see are left alone.
 * Returns how many became read.
 */
export async function markRead(db: Kysely<CasesTables>, reader: Reader, which: { ids: number[] } | { all: true; upTo?: number }): Promise<number> {
  const d = withReads(db);
  let source = d.selectFrom('notifications as n')
    .select((eb) => [eb.ref('n.id').as('notification_id'), sql<string>`${reader.accountId}::uuid`.as('account_id')])
    .where((eb) => eb.and([visibleTo(eb, reader), eb.not(eb.exists(unreadProbe(eb, reader.accountId)))]));
  if ('ids' in which) source = source.where('n.id', 'in', which.ids);
  else if (which.upTo !== undefined) source = source.where('n.id', '<=', which.upTo);
  const result = await d.insertInto('notification_reads')
    .columns(['notification_id', 'account_id'])
    .expression(source)
    .onConflict((oc) => oc.columns(['account_id', 'notification_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

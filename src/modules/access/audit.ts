import type { Kysely, Transaction } from 'kysely';
import type { AccessTables } from './tables.ts';
import type { Principal } from './policies.ts';

export interface AuditEntry {
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** The tree path of what was read, so each level's auditors see their part. */
  scopePath?: string;
  detail?: Record<string, unknown>;
  ip?: string;
}

export type AuditWriter = (principal: Principal | null, entry: AuditEntry, trx?: Transaction<AccessTables>) => Promise<void>;

export function createAuditWriter(db: Kysely<AccessTables>): AuditWriter {
  return async (principal, entry, trx) => {
    await (trx ?? db)
      .insertInto('audit_log')
      .values({
        account_id: principal?.accountId ?? null,
        username: principal?.username ?? null,
        action: entry.action,
        subject_type: entry.subjectType ?? null,
        subject_id: entry.subjectId ?? null,
        scope_path: entry.scopePath ?? null,
        detail: JSON.stringify(entry.detail ?? {}),
        ip: entry.ip ?? null,
      })
      .execute();
  };
}

import type { Logger } from 'pino';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Message, UnitRef } from './domain/index.ts';
import type { CasesTables } from './tables.ts';

/** Someone to tell: a signed-in account, a unit's inbox, or a resident known only from the roster. */
export interface Recipient {
  accountId?: string;
  unit?: UnitRef;
  residentId?: string;
}

export interface OutgoingNotification {
  recipient: Recipient;
  caseId: string;
  message: Message;
}

/**
 * A way to reach people. Channels run inside the transaction of the case step that caused them, so an
 * in-app notification exists exactly when the step committed; channels outside the database (SMS,
 * WeChat) should queue a job in that transaction rather than send directly.
 */
export interface NotificationChannel {
  name: string;
  send(items: OutgoingNotification[], trx: Transaction<CasesTables>): Promise<void>;
  /**
   * For a channel whose whole work is one insert (or nothing): that statement, for a caller that embeds it
   * in its own (a batch of new cases written in one statement). Channels without it force the caller to
   * use `send` in a transaction.
   */
  query?(items: OutgoingNotification[], db: Kysely<CasesTables>): RawBuilder<unknown> | null;
}

export class Notifier {
  constructor(private readonly channels: NotificationChannel[]) {}

  async send(items: OutgoingNotification[], trx: Transaction<CasesTables>): Promise<void> {
    if (items.length === 0) return;
    for (const c of this.channels) await c.send(items, trx);
  }

  /** Every channel's statement, or null when some channel can only `send`. */
  queries(items: OutgoingNotification[], db: Kysely<CasesTables>): RawBuilder<unknown>[] | null {
    if (this.channels.some((c) => !c.query)) return null;
    return items.length ? this.channels.flatMap((c) => c.query!(items, db) ?? []) : [];
  }
}

function inAppRows(items: OutgoingNotification[]) {
  return items
    .filter((n) => n.recipient.accountId || n.recipient.unit)
    .map((n) => ({
      account_id: n.recipient.accountId ?? null,
      unit_kind: n.recipient.accountId ? null : (n.recipient.unit?.kind ?? null),
      unit_code: n.recipient.accountId ? null : (n.recipient.unit?.code ?? null),
      case_id: n.caseId,
      key: n.message.key,
      params: JSON.stringify(n.message.params),
    }));
}

/** The notifications table, read by `GET /api/notifications`. */
export function inAppChannel(): NotificationChannel {
  return {
    name: 'inApp',
    async send(items, trx) {
      const rows = inAppRows(items);
      if (rows.length) await trx.insertInto('notifications').values(rows).execute();
    },
    query(items, db) {
      const rows = inAppRows(items);
      return rows.length ? sql`${db.insertInto('notifications').values(rows)}` : null;
    },
  };
}

/** For development: every notification as a structured log line. */
export function logChannel(log: Logger): NotificationChannel {
  return {
    name: 'log',
    async send(items) {
      for (const n of items) log.info({ notification: n }, 'case notification');
    },
    // Nothing to write: it logs as the statement is composed.
    query(items) {
      for (const n of items) log.info({ notification: n }, 'case notification');
      return null;
    },
  };
}

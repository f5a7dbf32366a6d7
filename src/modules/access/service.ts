import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { BatchRunner, type BatchOptions } from '../../core/batching.ts';
import { Problem } from '../../core/http/problem.ts';
import { createAuditWriter, type AuditWriter } from './audit.ts';
import { dummyHash, hashPassword, verifyPassword } from './password.ts';
import type { Binding, Principal } from './policies.ts';
import { isRole } from './roles.ts';
import type { AccessTables } from './tables.ts';

export interface LoginPolicy {
  /** Failures after which each further failure is answered more slowly. */
  slowAfter: number;
  /** Delay of the first slowed answer; doubles with each failure, capped at 8×. */
  slowdownBaseMs: number;
  /** Failures in a row that lock the account. */
  lockAfter: number;
  lockMinutes: number;
  sessionHours: number;
}

export const defaultLoginPolicy: LoginPolicy = { slowAfter: 3, slowdownBaseMs: 1000, lockAfter: 10, lockMinutes: 15, sessionHours: 12 };

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  bindings: Binding[];
}

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

export class AccessService {
  readonly audit: AuditWriter;

  private readonly sessionLookups: BatchRunner<string, Principal | null>;

  constructor(
    private readonly db: Kysely<AccessTables>,
    private readonly policy: LoginPolicy = defaultLoginPolicy,
    lookups: BatchOptions = { concurrency: 1, maxBatch: 64 },
  ) {
    this.audit = createAuditWriter(db);
    this.sessionLookups = new BatchRunner((hashes) => this.principalsFromSessions(hashes), lookups);
  }

  async createAccount(account: NewAccount): Promise<string> {
    const passwordHash = await hashPassword(account.password);
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('accounts')
        .values({ username: account.username, display_name: account.displayName, password_hash: passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (account.bindings.length > 0) {
        await trx
          .insertInto('role_bindings')
          .values(account.bindings.map((b) => ({
            account_id: id, role: b.role, scope_path: b.scopePath, scope_code: b.scopeCode, scope_name: b.scopeName,
          })))
          .execute();
      }
      return id;
    });
  }

  async accountCount(): Promise<number> {
    const row = await this.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Checks a password; slows repeated failures down and locks the account after too many. */
  async login(username: string, password: string, meta: RequestMeta = {}): Promise<{ token: string; principal: Principal; expiresAt: Date }> {
    const account = await this.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
    if (!account || account.disabled) {
      await verifyPassword(password, await dummyHash);
      await this.audit(null, { action: 'auth.loginFailed', detail: { username, reason: 'unknown' }, ...(meta.ip ? { ip: meta.ip } : {}) });
      throw new Problem(401, 'access.badCredentials');
    }
    if (account.locked_until && account.locked_until.getTime() > Date.now()) {
      const seconds = Math.ceil((account.locked_until.getTime() - Date.now()) / 1000);
      throw new Problem(423, 'access.locked', { minutes: Math.ceil(seconds / 60) }, { retryAfterSeconds: seconds });
    }
    if (!(await verifyPassword(password, account.password_hash))) {
      const failures = account.failed_logins + 1;
      const lock = failures >= this.policy.lockAfter;
      await this.db
        .updateTable('accounts')
        .set({
          failed_logins: lock ? 0 : failures,
          locked_until: lock ? new Date(Date.now() + this.policy.lockMinutes * 60_000) : null,
        })
        .where('id', '=', account.id)
        .execute();
      await this.audit(null, { action: lock ? 'auth.locked' : 'auth.loginFailed', subjectType: 'account', subjectId: account.id, detail: { username, failures }, ...(meta.ip ? { ip: meta.ip } : {}) });
      if (lock) throw new Problem(423, 'access.locked', { minutes: this.policy.lockMinutes }, { retryAfterSeconds: this.policy.lockMinutes * 60 });
      if (failures > this.policy.slowAfter) {
        await sleep(this.policy.slowdownBaseMs * Math.min(8, 2 ** (failures - this.policy.slowAfter - 1)));
      }
      throw new Problem(401, 'access.badCredentials', {}, { failures, remaining: this.policy.lockAfter - failures });
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.policy.sessionHours * 3_600_000);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('accounts').set({ failed_logins: 0, locked_until: null }).where('id', '=', account.id).execute();
      await trx
        .insertInto('sessions')
        .values({ token_hash: sha256(token), account_id: account.id, expires_at: expiresAt, ip: meta.ip ?? null, user_agent: meta.userAgent ?? null })
        .execute();
    });
    // The same one-statement lookup every later request with this session makes.
    const principal = (await this.principalFromSession(token))!;
    await this.audit(principal, { action: 'auth.login', subjectType: 'account', subjectId: account.id, ...(meta.ip ? { ip: meta.ip } : {}) });
    return { token, principal, expiresAt };
  }

  async logout(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
  }

  /**
   * Every request asks this: one statement for the session, its account and its role bindings. Requests
   * arriving together share the statement (0140), each still reading the session as it is now.
   */
  principalFromSession(token: string): Promise<Principal | null> {
    return this.sessionLookups.run(sha256(token));
  }

  private async principalsFromSessions(hashes: string[]): Promise<(Principal | null)[]> {
    const { rows } = await sql<PrincipalRow & { token_hash: string }>`
      SELECT s.token_hash, a.id, a.username, a.display_name, ${bindingsJson} AS bindings
      FROM sessions s JOIN accounts a ON a.id = s.account_id AND NOT a.disabled
      LEFT JOIN role_bindings b ON b.account_id = a.id
      WHERE s.token_hash = ANY(${[...new Set(hashes)]}::text[]) AND s.expires_at > now()
      GROUP BY s.token_hash, a.id`.execute(this.db);
    const byHash = new Map(rows.map((r) => [r.token_hash, r]));
    return hashes.map((h) => {
      const row = byHash.get(h);
      return row ? toPrincipal(row, 'session') : null;
    });
  }

  async createApiToken(accountId: string, name: string): Promise<{ id: string; token: string }> {
    const token = `gz_${randomBytes(24).toString('base64url')}`;
    const { id } = await this.db
      .insertInto('api_tokens')
      .values({ account_id: accountId, name, token_hash: sha256(token), token_prefix: token.slice(0, 8) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, token };
  }

  /** One statement too; `last_used_at` is refreshed at most once a minute, not written on every call. */
  async principalFromApiToken(token: string): Promise<Principal | null> {
    const { rows } = await sql<PrincipalRow>`
      WITH tok AS (SELECT id, account_id, last_used_at FROM api_tokens WHERE token_hash = ${sha256(token)} AND revoked_at IS NULL),
      touched AS (
        UPDATE api_tokens t SET last_used_at = now() FROM tok
        WHERE t.id = tok.id AND (tok.last_used_at IS NULL OR tok.last_used_at < now() - interval '1 minute'))
      SELECT a.id, a.username, a.display_name, ${bindingsJson} AS bindings
      FROM tok JOIN accounts a ON a.id = tok.account_id AND NOT a.disabled
      LEFT JOIN role_bindings b ON b.account_id = a.id
      GROUP BY a.id`.execute(this.db);
    return rows[0] ? toPrincipal(rows[0], 'token') : null;
  }

  async findAccountId(username: string): Promise<string | null> {
    const row = await this.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst();
    return row?.id ?? null;
  }

  /** Accounts holding at least one role inside `scopes`, with all their roles. */
  async listAccounts(scopes: string[]) {
    if (scopes.length === 0) return [];
    const rows = await this.db
      .selectFrom('accounts as a')
      .innerJoin('role_bindings as b', 'b.account_id', 'a.id')
      .select(['a.id', 'a.username', 'a.display_name', 'a.disabled', 'a.locked_until', 'b.role', 'b.scope_code', 'b.scope_name', 'b.scope_path'])
      .where((eb) => eb.exists(eb.selectFrom('role_bindings as s').select('s.id').whereRef('s.account_id', '=', 'a.id')
        .where((e) => e.or(scopes.map((p) => e('s.scope_path', 'like', `${p}%`))))))
      .orderBy('a.username')
      .execute();
    const byId = new Map<string, { id: string; username: string; displayName: string; disabled: boolean; lockedUntil: Date | null; roles: { role: string; scopeCode: string; scopeName: string }[] }>();
    for (const r of rows) {
      const a = byId.get(r.id) ?? { id: r.id, username: r.username, displayName: r.display_name, disabled: r.disabled, lockedUntil: r.locked_until, roles: [] };
      a.roles.push({ role: r.role, scopeCode: r.scope_code, scopeName: r.scope_name });
      byId.set(r.id, a);
    }
    return [...byId.values()];
  }

  /** Audit entries whose scope lies in one of `scopes`, newest first; sign-in events have no scope and are shown to admins only. */
  async listAudit(scopes: string[], options: { limit: number; beforeId?: number; action?: string; includeUnscoped: boolean }) {
    let q = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(options.limit);
    q = q.where((eb) =>
      eb.or([
        ...scopes.map((s) => eb('scope_path', 'like', `${s}%`)),
        ...(options.includeUnscoped ? [eb('scope_path', 'is', null)] : []),
      ]),
    );
    if (options.beforeId) q = q.where('id', '<', options.beforeId);
    if (options.action) q = q.where('action', '=', options.action);
    return q.execute();
  }
}

interface PrincipalRow {
  id: string;
  username: string;
  display_name: string;
  bindings: { role: string; scopePath: string; scopeCode: string; scopeName: string }[];
}

const bindingsJson = sql`coalesce(json_agg(json_build_object('role', b.role, 'scopePath', b.scope_path, 'scopeCode', b.scope_code, 'scopeName', b.scope_name))
  FILTER (WHERE b.role IS NOT NULL), '[]')`;

function toPrincipal(row: PrincipalRow, via: Principal['via']): Principal {
  const bindings: Binding[] = [];
  for (const b of row.bindings) if (isRole(b.role)) bindings.push({ role: b.role, scopePath: b.scopePath, scopeCode: b.scopeCode, scopeName: b.scopeName });
  return { accountId: row.id, username: row.username, displayName: row.display_name, bindings, via };
}

import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AccessTables {
  accounts: {
    id: Generated<string>;
    username: string;
    display_name: string;
    password_hash: string;
    failed_logins: Generated<number>;
    locked_until: Timestamp | null;
    disabled: Generated<boolean>;
    created_at: Generated<Date>;
  };
  role_bindings: {
    id: Generated<string>;
    account_id: string;
    role: string;
    scope_path: string;
    scope_code: string;
    scope_name: string;
  };
  sessions: {
    token_hash: string;
    account_id: string;
    created_at: Generated<Date>;
    expires_at: Timestamp;
    ip: string | null;
    user_agent: string | null;
  };
  api_tokens: {
    id: Generated<string>;
    account_id: string;
    name: string;
    token_hash: string;
    token_prefix: string;
    created_at: Generated<Date>;
    last_used_at: Timestamp | null;
    revoked_at: Timestamp | null;
  };
  audit_log: {
    id: Generated<number>;
    at: Generated<Date>;
    account_id: string | null;
    username: string | null;
    action: string;
    subject_type: string | null;
    subject_id: string | null;
    scope_path: string | null;
    detail: ColumnType<unknown, string, string>;
    ip: string | null;
  };
}

CREATE TABLE accounts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- A role is bound to one node of the governance tree and reaches its whole subtree.
-- scope_path is the node's materialized path (C collation, so prefix LIKE uses the index).
CREATE TABLE role_bindings (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id  uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role        text NOT NULL,
  scope_path  text COLLATE "C" NOT NULL,
  scope_code  text NOT NULL,
  scope_name  text NOT NULL,
  UNIQUE (account_id, role, scope_path)
);
CREATE INDEX role_bindings_account ON role_bindings (account_id);

CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  account_id   uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id    uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name          text NOT NULL,
  token_hash    text NOT NULL UNIQUE,
  token_prefix  text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

-- Append-only: every unmasked read of personal data, every export, every sign-in.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  account_id  uuid,
  username    text,
  action      text NOT NULL,
  subject_type text,
  subject_id  text,
  scope_path  text COLLATE "C",
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb,
  ip          text
);
CREATE INDEX audit_log_scope ON audit_log (scope_path, at DESC);
CREATE INDEX audit_log_at ON audit_log (at DESC);

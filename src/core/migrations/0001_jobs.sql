-- Durable jobs and timers: case deadlines, SOS escalation ladders, imports, reminders.
CREATE TABLE jobs (
  id          bigserial PRIMARY KEY,
  kind        text NOT NULL,
  payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
  run_at      timestamptz NOT NULL DEFAULT now(),
  attempts    integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  -- At most one pending job per key (e.g. one escalation timer per alarm step).
  unique_key  text UNIQUE,
  last_error  text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_due ON jobs (run_at);

-- Jobs that ran out of attempts, kept for the operator rather than dropped.
CREATE TABLE jobs_failed (
  id          bigint PRIMARY KEY,
  kind        text NOT NULL,
  payload     jsonb NOT NULL,
  attempts    integer NOT NULL,
  last_error  text,
  created_at  timestamptz NOT NULL,
  failed_at   timestamptz NOT NULL DEFAULT now()
);

-- Each completed job leaves one row, so "exactly once" can be checked and audited.
CREATE TABLE jobs_done (
  id          bigint PRIMARY KEY,
  kind        text NOT NULL,
  unique_key  text,
  worker      text NOT NULL,
  done_at     timestamptz NOT NULL DEFAULT now()
);

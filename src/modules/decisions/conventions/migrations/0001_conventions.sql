-- 居民公约 / 小区公约: clause-by-clause versions; an amendment becomes a version only when its motion passes.

CREATE TABLE conventions (
  id              uuid PRIMARY KEY,
  scope_code      text NOT NULL,
  scope_path      text COLLATE "C" NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('resident', 'estate')),
  -- An estate convention (小区公约) names its estate (小区) within the community; null for the community.
  estate          text,
  title           text NOT NULL,
  current_version integer NOT NULL,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conventions_path ON conventions (scope_path);

CREATE TABLE convention_versions (
  convention_id uuid NOT NULL REFERENCES conventions (id),
  version       integer NOT NULL,
  -- [{ "key": "k1", "text": "…" }] in reading order; keys stay with a clause across versions.
  clauses       jsonb NOT NULL,
  amendment_id  uuid,
  published_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (convention_id, version)
);

CREATE TABLE convention_amendments (
  id            uuid PRIMARY KEY,
  convention_id uuid NOT NULL REFERENCES conventions (id),
  base_version  integer NOT NULL,
  title         text NOT NULL,
  rationale     text NOT NULL DEFAULT '',
  -- [{ "op": "add", "after": "k2", "text": "…" }, { "op": "change", "key": "k3", "text": "…" }, { "op": "remove", "key": "k4" }]
  changes       jsonb NOT NULL,
  status        text NOT NULL CHECK (status IN ('proposed', 'voting', 'ratified', 'rejected', 'superseded', 'withdrawn')),
  motion_id     text,
  result        jsonb,
  version       integer,
  proposed_by   text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  decided_at    timestamptz
);
CREATE INDEX convention_amendments_convention ON convention_amendments (convention_id, created_at);
CREATE UNIQUE INDEX convention_amendments_motion ON convention_amendments (motion_id) WHERE motion_id IS NOT NULL;

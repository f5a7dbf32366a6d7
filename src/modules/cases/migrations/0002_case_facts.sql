-- Per-case facts for the indicators (docs/decisions/0135-indicator-facts.md). Each row is one version of
-- what the replayed history says about a case, valid over [valid_from, valid_to) in epoch milliseconds
-- (valid_to NULL: the current version). Written in the same transaction as the event that changed them,
-- by the same pure function (`factsOf`) the rebuild uses; `npx gongzhi cases rebuild-facts` rewrites them.
CREATE TABLE case_facts (
  case_id         uuid NOT NULL,
  version         integer NOT NULL,
  valid_from      bigint NOT NULL,
  valid_to        bigint,
  place_path      text COLLATE "C" NOT NULL,
  responsible_path text COLLATE "C" NOT NULL,
  channel         text NOT NULL,
  category        text NOT NULL,
  affair          text NOT NULL,
  unit_kind       text NOT NULL,
  unit_code       text NOT NULL,
  worker          text NOT NULL,
  received_at     bigint NOT NULL,
  dispatched_at   bigint,
  -- Set only while the case is closed (a reopened case has none).
  closed_at       bigint,
  due_at          bigint NOT NULL,
  suspended       boolean NOT NULL,
  duplicate       boolean NOT NULL,
  reworked        boolean NOT NULL,
  ratings         integer NOT NULL,
  satisfied       integer NOT NULL,
  first_rated_at  bigint,
  last_rated_at   bigint,
  -- Every rating (instant, satisfied), read only when a period starts between two of a case's ratings.
  rating_at       bigint[] NOT NULL,
  rating_ok       boolean[] NOT NULL,
  PRIMARY KEY (case_id, version)
);
-- The dashboard reads the current versions that changed in the period (rows are appended as cases change,
-- so this range is also close together on disk), the open ones falling due in it, and superseded versions
-- only when the period ends before they were superseded.
CREATE INDEX case_facts_changed ON case_facts (valid_from) WHERE valid_to IS NULL;
CREATE INDEX case_facts_due_open ON case_facts (due_at, valid_from) WHERE valid_to IS NULL AND closed_at IS NULL;
CREATE INDEX case_facts_superseded ON case_facts (valid_to) WHERE valid_to IS NOT NULL;

-- Pre-aggregated months for the dashboard (docs/decisions/0138-indicator-months.md). A cache, never a truth:
-- each row is what `case_facts` as of `as_of` says about one calendar month (UTC) for one scope, grouping and
-- group key; the reader adds back what changed since `as_of` from the versions themselves, so rows only
-- need rebuilding to keep that difference small.
CREATE TABLE case_indicator_months (
  scope          text COLLATE "C" NOT NULL,
  grouping       text NOT NULL,
  month          bigint NOT NULL,
  key            text COLLATE "C" NOT NULL,
  received       integer NOT NULL,
  closed         integer NOT NULL,
  due_open       integer NOT NULL,
  closed_on_time integer NOT NULL,
  reworked       integer NOT NULL,
  ratings        integer NOT NULL,
  satisfied      integer NOT NULL,
  dispatch_sum   numeric NOT NULL,
  close_sum      numeric NOT NULL,
  -- The durations in milliseconds, ascending, as big-endian float8 (8 bytes each): exact p90s are merged from them.
  dispatch_ms    bytea NOT NULL,
  close_ms       bytea NOT NULL,
  PRIMARY KEY (scope, grouping, month, key)
);

-- One generation per scope and grouping: the months [first_month, end_month) as of `as_of`, valid while
-- `epoch` is the current one.
CREATE TABLE case_indicator_generations (
  scope       text COLLATE "C" NOT NULL,
  grouping    text NOT NULL,
  epoch       bigint NOT NULL,
  as_of       bigint NOT NULL,
  first_month bigint NOT NULL,
  end_month   bigint NOT NULL,
  PRIMARY KEY (scope, grouping)
);

-- Facts rewritten in place (the rebuild and the backfill delete a case's versions and write them again,
-- with instants before `as_of`) are not seen by the difference the reader adds, so any DELETE or TRUNCATE
-- of `case_facts` retires every generation. Live changes only UPDATE `valid_to` and INSERT: no cost there.
CREATE TABLE case_indicator_epoch (
  one   boolean PRIMARY KEY DEFAULT true CHECK (one),
  epoch bigint NOT NULL
);
INSERT INTO case_indicator_epoch (epoch) VALUES (1);

CREATE FUNCTION case_indicator_epoch_next() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE case_indicator_epoch SET epoch = epoch + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER case_facts_rewritten AFTER DELETE OR TRUNCATE ON case_facts
  FOR EACH STATEMENT EXECUTE FUNCTION case_indicator_epoch_next();

-- A period's first, partial month reads the current versions that changed since its start but were
-- received before that month ended: with `received_at` in the index those are found without reading
-- the rows of every case that changed later.
CREATE INDEX case_facts_changed_received ON case_facts (valid_from, received_at) WHERE valid_to IS NULL;
DROP INDEX case_facts_changed;

-- Motions and ballots (docs/votes.md). A motion's roll is frozen into motion_roll when it is announced;
-- the tally file that anyone can recount is stored with the result when it closes.
CREATE TABLE motions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  scope_code    text NOT NULL,
  scope_path    text COLLATE "C" NOT NULL,
  title         text NOT NULL,
  text          text NOT NULL DEFAULT '',
  method        text NOT NULL,
  rule          jsonb NOT NULL,
  electorate    jsonb NOT NULL,
  subject_kind  text,
  subject_id    text,
  secret        boolean NOT NULL DEFAULT false,
  state         text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'announced', 'closed', 'cancelled')),
  opens_at      timestamptz NOT NULL,
  closes_at     timestamptz NOT NULL CHECK (closes_at > opens_at),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  announced_by  text,
  announced_at  timestamptz,
  roll_size     integer,
  closed_by     text,
  closed_at     timestamptz,
  cancelled_by  text,
  cancelled_at  timestamptz,
  outcome       text,
  passed        boolean,
  selected      jsonb,
  result        jsonb,
  tally_file    jsonb
);
CREATE INDEX motions_scope ON motions (scope_path);
CREATE INDEX motions_subject ON motions (subject_kind, subject_id);

-- The frozen roll: read once through the electorate's resolver at announcement, never changed after.
CREATE TABLE motion_roll (
  motion_id      uuid NOT NULL REFERENCES motions(id) ON DELETE CASCADE,
  voter_id       text NOT NULL,
  position       integer NOT NULL,
  label          text NOT NULL,
  constituency   text,
  household_path text COLLATE "C",
  account_id     text,
  unit           jsonb,
  PRIMARY KEY (motion_id, voter_id)
);
CREATE INDEX motion_roll_household ON motion_roll (household_path);
CREATE INDEX motion_roll_account ON motion_roll (account_id);

-- Open (named) ballots: every ballot kept; the effective one per voter is the latest, chosen at count.
-- cast_at is strictly increasing per voter (the roll row is locked while a ballot is written).
CREATE TABLE ballots (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  motion_id  uuid NOT NULL REFERENCES motions(id) ON DELETE CASCADE,
  voter_id   text NOT NULL,
  choice     jsonb NOT NULL,
  cast_at    timestamptz NOT NULL,
  channel    text NOT NULL CHECK (channel IN ('web', 'paper', 'doorToDoor')),
  entered_by text NOT NULL,
  spoiled    boolean NOT NULL DEFAULT false,
  FOREIGN KEY (motion_id, voter_id) REFERENCES motion_roll (motion_id, voter_id)
);
CREATE INDEX ballots_voter ON ballots (motion_id, voter_id, cast_at);

-- Secret motions, part 1: who has voted, by which channel and who entered it. No choice here.
CREATE TABLE ballot_receipts (
  motion_id  uuid NOT NULL,
  voter_id   text NOT NULL,
  channel    text NOT NULL CHECK (channel IN ('web', 'paper', 'doorToDoor')),
  entered_by text NOT NULL,
  cast_at    timestamptz NOT NULL,
  changes    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (motion_id, voter_id),
  FOREIGN KEY (motion_id, voter_id) REFERENCES motion_roll (motion_id, voter_id) ON DELETE CASCADE
);

-- Secret motions, part 2: the ballot box. No voter, no time, random ids. receipt_hash is the SHA-256 of a
-- code only the voter holds, so a voter can replace their own choice and nobody else can find it.
CREATE TABLE ballot_box (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  motion_id    uuid NOT NULL REFERENCES motions(id) ON DELETE CASCADE,
  choice       jsonb NOT NULL,
  channel      text NOT NULL CHECK (channel IN ('web', 'paper', 'doorToDoor')),
  constituency text,
  receipt_hash text,
  revision     integer NOT NULL DEFAULT 0,
  spoiled      boolean NOT NULL DEFAULT false,
  superseded   boolean NOT NULL DEFAULT false
);
CREATE INDEX ballot_box_motion ON ballot_box (motion_id);
CREATE UNIQUE INDEX ballot_box_receipt ON ballot_box (motion_id, receipt_hash) WHERE NOT superseded;

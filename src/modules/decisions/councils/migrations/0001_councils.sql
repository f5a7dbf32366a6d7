-- Councils (议事会、建言堂、业主大会 …), their members, terms and seats, meetings with agenda, notice,
-- attendance and minutes (docs/councils.md). Motions and ballots belong to decisions/votes: an agenda item
-- keeps only the motion's id and the outcome it heard.

CREATE TABLE councils (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind          text NOT NULL CHECK (kind IN ('representativeAssembly', 'council', 'adviceHall', 'ownersAssembly', 'ownersCommittee', 'sevenPlusX', 'buildingCouncil', 'gridCouncil')),
  name          text NOT NULL,
  scope_code    text NOT NULL,
  scope_path    text COLLATE "C" NOT NULL,
  scope_name    text NOT NULL,
  -- Overrides of the kind's defaults (kinds.ts); null keeps the default.
  notice_days   integer CHECK (notice_days BETWEEN 0 AND 90),
  quorum        jsonb,
  monthly_day   integer CHECK (monthly_day BETWEEN 1 AND 31),
  monthly_time  text NOT NULL DEFAULT '19:00' CHECK (monthly_time ~ '^\d{2}:\d{2}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    uuid
);
CREATE INDEX councils_scope ON councils (scope_path);

-- A person on a council: a resident of the roster (resident_id, with the household path) or a named
-- outside person (resident_id null). Membership grants no access rights, and access rights no membership.
CREATE TABLE council_members (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id    uuid NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
  resident_id   uuid,
  path          text COLLATE "C",
  name          text NOT NULL,
  residency     text CHECK (residency IN ('local', 'newResident')),
  note          text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (council_id, resident_id)
);

CREATE TABLE council_terms (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id  uuid NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
  name        text NOT NULL,
  starts_on   date NOT NULL,
  ends_on     date,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX council_terms_council ON council_terms (council_id, starts_on);

-- A member's seat in a term. Standing seats vote and count for the quorum; volunteer seats (the X of 7+X)
-- take part without voting. A seat may start late or end early inside its term (a by-election, a resignation).
CREATE TABLE council_seats (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  term_id       uuid NOT NULL REFERENCES council_terms(id) ON DELETE CASCADE,
  member_id     uuid NOT NULL REFERENCES council_members(id) ON DELETE CASCADE,
  standing      boolean NOT NULL DEFAULT true,
  constituency  text CHECK (constituency IN ('partyMember', 'localResident', 'newResident')),
  title         text NOT NULL DEFAULT '',
  starts_on     date,
  ends_on       date,
  UNIQUE (term_id, member_id)
);

CREATE TABLE council_meetings (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id           uuid NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
  title                text NOT NULL,
  starts_at            timestamptz NOT NULL,
  ends_at              timestamptz,
  place                text NOT NULL DEFAULT '',
  status               text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'noticed', 'closed', 'cancelled')),
  notice_text          text NOT NULL DEFAULT '',
  notice_published_at  timestamptz,
  notice_days          integer,
  checkin_token        text NOT NULL UNIQUE,
  -- 'YYYY-MM' for meetings generated from the monthly day, so generating twice adds nothing.
  generated_month      text,
  closed_at            timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  created_by           uuid,
  UNIQUE (council_id, generated_month)
);
CREATE INDEX council_meetings_council ON council_meetings (council_id, starts_at);

-- Items on the agenda. `on_notice` is set for every item when the notice is published and never after:
-- only those may be put to the vote.
CREATE TABLE council_agenda_items (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id   uuid NOT NULL REFERENCES council_meetings(id) ON DELETE CASCADE,
  position     integer NOT NULL,
  title        text NOT NULL,
  text         text NOT NULL DEFAULT '',
  -- How the item is decided: { electorate: 'attendees' | 'body' | 'owners', rule: MotionRule }, or null for an item only discussed.
  decision     jsonb,
  on_notice    boolean NOT NULL DEFAULT false,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'voting', 'decided')),
  motion_id    text,
  passed       boolean,
  result       jsonb,
  decided_at   timestamptz,
  UNIQUE (meeting_id, position)
);
CREATE UNIQUE INDEX council_agenda_items_motion ON council_agenda_items (motion_id) WHERE motion_id IS NOT NULL;

CREATE TABLE council_attendance (
  meeting_id     uuid NOT NULL REFERENCES council_meetings(id) ON DELETE CASCADE,
  member_id      uuid NOT NULL REFERENCES council_members(id) ON DELETE CASCADE,
  checked_in_at  timestamptz NOT NULL DEFAULT now(),
  via            text NOT NULL CHECK (via IN ('self', 'staff')),
  by_account     uuid,
  PRIMARY KEY (meeting_id, member_id)
);

-- Minutes (会议纪要): a draft edited in place (version counts saves), then published and immutable.
-- Every saved text is kept in council_minutes_versions.
CREATE TABLE council_minutes (
  meeting_id    uuid PRIMARY KEY REFERENCES council_meetings(id) ON DELETE CASCADE,
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  body          text NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    uuid,
  published_at  timestamptz,
  published_by  uuid
);

CREATE TABLE council_minutes_versions (
  meeting_id  uuid NOT NULL REFERENCES council_meetings(id) ON DELETE CASCADE,
  version     integer NOT NULL,
  body        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('generated', 'edited', 'published')),
  saved_at    timestamptz NOT NULL DEFAULT now(),
  saved_by    uuid,
  PRIMARY KEY (meeting_id, version)
);

-- Published minutes cannot change: the database refuses, not only the API.
CREATE FUNCTION council_minutes_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'published minutes are immutable' USING ERRCODE = 'check_violation';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
CREATE TRIGGER council_minutes_immutable BEFORE UPDATE OR DELETE ON council_minutes
  FOR EACH ROW EXECUTE FUNCTION council_minutes_immutable();

-- Notice days per kind for a part of the tree (a county may ask 20 days of its owners' assemblies). A
-- council's own notice_days wins, then the deepest setting above it, else the default in kinds.ts.
CREATE TABLE council_kind_settings (
  scope_path   text COLLATE "C" NOT NULL,
  kind         text NOT NULL,
  notice_days  integer NOT NULL CHECK (notice_days BETWEEN 0 AND 90),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope_path, kind)
);

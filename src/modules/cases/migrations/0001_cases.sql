-- Cases (群众有需求，网格有响应). The history is the append-only `case_events`; `cases` is a projection
-- of its replay, written in the same transaction as each event (docs/decisions/0032-cases-persistence.md).

-- Categories and their routing (category × level → who handles first) and time limits, as data.
CREATE TABLE case_categories (
  code    text PRIMARY KEY,
  zh      text NOT NULL,
  en      text NOT NULL,
  affair  text NOT NULL CHECK (affair IN ('government', 'resident')),
  -- { "microGrid": { "role": "microGridLeader", "unitKind": "microGrid" }, "grid": …, "community": …, "street": … }
  levels  jsonb NOT NULL,
  -- { "case": { "amount": 5, "unit": "workingDays", "remindBefore": 4 }, "<status>": … }
  limits  jsonb NOT NULL DEFAULT '{}'::jsonb,
  sort    integer NOT NULL DEFAULT 0
);

CREATE TABLE case_settings (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);

-- Property companies serving a community (the propertyCompany unit of the routing matrix).
CREATE TABLE case_property_companies (
  code            text PRIMARY KEY,
  name            text NOT NULL,
  community_code  text NOT NULL UNIQUE,
  path            text COLLATE "C" NOT NULL
);

CREATE SEQUENCE case_number_seq;

CREATE TABLE cases (
  id                 uuid PRIMARY KEY,
  number             text NOT NULL UNIQUE,
  category           text NOT NULL,
  description        text NOT NULL,
  channel            text NOT NULL CHECK (channel IN ('app', 'hotline', 'visit', 'council', 'device', 'open311')),
  lng                double precision,
  lat                double precision,
  address            text,
  micro_grid_code    text,
  grid_code          text,
  community_code     text,
  street_code        text,
  county_code        text,
  -- Path of the located place (micro-grid, grid, or the community/street when outside every grid).
  place_path         text COLLATE "C" NOT NULL,
  outside_grid       boolean NOT NULL DEFAULT false,
  affair             text NOT NULL,
  priority           text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'urgent', 'raised')),
  route_level        text NOT NULL,
  route_flags        jsonb NOT NULL DEFAULT '{}'::jsonb,
  status             text NOT NULL,
  responsible_kind   text NOT NULL,
  responsible_code   text NOT NULL,
  -- Path of the responsible unit, so the unit that holds a case sees it even outside the place's subtree.
  responsible_path   text COLLATE "C" NOT NULL,
  supervisor_kind    text,
  supervisor_code    text,
  supervisor_path    text COLLATE "C",
  due_at             timestamptz NOT NULL,
  remind_at          timestamptz,
  step_due_at        timestamptz,
  outcome            text,
  closed_at          timestamptz,
  rework_count       integer NOT NULL DEFAULT 0,
  escalations        integer NOT NULL DEFAULT 0,
  households         integer NOT NULL DEFAULT 1,
  reporter_account   uuid,
  reporter_name      text,
  reporter_phone_enc text,
  reporter_phone_masked text,
  -- The replayed domain state (CaseState), cached so a new event needs no replay.
  state              jsonb NOT NULL,
  event_count        integer NOT NULL,
  created_by         uuid,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_place ON cases (place_path);
CREATE INDEX cases_responsible ON cases (responsible_path);
CREATE INDEX cases_due ON cases (status, due_at);
CREATE INDEX cases_nearby ON cases (category, created_at, lat, lng);
CREATE INDEX cases_community ON cases (community_code);

-- Every step is an event; `seq` orders a case's history. Nothing updates or deletes these rows.
CREATE TABLE case_events (
  case_id    uuid NOT NULL REFERENCES cases(id),
  seq        integer NOT NULL,
  type       text NOT NULL,
  at         timestamptz NOT NULL,
  actor      text NOT NULL,
  account_id uuid,
  -- The domain event (CaseEvent) exactly as applied.
  event      jsonb NOT NULL,
  -- Non-domain details shown in the timeline (photos, notes, actor's name).
  extra      jsonb NOT NULL DEFAULT '{}'::jsonb,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, seq)
);
CREATE INDEX case_events_at ON case_events (at);

CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only';
END $$;
CREATE TRIGGER case_events_no_change BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();

-- Who hears the outcome: the reporter, co-signers of a joint letter, reporters of merged duplicates.
CREATE TABLE case_followers (
  case_id     uuid NOT NULL REFERENCES cases(id),
  follower    text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('reporter', 'signer', 'merged')),
  account_id  uuid,
  resident_id uuid,
  household   text,
  via_case    uuid,
  added_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, follower)
);
CREATE INDEX case_followers_account ON case_followers (account_id);

-- A joint letter (联名信): a known resident signs once; households are counted for the threshold.
CREATE TABLE case_signatures (
  case_id     uuid NOT NULL REFERENCES cases(id),
  signer      text NOT NULL,
  household   text NOT NULL,
  resident_id uuid,
  account_id  uuid,
  name        text NOT NULL,
  signed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, signer)
);

CREATE TABLE case_attachments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id     uuid NOT NULL REFERENCES cases(id),
  phase       text NOT NULL CHECK (phase IN ('before', 'after', 'other')),
  url         text,
  file_path   text,
  media_type  text,
  bytes       integer,
  added_by    uuid,
  added_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_attachments_case ON case_attachments (case_id);

-- A retried submission with the same key returns the same case.
CREATE TABLE case_idempotency (
  principal  text NOT NULL,
  key        text NOT NULL,
  case_id    uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);

-- In-app notifications (one channel of the Notifier): to an account, or to a unit (kind + code).
CREATE TABLE notifications (
  id          bigserial PRIMARY KEY,
  account_id  uuid,
  unit_kind   text,
  unit_code   text,
  case_id     uuid,
  key         text NOT NULL,
  params      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz
);
CREATE INDEX notifications_account ON notifications (account_id, id);
CREATE INDEX notifications_unit ON notifications (unit_kind, unit_code, id);

INSERT INTO case_settings (key, value) VALUES
  ('jointLetterThreshold', '10'),
  ('raisedLevel', '"community"'),
  ('fallbackRole', '"streetStaff"'),
  ('fallbackStreet', '""'),
  ('defaultAffair', '"resident"'),
  ('defaultLimits', '{"case": {"amount": 5, "unit": "workingDays", "remindBefore": 4}, "returned": {"amount": 1, "unit": "workingDays"}}');

INSERT INTO case_categories (code, zh, en, affair, levels, limits, sort) VALUES
  ('sanitation', '环境卫生', 'Sanitation', 'resident',
   '{"microGrid": {"role": "microGridLeader", "unitKind": "microGrid"}, "grid": {"role": "gridWorker", "unitKind": "grid"}, "community": {"role": "communityStaff", "unitKind": "community"}}',
   '{"case": {"amount": 3, "unit": "workingDays", "remindBefore": 4}}', 10),
  ('streetLight', '路灯照明', 'Street lighting', 'government',
   '{"grid": {"role": "gridWorker", "unitKind": "grid"}, "community": {"role": "communityStaff", "unitKind": "community"}, "street": {"role": "streetStaff", "unitKind": "street"}}',
   '{"case": {"amount": 5, "unit": "workingDays", "remindBefore": 4}}', 20),
  ('streetVending', '占道经营', 'Street vending', 'government',
   '{"grid": {"role": "gridWorker", "unitKind": "grid"}, "street": {"role": "streetStaff", "unitKind": "street"}}',
   '{"case": {"amount": 2, "unit": "workingDays", "remindBefore": 4}}', 30),
  ('neighbourDispute', '邻里纠纷', 'Neighbour dispute', 'resident',
   '{"microGrid": {"role": "microGridLeader", "unitKind": "microGrid"}, "grid": {"role": "gridWorker", "unitKind": "grid"}, "community": {"role": "communityStaff", "unitKind": "community"}}',
   '{"case": {"amount": 10, "unit": "workingDays", "remindBefore": 8}}', 40),
  ('facilityRepair', '设施报修', 'Facility repair', 'resident',
   '{"microGrid": {"role": "propertyManager", "unitKind": "propertyCompany"}, "grid": {"role": "gridWorker", "unitKind": "grid"}, "community": {"role": "communityStaff", "unitKind": "community"}}',
   '{"case": {"amount": 5, "unit": "workingDays", "remindBefore": 4}}', 50),
  ('elderlyCare', '养老服务', 'Elderly care', 'resident',
   '{"grid": {"role": "gridWorker", "unitKind": "grid"}, "community": {"role": "communityStaff", "unitKind": "community"}}',
   '{"case": {"amount": 3, "unit": "workingDays", "remindBefore": 4}}', 60),
  ('safetyHazard', '安全隐患', 'Safety hazard', 'government',
   '{"grid": {"role": "gridWorker", "unitKind": "grid"}, "community": {"role": "communityStaff", "unitKind": "community"}, "street": {"role": "streetStaff", "unitKind": "street"}}',
   '{"case": {"amount": 1, "unit": "workingDays", "remindBefore": 2}}', 70),
  ('other', '其他', 'Other', 'resident',
   '{"grid": {"role": "gridWorker", "unitKind": "grid"}, "community": {"role": "communityStaff", "unitKind": "community"}}',
   '{}', 99);

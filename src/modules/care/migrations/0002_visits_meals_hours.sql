-- Care loop: mutual-aid groups, visits and their overdue escalation, meal and soup rounds, volunteer
-- service hours (docs/care-visits.md, docs/decisions/0071-0075).

-- How long an overdue visit stays with the grid worker before the community office gets it.
ALTER TABLE care_settings ADD COLUMN visit_escalate_days integer NOT NULL DEFAULT 7;

-- Tier history: the due date needs to know when a tier changed (a raise pulls the next visit forward).
CREATE TABLE care_tier_changes (
  id          bigserial PRIMARY KEY,
  profile_id  uuid NOT NULL REFERENCES care_profiles(id) ON DELETE CASCADE,
  from_tier   text,
  to_tier     text NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_tier_changes_profile ON care_tier_changes (profile_id, changed_at);

-- Every writer of care_profiles (the profile API, the demo loader) is covered without touching them.
CREATE FUNCTION care_record_tier_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.risk_tier IS DISTINCT FROM OLD.risk_tier THEN
    INSERT INTO care_tier_changes (profile_id, from_tier, to_tier) VALUES (NEW.id, OLD.risk_tier, NEW.risk_tier);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER care_profiles_tier AFTER UPDATE OF risk_tier ON care_profiles FOR EACH ROW EXECUTE FUNCTION care_record_tier_change();

-- 互助小组: residents and volunteers (accounts) with a lead, covering some of the elderly.
CREATE TABLE care_groups (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The unit the group belongs to (a community or a grid); scopes filter by prefix.
  path             text COLLATE "C" NOT NULL,
  community_path   text COLLATE "C" NOT NULL,
  name             text NOT NULL,
  lead_account_id  uuid NOT NULL REFERENCES accounts(id),
  created_by       uuid NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_groups_path ON care_groups (path);
CREATE TABLE care_group_members (
  group_id    uuid NOT NULL REFERENCES care_groups(id) ON DELETE CASCADE,
  account_id  uuid NOT NULL REFERENCES accounts(id),
  PRIMARY KEY (group_id, account_id)
);
CREATE INDEX care_group_members_account ON care_group_members (account_id);
CREATE TABLE care_group_profiles (
  group_id    uuid NOT NULL REFERENCES care_groups(id) ON DELETE CASCADE,
  profile_id  uuid NOT NULL REFERENCES care_profiles(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, profile_id)
);
CREATE INDEX care_group_profiles_profile ON care_group_profiles (profile_id);

-- 上门走访: logged on the spot by whoever went.
CREATE TABLE care_visits (
  id               bigserial PRIMARY KEY,
  profile_id       uuid NOT NULL REFERENCES care_profiles(id),
  visitor_id       uuid NOT NULL REFERENCES accounts(id),
  path             text COLLATE "C" NOT NULL,
  community_path   text COLLATE "C" NOT NULL,
  started_at       timestamptz NOT NULL,
  minutes          integer NOT NULL CHECK (minutes BETWEEN 1 AND 480),
  lng              double precision,
  lat              double precision,
  distance_m       integer,
  -- Far from the home (or no position): recorded and shown, never refused.
  far              boolean NOT NULL DEFAULT false,
  findings         text[] NOT NULL DEFAULT '{}',
  notes            text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_visits_profile ON care_visits (profile_id, started_at DESC);
CREATE INDEX care_visits_community ON care_visits (community_path, started_at);

-- One row per missed due date: the sweep raises its tasks once, however often it runs.
CREATE TABLE care_visit_overdue (
  profile_id       uuid NOT NULL REFERENCES care_profiles(id) ON DELETE CASCADE,
  due_on           date NOT NULL,
  community_path   text COLLATE "C" NOT NULL,
  raised_at        timestamptz NOT NULL DEFAULT now(),
  escalated_at     timestamptz,
  resolved_at      timestamptz,
  PRIMARY KEY (profile_id, due_on)
);
CREATE INDEX care_visit_overdue_open ON care_visit_overdue (community_path) WHERE resolved_at IS NULL;

-- 共享厨房 / 老宝贝一碗汤.
CREATE TABLE care_kitchens (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  path            text COLLATE "C" NOT NULL,
  community_path  text COLLATE "C" NOT NULL,
  name            text NOT NULL,
  lng             double precision,
  lat             double precision,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_kitchens_path ON care_kitchens (path);

CREATE TABLE care_meal_rounds (
  id              bigserial PRIMARY KEY,
  kitchen_id      uuid NOT NULL REFERENCES care_kitchens(id),
  community_path  text COLLATE "C" NOT NULL,
  volunteer_id    uuid NOT NULL REFERENCES accounts(id),
  service_date    date NOT NULL,
  meal            text NOT NULL CHECK (meal IN ('soup', 'lunch', 'dinner')),
  created_by      uuid NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  dispatched_at   timestamptz,
  completed_at    timestamptz
);
CREATE INDEX care_meal_rounds_volunteer ON care_meal_rounds (volunteer_id, service_date);

CREATE TABLE care_meal_orders (
  id               bigserial PRIMARY KEY,
  profile_id       uuid NOT NULL REFERENCES care_profiles(id),
  kitchen_id       uuid NOT NULL REFERENCES care_kitchens(id),
  community_path   text COLLATE "C" NOT NULL,
  service_date     date NOT NULL,
  meal             text NOT NULL CHECK (meal IN ('soup', 'lunch', 'dinner')),
  ordered_by       uuid NOT NULL,
  ordered_at       timestamptz NOT NULL DEFAULT now(),
  status           text NOT NULL DEFAULT 'ordered' CHECK (status IN ('ordered', 'cancelled', 'handedOver', 'noAnswer')),
  round_id         bigint REFERENCES care_meal_rounds(id),
  handed_at        timestamptz,
  -- Kitchen to door: from the round's dispatch to this hand-off.
  door_seconds     integer,
  lng              double precision,
  lat              double precision,
  note             text,
  alarm_id         bigint REFERENCES care_alarms(id),
  UNIQUE (profile_id, service_date, meal)
);
CREATE INDEX care_meal_orders_kitchen ON care_meal_orders (kitchen_id, service_date);
CREATE INDEX care_meal_orders_round ON care_meal_orders (round_id);

-- 志愿服务时长: derived from the records, approved or declined by a coordinator, never deleted.
CREATE TABLE care_service_hours (
  id              bigserial PRIMARY KEY,
  account_id      uuid NOT NULL REFERENCES accounts(id),
  -- The name as the person signed in when the record was made (care does not read the accounts table).
  volunteer_name  text,
  source          text NOT NULL CHECK (source IN ('alarm', 'visit', 'meal')),
  source_id       text NOT NULL,
  community_path  text COLLATE "C" NOT NULL,
  started_at      timestamptz NOT NULL,
  minutes         integer NOT NULL CHECK (minutes >= 0),
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
  decided_by      uuid,
  decided_at      timestamptz,
  reason          text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_id, account_id)
);
CREATE INDEX care_service_hours_account ON care_service_hours (account_id, started_at);
CREATE INDEX care_service_hours_pending ON care_service_hours (community_path) WHERE status = 'pending';

CREATE FUNCTION care_service_hours_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'care_service_hours rows are never deleted (decline them instead)';
END $$;
CREATE TRIGGER care_service_hours_no_delete BEFORE DELETE ON care_service_hours FOR EACH ROW EXECUTE FUNCTION care_service_hours_keep();

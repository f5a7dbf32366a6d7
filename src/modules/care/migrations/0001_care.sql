-- Elderly care: profiles, wristbands, device events, alarms and their dispatch (docs/decisions/0070-care.md).
-- Paths are copies of the resident's household path (C collation) so scopes filter by prefix.

-- Per community (path) settings; the row with path '' is the default for everyone.
CREATE TABLE care_settings (
  community_path   text COLLATE "C" PRIMARY KEY,
  visit_days       jsonb NOT NULL DEFAULT '{"high": 7, "key": 30, "other": 90}',
  ladder           jsonb,
  dispatch_count   integer NOT NULL DEFAULT 5,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
INSERT INTO care_settings (community_path) VALUES ('');

CREATE TABLE care_profiles (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resident_id      uuid NOT NULL UNIQUE REFERENCES residents(id),
  path             text COLLATE "C" NOT NULL,
  community_path   text COLLATE "C" NOT NULL,
  name             text NOT NULL,
  risk_tier        text NOT NULL CHECK (risk_tier IN ('high', 'key', 'other')),
  -- Home position snapshot (building, WGS-84): where responders go and where "arrived" is checked.
  home_lng         double precision,
  home_lat         double precision,
  address          text NOT NULL DEFAULT '',
  -- PIPL: contacts, health notes and the key-safe code are encrypted (AES-256-GCM, 0006).
  contacts_enc     text,
  health_notes_enc text,
  key_safe_enc     text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_profiles_path ON care_profiles (path);

-- 结对: a volunteer (an account) paired with an elderly person.
CREATE TABLE care_pairings (
  profile_id  uuid NOT NULL REFERENCES care_profiles(id) ON DELETE CASCADE,
  account_id  uuid NOT NULL REFERENCES accounts(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (profile_id, account_id)
);

CREATE TABLE care_devices (
  id                   text PRIMARY KEY,        -- canonical device id (protocol.ts canonicalDeviceId)
  profile_id           uuid REFERENCES care_profiles(id),
  token_hash           text NOT NULL,
  heartbeat_seconds    integer NOT NULL DEFAULT 300,
  missed_heartbeats    integer NOT NULL DEFAULT 3,
  low_battery          integer NOT NULL DEFAULT 20,
  last_seen_at         timestamptz,
  last_battery         integer,
  last_lng             double precision,
  last_lat             double precision,
  created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE device_events (
  id           bigserial PRIMARY KEY,
  device_id    text NOT NULL,                  -- canonical; may be a device nobody registered
  message_id   text NOT NULL,
  type         text NOT NULL,
  at           timestamptz NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  via          text NOT NULL CHECK (via IN ('mqtt', 'https')),
  lng          double precision,
  lat          double precision,
  battery      integer,
  quirks       text[] NOT NULL DEFAULT '{}',
  payload      text NOT NULL,
  UNIQUE (device_id, message_id)
);

-- Nothing a device sends is dropped: what cannot be used is kept here with the reason.
CREATE TABLE device_messages_rejected (
  id           bigserial PRIMARY KEY,
  device_id    text,
  via          text NOT NULL,
  topic        text,
  payload      text NOT NULL,
  reason       text NOT NULL,
  path         text COLLATE "C",
  received_at  timestamptz NOT NULL DEFAULT now(),
  reviewed_at  timestamptz,
  reviewed_by  uuid
);
CREATE INDEX device_messages_rejected_open ON device_messages_rejected (received_at) WHERE reviewed_at IS NULL;

CREATE TABLE care_responders (
  account_id    uuid PRIMARY KEY REFERENCES accounts(id),
  role          text NOT NULL,
  scope_path    text COLLATE "C" NOT NULL,
  on_duty       boolean NOT NULL DEFAULT false,
  lng           double precision,
  lat           double precision,
  position_at   timestamptz,
  home_lng      double precision,
  home_lat      double precision,
  skills        text[] NOT NULL DEFAULT '{}',
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_responders_duty ON care_responders (scope_path) WHERE on_duty;

CREATE TABLE care_alarms (
  id              bigserial PRIMARY KEY,
  event_id        bigint NOT NULL UNIQUE REFERENCES device_events(id),
  device_id       text NOT NULL,
  profile_id      uuid REFERENCES care_profiles(id),
  path            text COLLATE "C",
  community_path  text COLLATE "C",
  type            text NOT NULL CHECK (type IN ('alarm', 'fall')),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'resolved', 'cancelled')),
  lng             double precision,
  lat             double precision,
  pressed_at      timestamptz NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  offered_at      timestamptz,
  accepted_at     timestamptz,
  departed_at     timestamptz,
  arrived_at      timestamptz,
  resolved_at     timestamptz,
  cancelled_at    timestamptz,
  cancelled_by    text,
  accepted_by     uuid REFERENCES accounts(id),
  arrival_distance_m integer,
  arrival_checked boolean,
  purpose         text,
  outcome_note    text,
  advise_120      boolean NOT NULL DEFAULT false,
  circle          integer NOT NULL DEFAULT 1
);
CREATE INDEX care_alarms_community ON care_alarms (community_path, pressed_at);
CREATE INDEX care_alarms_device_open ON care_alarms (device_id) WHERE status IN ('open', 'accepted');

CREATE TABLE care_offers (
  id           bigserial PRIMARY KEY,
  alarm_id     bigint NOT NULL REFERENCES care_alarms(id),
  account_id   uuid NOT NULL REFERENCES accounts(id),
  reason       text NOT NULL,
  eta_seconds  integer,
  distance_m   integer,
  status       text NOT NULL DEFAULT 'offered' CHECK (status IN ('offered', 'accepted', 'declined', 'withdrawn')),
  offered_at   timestamptz NOT NULL DEFAULT now(),
  answered_at  timestamptz,
  UNIQUE (alarm_id, account_id)
);
CREATE INDEX care_offers_account ON care_offers (account_id, status);

-- Work for people: the operator's 60-second callback, escalations, device upkeep.
CREATE TABLE care_tasks (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL,
  priority        text NOT NULL CHECK (priority IN ('urgent', 'normal', 'low')),
  -- Who should do it: a role within the community (the duty operator is communityStaff).
  role            text NOT NULL,
  community_path  text COLLATE "C",
  alarm_id        bigint REFERENCES care_alarms(id),
  device_id       text,
  profile_id      uuid REFERENCES care_profiles(id),
  detail          jsonb NOT NULL DEFAULT '{}',
  due_at          timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  done_at         timestamptz,
  done_by         uuid,
  outcome         text,
  note            text
);
CREATE INDEX care_tasks_open ON care_tasks (community_path, due_at) WHERE done_at IS NULL;
-- One open upkeep task per device and kind (a missed heartbeat is not raised every interval).
CREATE UNIQUE INDEX care_tasks_device_open ON care_tasks (device_id, kind) WHERE done_at IS NULL AND alarm_id IS NULL AND device_id IS NOT NULL;

-- Messages to families and others outside Gongzhi (SMS …): an outbox, sent at least once.
CREATE TABLE care_notifications (
  id          bigserial PRIMARY KEY,
  alarm_id    bigint REFERENCES care_alarms(id),
  channel     text NOT NULL,
  recipient   text NOT NULL,
  template    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz
);

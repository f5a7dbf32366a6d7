-- Buildings, stairwells, households and residents (the roster, 台账). Every row carries the
-- materialized path of its place in the tree, so a role's subtree is one prefix match.
CREATE TABLE tags (
  code  text PRIMARY KEY,
  zh    text NOT NULL,
  en    text NOT NULL,
  sort  integer NOT NULL DEFAULT 0
);

CREATE TABLE buildings (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code      text NOT NULL UNIQUE,
  unit_id   uuid NOT NULL REFERENCES units(id),
  path      text COLLATE "C" NOT NULL UNIQUE,
  estate    text NOT NULL DEFAULT '',
  name      text NOT NULL,
  lng       double precision,
  lat       double precision,
  floors    integer,
  UNIQUE (unit_id, estate, name)
);
CREATE INDEX buildings_unit ON buildings (unit_id);

CREATE TABLE stairwells (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  building_id uuid NOT NULL REFERENCES buildings(id) ON DELETE CASCADE,
  name        text NOT NULL,
  UNIQUE (building_id, name)
);

CREATE TABLE households (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code             text NOT NULL UNIQUE,
  building_id      uuid NOT NULL REFERENCES buildings(id),
  -- '' when the building has no stairwells (a village house).
  stairwell        text NOT NULL DEFAULT '',
  room             text NOT NULL,
  path             text COLLATE "C" NOT NULL UNIQUE,
  -- Exclusive floor area in 0.01 m², exact, for owners' votes (Civil Code art. 278).
  floor_area_centi bigint,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (building_id, stairwell, room)
);
CREATE INDEX households_building ON households (building_id);

CREATE TABLE residents (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  household_id     uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
  path             text COLLATE "C" NOT NULL,
  name             text NOT NULL,
  -- PIPL: the ID number is stored encrypted (AES-256-GCM), found by a keyed hash, shown masked.
  id_number_enc    text NOT NULL,
  id_number_hash   text NOT NULL UNIQUE,
  id_number_masked text NOT NULL,
  phone_enc        text,
  phone_hash       text,
  phone_masked     text,
  birth_date       date NOT NULL,
  gender           text NOT NULL CHECK (gender IN ('M', 'F')),
  household_role   text NOT NULL,
  residency        text NOT NULL CHECK (residency IN ('local', 'newResident')),
  tags             text[] NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX residents_path ON residents (path);
CREATE INDEX residents_household ON residents (household_id);
CREATE INDEX residents_phone ON residents (phone_hash);
CREATE INDEX residents_tags ON residents USING gin (tags);

-- The governance tree: administrative units (GB/T 2260 codes; 12-digit statistical codes below the
-- county), then grids and micro-grids with their own stable codes and polygons.
CREATE TABLE units (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code       text NOT NULL UNIQUE,
  kind       text NOT NULL CHECK (kind IN ('province', 'city', 'county', 'street', 'community', 'grid', 'microGrid')),
  name       text NOT NULL,
  parent_id  uuid REFERENCES units(id),
  -- Materialized path of codes, '/33/3304/330481/…/', for subtree checks with a prefix match.
  path       text COLLATE "C" NOT NULL UNIQUE,
  depth      integer NOT NULL,
  -- GeoJSON geometry (Polygon or MultiPolygon), WGS-84.
  polygon    jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_parent ON units (parent_id);

-- The people of a grid (一格六员), a micro-grid's leader, building stewards.
CREATE TABLE team_members (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id       uuid NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  role          text NOT NULL,
  name          text NOT NULL,
  phone         text,
  building_code text,
  resident_id   uuid,
  account_id    uuid
);
CREATE INDEX team_members_unit ON team_members (unit_id);

-- Bumped by every change of polygons, so each server process knows to rebuild its locate index.
CREATE TABLE tree_version (
  id      integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO tree_version (id, version) VALUES (1, 0);

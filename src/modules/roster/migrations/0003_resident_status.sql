-- Residents leave the active roster without being deleted: moved away (迁出) or deceased (死亡注销).
-- Their row stays (care profiles, cases and votes refer to it), and so does the ID number's blind index,
-- so a person added again later is brought back instead of becoming a second person (decision 0148).
ALTER TABLE residents ADD COLUMN status text NOT NULL DEFAULT 'active';
ALTER TABLE residents ADD COLUMN departed_on date;
ALTER TABLE residents ADD COLUMN departure_note text;
ALTER TABLE residents ADD CONSTRAINT residents_status CHECK (status IN ('active', 'movedOut', 'deceased'));
ALTER TABLE residents ADD CONSTRAINT residents_departed_on CHECK ((status = 'active') = (departed_on IS NULL));

-- At most one active head per household, whoever writes (an edit, an import, both at once).
CREATE UNIQUE INDEX residents_one_head ON residents (household_id) WHERE household_role = 'head' AND status = 'active';

-- What was changed, by whom, field by field: the history shown beside a resident or a household.
-- ID numbers and phones appear only masked. Not a foreign key: a history outlives nothing it describes,
-- and the import's once-only reference check counts the foreign keys of residents (decision 0146).
CREATE TABLE roster_changes (
  id           bigserial PRIMARY KEY,
  subject_type text NOT NULL CHECK (subject_type IN ('resident', 'household')),
  subject_id   uuid NOT NULL,
  path         text COLLATE "C" NOT NULL,
  kind         text NOT NULL,
  fields       jsonb NOT NULL DEFAULT '{}',
  note         text,
  account_id   uuid,
  username     text,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX roster_changes_subject ON roster_changes (subject_id, id);

-- A resident who leaves the roster (迁出, 死亡注销: decision 0148) keeps their care profile, closed, because
-- visits, alarms, tasks and meal orders refer to it and the same person may come back
-- (docs/decisions/0082-care-profiles-closed-by-the-roster.md).
ALTER TABLE care_profiles
  ADD COLUMN closed_at      timestamptz,
  ADD COLUMN closed_reason  text CHECK (closed_reason IN ('movedOut', 'deceased')),
  -- The day the roster gives for the departure (it may lie before the day it was recorded).
  ADD COLUMN closed_on      date,
  -- Set when a closed profile is opened again: the visit schedule starts over from here, not from a visit
  -- of the person's earlier stay.
  ADD COLUMN reopened_at    timestamptz,
  ADD CONSTRAINT care_profiles_closed_whole CHECK ((closed_at IS NULL) = (closed_reason IS NULL) AND (closed_at IS NULL) = (closed_on IS NULL));

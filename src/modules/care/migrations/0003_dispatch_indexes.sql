-- Dispatch at scale (docs/decisions/0080-care-at-scale.md): an alarm reads only the responders near it.
-- GiST on points is built into PostgreSQL (and PGlite): no extension. Both the last known position and
-- home are indexed, because ranking starts from a fresh position or else from home.
CREATE INDEX care_responders_position ON care_responders USING gist (point(lng, lat)) WHERE on_duty;
CREATE INDEX care_responders_home ON care_responders USING gist (point(home_lng, home_lat)) WHERE on_duty;

-- "Busy" and "calls in the last day" per candidate: an index probe each instead of a scan of the open
-- alarms (which a burst makes many).
CREATE INDEX care_alarms_busy ON care_alarms (accepted_by) WHERE status = 'accepted';
CREATE INDEX care_alarms_accepted_by ON care_alarms (accepted_by, accepted_at) WHERE accepted_by IS NOT NULL;

-- A device's cancel handled before its press (several connections and processes handle messages at once):
-- it waits here, briefly, for the press it came after (service.ts raiseAlarm), and cancels only that one.
ALTER TABLE device_events ADD COLUMN pending_cancel boolean NOT NULL DEFAULT false;
CREATE INDEX device_events_pending_cancel ON device_events (device_id, at) WHERE pending_cancel;

-- Family messages (the ladder's notifyFamily step) are sent from this outbox by a job: what was sent,
-- through which channel, and failed attempts are kept with the row.
ALTER TABLE care_notifications
  ADD COLUMN text        text,
  ADD COLUMN sent_via    text,
  ADD COLUMN attempts    integer NOT NULL DEFAULT 0,
  ADD COLUMN last_error  text;
CREATE INDEX care_notifications_unsent ON care_notifications (id) WHERE sent_at IS NULL;

-- Read state per account (docs/decisions/0141-notification-reads-and-category-names.md). A notice to a unit's inbox is
-- one row in `notifications` seen by every account acting for the unit, so "read" cannot live on that row:
-- one worker of a community office opening it must leave it unread for their colleagues.
-- `notifications.read_at` predates this table and is not used.
CREATE TABLE notification_reads (
  account_id       uuid NOT NULL,
  notification_id  bigint NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  read_at          timestamptz NOT NULL DEFAULT now(),
  -- Account first: every query asks "which of these has this account read".
  PRIMARY KEY (account_id, notification_id)
);

-- 最美家庭、最美楼道、最美庭院: campaigns, nominations and the vote that picks the winners.

CREATE TABLE award_campaigns (
  id              uuid PRIMARY KEY,
  community_code  text NOT NULL,
  community_path  text COLLATE "C" NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('family', 'stairwell', 'courtyard')),
  year            integer NOT NULL,
  title           text NOT NULL,
  method          text NOT NULL CHECK (method IN ('score', 'rankedChoice')),
  winners         integer NOT NULL CHECK (winners > 0),
  status          text NOT NULL CHECK (status IN ('nominating', 'voting', 'tied', 'published')),
  motion_id       text,
  result          jsonb,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX award_campaigns_path ON award_campaigns (community_path);
CREATE UNIQUE INDEX award_campaigns_motion ON award_campaigns (motion_id) WHERE motion_id IS NOT NULL;

CREATE TABLE award_nominations (
  id              uuid PRIMARY KEY,
  campaign_id     uuid NOT NULL REFERENCES award_campaigns (id),
  nominee_kind    text NOT NULL CHECK (nominee_kind IN ('household', 'stairwell')),
  -- A household code, or `${buildingCode}/${stairwell}`.
  nominee_code    text NOT NULL,
  -- What is published: a building and stairwell, or the name the family agreed to (never a room number by default).
  label           text NOT NULL,
  reason          text NOT NULL,
  nominated_by    text NOT NULL,
  by_staff        boolean NOT NULL,
  status          text NOT NULL CHECK (status IN ('nominated', 'accepted', 'declined', 'winner', 'notChosen')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, nominee_code)
);

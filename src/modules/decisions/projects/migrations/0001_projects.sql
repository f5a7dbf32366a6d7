-- 双五工程 rounds and the projects that carry them out, and five-society service projects with terms.
-- Councils and motions belong to other parts: they are referenced by id only (docs/projects.md).

CREATE TABLE project_rounds (
  id              uuid PRIMARY KEY,
  community_code  text NOT NULL,
  community_path  text COLLATE "C" NOT NULL,
  year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  council_id      text NOT NULL,
  -- [{ "constituency": "newResident", "count": 1 }, { "count": 2 }]: reserved seats first, then open ones.
  seats           jsonb NOT NULL,
  max_approvals   integer NOT NULL CHECK (max_approvals > 0),
  status          text NOT NULL CHECK (status IN ('collecting', 'deliberating', 'voting', 'tied', 'published', 'reviewing', 'closed')),
  motion_id       text,
  -- The tally as published by the motion (outcome, approvals by constituency, explanation).
  result          jsonb,
  tie_note        text,
  previous_round  uuid REFERENCES project_rounds (id),
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_code, year)
);
CREATE INDEX project_rounds_path ON project_rounds (community_path);
CREATE UNIQUE INDEX project_rounds_motion ON project_rounds (motion_id) WHERE motion_id IS NOT NULL;

CREATE TABLE project_proposals (
  id              uuid PRIMARY KEY,
  round_id        uuid NOT NULL REFERENCES project_rounds (id),
  title           text NOT NULL,
  description     text NOT NULL,
  source          text NOT NULL CHECK (source IN ('resident', 'case', 'meeting', 'staff', 'carriedOver')),
  -- The case number or id, the meeting id, or the proposal carried over.
  source_ref      text,
  constituency    text,
  status          text NOT NULL CHECK (status IN ('submitted', 'onBallot', 'withdrawn', 'chosen', 'notChosen', 'carriedOver')),
  approvals       integer,
  by_constituency jsonb,
  proposed_by     text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_proposals_round ON project_proposals (round_id);

CREATE TABLE project_comments (
  id          uuid PRIMARY KEY,
  proposal_id uuid NOT NULL REFERENCES project_proposals (id),
  stance      text NOT NULL CHECK (stance IN ('for', 'against', 'neutral')),
  body        text NOT NULL,
  author_id   text NOT NULL,
  -- Shown to signed-in readers of the community; never on public pages.
  author_name text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_comments_proposal ON project_comments (proposal_id, created_at);

CREATE TABLE projects (
  id              uuid PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('doubleFive', 'service')),
  community_code  text NOT NULL,
  community_path  text COLLATE "C" NOT NULL,
  title           text NOT NULL,
  description     text NOT NULL DEFAULT '',
  round_id        uuid REFERENCES project_rounds (id),
  proposal_id     uuid REFERENCES project_proposals (id),
  status          text NOT NULL CHECK (status IN ('underway', 'inReview', 'accepted', 'notAccepted',
                                                  'proposed', 'rejected', 'active', 'renewalPending', 'ended')),
  progress        integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  review_motion_id text,
  review_result   jsonb,
  -- Service projects: the representative assembly, the organization that staffs it, the current term.
  council_id      text,
  organization    text,
  term_months     integer,
  notice_days     integer,
  term_starts_on  date,
  term_ends_on    date,
  term_no         integer NOT NULL DEFAULT 0,
  approval_motion_id text,
  renewal_motion_id  text,
  renewal_passed  boolean,
  ended_on        date,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_path ON projects (community_path);
CREATE INDEX projects_round ON projects (round_id);

CREATE TABLE project_milestones (
  id          uuid PRIMARY KEY,
  project_id  uuid NOT NULL REFERENCES projects (id),
  title       text NOT NULL,
  due_on      date,
  done_on     date,
  sort        integer NOT NULL
);
CREATE INDEX project_milestones_project ON project_milestones (project_id, sort);

CREATE TABLE project_progress (
  id          uuid PRIMARY KEY,
  project_id  uuid NOT NULL REFERENCES projects (id),
  percent     integer NOT NULL CHECK (percent BETWEEN 0 AND 100),
  note        text NOT NULL,
  photos      jsonb NOT NULL DEFAULT '[]'::jsonb,
  author_id   text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_progress_project ON project_progress (project_id, at);

-- Terms of a service project, one row per approval or renewal, with the motion that decided it.
CREATE TABLE project_terms (
  project_id  uuid NOT NULL REFERENCES projects (id),
  term_no     integer NOT NULL,
  starts_on   date NOT NULL,
  ends_on     date NOT NULL,
  motion_id   text,
  PRIMARY KEY (project_id, term_no)
);

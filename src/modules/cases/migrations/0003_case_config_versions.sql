-- Every change to the categories (routing matrix, time limits) and settings makes a new version: a full
-- snapshot, who changed it and what (docs/decisions/0137-case-settings-admin.md). A case records the
-- version it was accepted under and keeps it for its later steps: changes apply to new cases only.
CREATE TABLE case_config_versions (
  version          integer PRIMARY KEY,
  config           jsonb NOT NULL,
  changed_by       uuid,
  changed_by_name  text,
  -- { "subject": "category" | "settings", "key": …, "before": …, "after": … }
  change           jsonb NOT NULL,
  changed_at       timestamptz NOT NULL DEFAULT now()
);

INSERT INTO case_config_versions (version, config, change)
SELECT 1,
  jsonb_build_object(
    'categories', (SELECT jsonb_agg(jsonb_build_object('code', code, 'zh', zh, 'en', en, 'affair', affair, 'levels', levels, 'limits', limits, 'sort', sort) ORDER BY sort, code) FROM case_categories),
    'settings', (SELECT jsonb_object_agg(key, value) FROM case_settings)),
  '{"subject": "initial"}'::jsonb;

ALTER TABLE cases ADD COLUMN config_version integer NOT NULL DEFAULT 1;

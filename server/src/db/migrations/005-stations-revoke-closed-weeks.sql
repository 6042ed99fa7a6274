-- A station's token can be revoked (the hash is replaced by an unusable value, revoked_at set) or
-- rotated (a new hash, revoked_at cleared). A week of the activity report can be closed: its figures
-- at that moment are kept, so a report already sent never changes; later corrections show as a
-- difference against them.

ALTER TABLE stations ADD COLUMN revoked_at TEXT;

CREATE TABLE closed_weeks (
  week_start  TEXT PRIMARY KEY,            -- Monday of the ISO week
  closed_at   TEXT NOT NULL,
  closed_by   TEXT NOT NULL,
  figures     TEXT NOT NULL                -- JSON: { registered: {documents, sheets}, processed: {documents, sheets, pages} }
) WITHOUT ROWID;

CREATE INDEX borderouri_current_day ON borderouri (day) WHERE superseded_at IS NULL;

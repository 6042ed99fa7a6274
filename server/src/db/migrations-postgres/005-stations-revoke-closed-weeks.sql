-- Station tokens can be revoked or rotated; closed weeks keep their figures (as
-- migrations/005-stations-revoke-closed-weeks.sql for SQLite).

ALTER TABLE stations ADD COLUMN revoked_at text COLLATE "C";

CREATE TABLE closed_weeks (
  week_start  text COLLATE "C" PRIMARY KEY,
  closed_at   text COLLATE "C" NOT NULL,
  closed_by   text COLLATE "C" NOT NULL,
  figures     text COLLATE "C" NOT NULL
);

CREATE INDEX borderouri_current_day ON borderouri (day) WHERE superseded_at IS NULL;

-- Totals per ISO week and station (as migrations/008-weekly-station-totals.sql for SQLite), kept by the
-- same daily_totals trigger as weekly_totals and weekly_department_totals (007), so the report reads
-- each week's station lines by this primary key. Back-filled from weekly_totals.

CREATE TABLE weekly_station_totals (
  week_start  text COLLATE "C" NOT NULL,
  station_id  bigint NOT NULL,
  documents   integer NOT NULL,
  sheets      integer NOT NULL,
  pages       integer NOT NULL,
  PRIMARY KEY (week_start, station_id)
);

INSERT INTO weekly_station_totals (week_start, station_id, documents, sheets, pages)
SELECT week_start, station_id, SUM(documents), SUM(sheets), SUM(pages)
  FROM weekly_totals GROUP BY week_start, station_id;

CREATE OR REPLACE FUNCTION daily_totals_weekly() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d_documents integer := NEW.documents;
  d_sheets integer := NEW.sheets;
  d_pages integer := NEW.pages;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    d_documents := NEW.documents - OLD.documents;
    d_sheets := NEW.sheets - OLD.sheets;
    d_pages := NEW.pages - OLD.pages;
  END IF;
  INSERT INTO weekly_totals AS t (week_start, station_id, department, documents, sheets, pages)
  VALUES (NEW.week_start, NEW.station_id, NEW.department, d_documents, d_sheets, d_pages)
  ON CONFLICT (week_start, station_id, department) DO UPDATE SET
    documents = t.documents + excluded.documents,
    sheets = t.sheets + excluded.sheets,
    pages = t.pages + excluded.pages;
  INSERT INTO weekly_department_totals AS t (week_start, department, documents, sheets, pages)
  VALUES (NEW.week_start, NEW.department, d_documents, d_sheets, d_pages)
  ON CONFLICT (week_start, department) DO UPDATE SET
    documents = t.documents + excluded.documents,
    sheets = t.sheets + excluded.sheets,
    pages = t.pages + excluded.pages;
  INSERT INTO weekly_station_totals AS t (week_start, station_id, documents, sheets, pages)
  VALUES (NEW.week_start, NEW.station_id, d_documents, d_sheets, d_pages)
  ON CONFLICT (week_start, station_id) DO UPDATE SET
    documents = t.documents + excluded.documents,
    sheets = t.sheets + excluded.sheets,
    pages = t.pages + excluded.pages;
  RETURN NULL;
END
$$;

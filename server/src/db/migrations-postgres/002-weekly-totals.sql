-- Totals per ISO week, station and department (as migrations/002-weekly-totals.sql for SQLite), kept
-- from daily_totals by a trigger in the same transaction, so a report over ten years reads ~13,000
-- rows by the primary key.

CREATE TABLE weekly_totals (
  week_start  text COLLATE "C" NOT NULL,
  station_id  bigint NOT NULL,
  department  text COLLATE "C" NOT NULL,
  documents   integer NOT NULL,
  sheets      integer NOT NULL,
  pages       integer NOT NULL,
  PRIMARY KEY (week_start, station_id, department)
);

INSERT INTO weekly_totals (week_start, station_id, department, documents, sheets, pages)
SELECT week_start, station_id, department, SUM(documents), SUM(sheets), SUM(pages)
  FROM daily_totals GROUP BY week_start, station_id, department;

CREATE FUNCTION daily_totals_weekly() RETURNS trigger LANGUAGE plpgsql AS $$
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
  RETURN NULL;
END
$$;

CREATE TRIGGER daily_totals_weekly_insert AFTER INSERT OR UPDATE ON daily_totals
  FOR EACH ROW EXECUTE FUNCTION daily_totals_weekly();

-- Totals per ISO week, station and department, kept from daily_totals by triggers, so a report over
-- ten years reads ~13,000 rows in key order. Partial weeks at the ends of a period still come from
-- daily_totals. (An UPSERT's DO UPDATE fires the UPDATE trigger.)

CREATE TABLE weekly_totals (
  week_start  TEXT NOT NULL,
  station_id  INTEGER NOT NULL,
  department  TEXT NOT NULL,
  documents   INTEGER NOT NULL,
  sheets      INTEGER NOT NULL,
  pages       INTEGER NOT NULL,
  PRIMARY KEY (week_start, station_id, department)
) WITHOUT ROWID;

INSERT INTO weekly_totals (week_start, station_id, department, documents, sheets, pages)
SELECT week_start, station_id, department, SUM(documents), SUM(sheets), SUM(pages)
  FROM daily_totals GROUP BY week_start, station_id, department;

CREATE TRIGGER daily_totals_weekly_insert AFTER INSERT ON daily_totals BEGIN
  INSERT INTO weekly_totals (week_start, station_id, department, documents, sheets, pages)
  VALUES (NEW.week_start, NEW.station_id, NEW.department, NEW.documents, NEW.sheets, NEW.pages)
  ON CONFLICT (week_start, station_id, department) DO UPDATE SET
    documents = documents + excluded.documents,
    sheets = sheets + excluded.sheets,
    pages = pages + excluded.pages;
END;

CREATE TRIGGER daily_totals_weekly_update AFTER UPDATE ON daily_totals BEGIN
  UPDATE weekly_totals
     SET documents = documents + NEW.documents - OLD.documents,
         sheets = sheets + NEW.sheets - OLD.sheets,
         pages = pages + NEW.pages - OLD.pages
   WHERE week_start = NEW.week_start AND station_id = NEW.station_id AND department = NEW.department;
END;

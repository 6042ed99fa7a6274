-- Totals per ISO week and station (all departments together), kept by the same daily_totals triggers
-- as weekly_totals and weekly_department_totals (007), so the report reads each week's station lines
-- by this primary key instead of summing the ~37,000 rows of weekly_totals over ten years.
-- Back-filled from weekly_totals.

CREATE TABLE weekly_station_totals (
  week_start  TEXT NOT NULL,
  station_id  INTEGER NOT NULL,
  documents   INTEGER NOT NULL,
  sheets      INTEGER NOT NULL,
  pages       INTEGER NOT NULL,
  PRIMARY KEY (week_start, station_id)
) WITHOUT ROWID;

INSERT INTO weekly_station_totals (week_start, station_id, documents, sheets, pages)
SELECT week_start, station_id, SUM(documents), SUM(sheets), SUM(pages)
  FROM weekly_totals GROUP BY week_start, station_id;

DROP TRIGGER daily_totals_weekly_insert;
DROP TRIGGER daily_totals_weekly_update;

CREATE TRIGGER daily_totals_weekly_insert AFTER INSERT ON daily_totals BEGIN
  INSERT INTO weekly_totals (week_start, station_id, department, documents, sheets, pages)
  VALUES (NEW.week_start, NEW.station_id, NEW.department, NEW.documents, NEW.sheets, NEW.pages)
  ON CONFLICT (week_start, station_id, department) DO UPDATE SET
    documents = documents + excluded.documents,
    sheets = sheets + excluded.sheets,
    pages = pages + excluded.pages;
  INSERT INTO weekly_department_totals (week_start, department, documents, sheets, pages)
  VALUES (NEW.week_start, NEW.department, NEW.documents, NEW.sheets, NEW.pages)
  ON CONFLICT (week_start, department) DO UPDATE SET
    documents = documents + excluded.documents,
    sheets = sheets + excluded.sheets,
    pages = pages + excluded.pages;
  INSERT INTO weekly_station_totals (week_start, station_id, documents, sheets, pages)
  VALUES (NEW.week_start, NEW.station_id, NEW.documents, NEW.sheets, NEW.pages)
  ON CONFLICT (week_start, station_id) DO UPDATE SET
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
  UPDATE weekly_department_totals
     SET documents = documents + NEW.documents - OLD.documents,
         sheets = sheets + NEW.sheets - OLD.sheets,
         pages = pages + NEW.pages - OLD.pages
   WHERE week_start = NEW.week_start AND department = NEW.department;
  UPDATE weekly_station_totals
     SET documents = documents + NEW.documents - OLD.documents,
         sheets = sheets + NEW.sheets - OLD.sheets,
         pages = pages + NEW.pages - OLD.pages
   WHERE week_start = NEW.week_start AND station_id = NEW.station_id;
END;

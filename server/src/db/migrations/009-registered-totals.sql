-- The registered side of the weekly report kept as totals: documents and sheets (where the borderou
-- gives nr_file) on the current borderou of each day, per day and department, and per ISO week and
-- department, so the report reads whole weeks and the days of partial weeks by primary key instead of
-- grouping every entry of every current borderou (millions over ten years). Kept by triggers:
-- an entry added, removed or changed on a current borderou, a borderou superseded (its entries leave
-- the totals) or made current again. Back-filled from the current borderouri.

CREATE TABLE registered_daily_totals (
  day         TEXT NOT NULL,
  department  TEXT NOT NULL,
  documents   INTEGER NOT NULL,
  sheets      INTEGER NOT NULL,
  PRIMARY KEY (day, department)
) WITHOUT ROWID;

CREATE TABLE registered_weekly_totals (
  week_start  TEXT NOT NULL,
  department  TEXT NOT NULL,
  documents   INTEGER NOT NULL,
  sheets      INTEGER NOT NULL,
  PRIMARY KEY (week_start, department)
) WITHOUT ROWID;

INSERT INTO registered_daily_totals (day, department, documents, sheets)
SELECT b.day, e.department, COUNT(*), COALESCE(SUM(e.expected_sheets), 0)
  FROM borderouri b JOIN borderou_entries e ON e.borderou_id = b.id
 WHERE b.superseded_at IS NULL
 GROUP BY b.day, e.department;

INSERT INTO registered_weekly_totals (week_start, department, documents, sheets)
SELECT date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days'), department, SUM(documents), SUM(sheets)
  FROM registered_daily_totals
 GROUP BY 1, department;

-- The weekly rows follow the daily rows (as weekly_totals follows daily_totals).
CREATE TRIGGER registered_daily_weekly_insert AFTER INSERT ON registered_daily_totals BEGIN
  INSERT INTO registered_weekly_totals (week_start, department, documents, sheets)
  VALUES (date(NEW.day, '-' || ((CAST(strftime('%w', NEW.day) AS INTEGER) + 6) % 7) || ' days'), NEW.department,
          NEW.documents, NEW.sheets)
  ON CONFLICT (week_start, department) DO UPDATE SET
    documents = documents + excluded.documents,
    sheets = sheets + excluded.sheets;
END;

CREATE TRIGGER registered_daily_weekly_update AFTER UPDATE ON registered_daily_totals BEGIN
  UPDATE registered_weekly_totals
     SET documents = documents + NEW.documents - OLD.documents,
         sheets = sheets + NEW.sheets - OLD.sheets
   WHERE week_start = date(NEW.day, '-' || ((CAST(strftime('%w', NEW.day) AS INTEGER) + 6) % 7) || ' days')
     AND department = NEW.department;
END;

-- An entry counts while its borderou is current (superseded_at IS NULL); the WHERE on borderouri
-- leaves the totals alone for entries of superseded versions.
CREATE TRIGGER borderou_entries_registered_insert AFTER INSERT ON borderou_entries BEGIN
  INSERT INTO registered_daily_totals (day, department, documents, sheets)
  SELECT day, NEW.department, 1, COALESCE(NEW.expected_sheets, 0)
    FROM borderouri WHERE id = NEW.borderou_id AND superseded_at IS NULL
  ON CONFLICT (day, department) DO UPDATE SET
    documents = documents + excluded.documents,
    sheets = sheets + excluded.sheets;
END;

CREATE TRIGGER borderou_entries_registered_delete AFTER DELETE ON borderou_entries BEGIN
  UPDATE registered_daily_totals
     SET documents = documents - 1, sheets = sheets - COALESCE(OLD.expected_sheets, 0)
   WHERE day = (SELECT day FROM borderouri WHERE id = OLD.borderou_id AND superseded_at IS NULL)
     AND department = OLD.department;
END;

CREATE TRIGGER borderou_entries_registered_update AFTER UPDATE OF borderou_id, department, expected_sheets ON borderou_entries BEGIN
  UPDATE registered_daily_totals
     SET documents = documents - 1, sheets = sheets - COALESCE(OLD.expected_sheets, 0)
   WHERE day = (SELECT day FROM borderouri WHERE id = OLD.borderou_id AND superseded_at IS NULL)
     AND department = OLD.department;
  INSERT INTO registered_daily_totals (day, department, documents, sheets)
  SELECT day, NEW.department, 1, COALESCE(NEW.expected_sheets, 0)
    FROM borderouri WHERE id = NEW.borderou_id AND superseded_at IS NULL
  ON CONFLICT (day, department) DO UPDATE SET
    documents = documents + excluded.documents,
    sheets = sheets + excluded.sheets;
END;

-- A borderou superseded (or its day changed, or made current again): its entries leave the totals of
-- the old state and join those of the new one, one row per department.
CREATE TRIGGER borderouri_registered_update AFTER UPDATE OF day, superseded_at ON borderouri
WHEN OLD.day IS NOT NEW.day OR (OLD.superseded_at IS NULL) <> (NEW.superseded_at IS NULL) BEGIN
  INSERT INTO registered_daily_totals (day, department, documents, sheets)
  SELECT OLD.day, department, -COUNT(*), -COALESCE(SUM(expected_sheets), 0)
    FROM borderou_entries WHERE borderou_id = OLD.id AND OLD.superseded_at IS NULL
   GROUP BY department
  ON CONFLICT (day, department) DO UPDATE SET
    documents = documents + excluded.documents,
    sheets = sheets + excluded.sheets;
  INSERT INTO registered_daily_totals (day, department, documents, sheets)
  SELECT NEW.day, department, COUNT(*), COALESCE(SUM(expected_sheets), 0)
    FROM borderou_entries WHERE borderou_id = NEW.id AND NEW.superseded_at IS NULL
   GROUP BY department
  ON CONFLICT (day, department) DO UPDATE SET
    documents = documents + excluded.documents,
    sheets = sheets + excluded.sheets;
END;

CREATE TRIGGER borderouri_registered_delete AFTER DELETE ON borderouri WHEN OLD.superseded_at IS NULL BEGIN
  INSERT INTO registered_daily_totals (day, department, documents, sheets)
  SELECT OLD.day, department, -COUNT(*), -COALESCE(SUM(expected_sheets), 0)
    FROM borderou_entries WHERE borderou_id = OLD.id
   GROUP BY department
  ON CONFLICT (day, department) DO UPDATE SET
    documents = documents + excluded.documents,
    sheets = sheets + excluded.sheets;
END;

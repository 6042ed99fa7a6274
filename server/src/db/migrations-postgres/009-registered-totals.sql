-- The registered side of the weekly report kept as totals (as migrations/009-registered-totals.sql for
-- SQLite): documents and sheets (where the borderou gives nr_file) on the current borderou of each day,
-- per day and department, and per ISO week and department, so the report reads whole weeks and the
-- days of partial weeks by primary key instead of grouping every entry of every current borderou.
-- Kept by triggers: an entry added, removed or changed on a current borderou, a borderou superseded
-- (its entries leave the totals) or made current again. Back-filled from the current borderouri.

CREATE TABLE registered_daily_totals (
  day         text COLLATE "C" NOT NULL,
  department  text COLLATE "C" NOT NULL,
  documents   integer NOT NULL,
  sheets      integer NOT NULL,
  PRIMARY KEY (day, department)
);

CREATE TABLE registered_weekly_totals (
  week_start  text COLLATE "C" NOT NULL,
  department  text COLLATE "C" NOT NULL,
  documents   integer NOT NULL,
  sheets      integer NOT NULL,
  PRIMARY KEY (week_start, department)
);

INSERT INTO registered_daily_totals (day, department, documents, sheets)
SELECT b.day, e.department, COUNT(*), COALESCE(SUM(e.expected_sheets), 0)
  FROM borderouri b JOIN borderou_entries e ON e.borderou_id = b.id
 WHERE b.superseded_at IS NULL
 GROUP BY b.day, e.department;

INSERT INTO registered_weekly_totals (week_start, department, documents, sheets)
SELECT week_start_of(day), department, SUM(documents), SUM(sheets)
  FROM registered_daily_totals
 GROUP BY 1, department;

-- Adds (or, negative, takes away) documents and sheets of one day and department, in both tables.
CREATE FUNCTION registered_totals_add(d_day text, d_department text, d_documents bigint, d_sheets bigint)
  RETURNS void LANGUAGE sql AS $$
  INSERT INTO registered_daily_totals AS t (day, department, documents, sheets)
  VALUES (d_day, d_department, d_documents, d_sheets)
  ON CONFLICT (day, department) DO UPDATE SET
    documents = t.documents + excluded.documents,
    sheets = t.sheets + excluded.sheets;
  INSERT INTO registered_weekly_totals AS t (week_start, department, documents, sheets)
  VALUES (week_start_of(d_day), d_department, d_documents, d_sheets)
  ON CONFLICT (week_start, department) DO UPDATE SET
    documents = t.documents + excluded.documents,
    sheets = t.sheets + excluded.sheets;
$$;

-- An entry counts while its borderou is current (superseded_at IS NULL).
CREATE FUNCTION borderou_entries_registered() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b_day text;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT day INTO b_day FROM borderouri WHERE id = OLD.borderou_id AND superseded_at IS NULL;
    IF FOUND THEN
      PERFORM registered_totals_add(b_day, OLD.department, -1, -COALESCE(OLD.expected_sheets, 0));
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    SELECT day INTO b_day FROM borderouri WHERE id = NEW.borderou_id AND superseded_at IS NULL;
    IF FOUND THEN
      PERFORM registered_totals_add(b_day, NEW.department, 1, COALESCE(NEW.expected_sheets, 0));
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER borderou_entries_registered_insert_delete AFTER INSERT OR DELETE ON borderou_entries
  FOR EACH ROW EXECUTE FUNCTION borderou_entries_registered();
CREATE TRIGGER borderou_entries_registered_update AFTER UPDATE OF borderou_id, department, expected_sheets ON borderou_entries
  FOR EACH ROW EXECUTE FUNCTION borderou_entries_registered();

-- A borderou superseded (or its day changed, or made current again, or removed): its entries leave
-- the totals of the old state and join those of the new one, one call per department.
CREATE FUNCTION borderouri_registered() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  g record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.superseded_at IS NULL THEN
    FOR g IN SELECT department, COUNT(*) AS documents, COALESCE(SUM(expected_sheets), 0) AS sheets
               FROM borderou_entries WHERE borderou_id = OLD.id GROUP BY department LOOP
      PERFORM registered_totals_add(OLD.day, g.department, -g.documents, -g.sheets);
    END LOOP;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.superseded_at IS NULL THEN
    FOR g IN SELECT department, COUNT(*) AS documents, COALESCE(SUM(expected_sheets), 0) AS sheets
               FROM borderou_entries WHERE borderou_id = NEW.id GROUP BY department LOOP
      PERFORM registered_totals_add(NEW.day, g.department, g.documents, g.sheets);
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER borderouri_registered_update AFTER UPDATE OF day, superseded_at ON borderouri
  FOR EACH ROW WHEN (OLD.day IS DISTINCT FROM NEW.day OR (OLD.superseded_at IS NULL) <> (NEW.superseded_at IS NULL))
  EXECUTE FUNCTION borderouri_registered();
CREATE TRIGGER borderouri_registered_delete AFTER DELETE ON borderouri
  FOR EACH ROW WHEN (OLD.superseded_at IS NULL) EXECUTE FUNCTION borderouri_registered();

-- An empty document (two separator sheets in a row) has no PDF: its file and sha256 are NULL, and it
-- is not counted in the totals (as migrations/003-empty-documents.sql for SQLite).

ALTER TABLE documents ALTER COLUMN file DROP NOT NULL;
ALTER TABLE documents ALTER COLUMN sha256 DROP NOT NULL;
ALTER TABLE documents ADD CHECK ((file IS NULL) = (sha256 IS NULL));
ALTER TABLE documents ADD CHECK (file IS NOT NULL OR pages = 0);

CREATE OR REPLACE FUNCTION documents_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.file IS NOT NULL THEN
    PERFORM daily_totals_add(OLD.scan_date, OLD.station_id, OLD.department, -1, -OLD.sheets, -OLD.pages);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.file IS NOT NULL THEN
    PERFORM daily_totals_add(NEW.scan_date, NEW.station_id, NEW.department, 1, NEW.sheets, NEW.pages);
  END IF;
  RETURN NULL;
END
$$;

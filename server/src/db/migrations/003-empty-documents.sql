-- An empty document (two separator sheets in a row) has no PDF: its file and sha256 are NULL.
-- SQLite cannot relax NOT NULL in place, so the table is rebuilt with its indexes and triggers.
-- Triggers are dropped first so copying rows does not touch the pre-aggregated totals.
-- The weekly totals count scanned documents: an empty one (no file) is reported by the
-- reconciliation, not counted as a document.

DROP TRIGGER documents_totals_insert;
DROP TRIGGER documents_totals_delete;
DROP TRIGGER documents_totals_department;

CREATE TABLE documents_new (
  id                 INTEGER PRIMARY KEY,
  batch_ref          INTEGER NOT NULL REFERENCES batches(id),
  station_id         INTEGER NOT NULL REFERENCES stations(id),
  position           INTEGER NOT NULL,     -- order within the batch, from 0
  document_id        TEXT NOT NULL,        -- as sent: the registration number
  registration_key   TEXT NOT NULL,        -- normalised registration number, for matching
  registration_date  TEXT,                 -- from the number's '/DD.MM.YYYY' part, or NULL
  scan_date          TEXT NOT NULL,
  file               TEXT,                 -- NULL for an empty document (no PDF)
  pages              INTEGER NOT NULL,
  sheets             INTEGER NOT NULL,
  sha256             TEXT,                 -- NULL for an empty document
  flags              TEXT NOT NULL,        -- JSON array of strings
  department         TEXT NOT NULL DEFAULT '',  -- from the borderou; '' when unknown
  UNIQUE (batch_ref, position),
  CHECK ((file IS NULL) = (sha256 IS NULL)),
  CHECK (file IS NOT NULL OR pages = 0)
);
INSERT INTO documents_new SELECT id, batch_ref, station_id, position, document_id, registration_key,
  registration_date, scan_date, file, pages, sheets, sha256, flags, department FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;

CREATE INDEX documents_registration_key ON documents (registration_key);
CREATE INDEX documents_registration_date ON documents (registration_date);
CREATE INDEX documents_undated_scan_date ON documents (scan_date) WHERE registration_date IS NULL;

CREATE TRIGGER documents_totals_insert AFTER INSERT ON documents WHEN NEW.file IS NOT NULL BEGIN
  INSERT INTO daily_totals (day, week_start, station_id, department, documents, sheets, pages)
  VALUES (NEW.scan_date,
          date(NEW.scan_date, '-' || ((CAST(strftime('%w', NEW.scan_date) AS INTEGER) + 6) % 7) || ' days'),
          NEW.station_id, NEW.department, 1, NEW.sheets, NEW.pages)
  ON CONFLICT (day, station_id, department) DO UPDATE SET
    documents = documents + 1,
    sheets = sheets + excluded.sheets,
    pages = pages + excluded.pages;
END;

CREATE TRIGGER documents_totals_delete AFTER DELETE ON documents WHEN OLD.file IS NOT NULL BEGIN
  UPDATE daily_totals
     SET documents = documents - 1, sheets = sheets - OLD.sheets, pages = pages - OLD.pages
   WHERE day = OLD.scan_date AND station_id = OLD.station_id AND department = OLD.department;
END;

CREATE TRIGGER documents_totals_department AFTER UPDATE OF department ON documents
WHEN OLD.department IS NOT NEW.department AND NEW.file IS NOT NULL BEGIN
  UPDATE daily_totals
     SET documents = documents - 1, sheets = sheets - OLD.sheets, pages = pages - OLD.pages
   WHERE day = OLD.scan_date AND station_id = OLD.station_id AND department = OLD.department;
  INSERT INTO daily_totals (day, week_start, station_id, department, documents, sheets, pages)
  VALUES (NEW.scan_date,
          date(NEW.scan_date, '-' || ((CAST(strftime('%w', NEW.scan_date) AS INTEGER) + 6) % 7) || ' days'),
          NEW.station_id, NEW.department, 1, NEW.sheets, NEW.pages)
  ON CONFLICT (day, station_id, department) DO UPDATE SET
    documents = documents + 1,
    sheets = sheets + excluded.sheets,
    pages = pages + excluded.pages;
END;

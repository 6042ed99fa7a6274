-- Scan Station registry server: initial schema.
-- Dates are 'YYYY-MM-DD' (local day in the server's time zone), instants ISO 8601 UTC.

CREATE TABLE stations (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  token_hash  TEXT NOT NULL UNIQUE,      -- hex SHA-256 of the bearer token; the token is never stored
  created_at  TEXT NOT NULL
);

CREATE TABLE batches (
  id                INTEGER PRIMARY KEY,
  station_id        INTEGER NOT NULL REFERENCES stations(id),
  batch_id          TEXT NOT NULL,         -- the station's own batch id
  started_at        TEXT NOT NULL,
  ended_at          TEXT NOT NULL,
  scan_date         TEXT NOT NULL,         -- local day of started_at
  separator_pages   INTEGER NOT NULL,
  blank_pages       INTEGER NOT NULL,
  unassigned_pages  INTEGER NOT NULL,
  pages_in          INTEGER NOT NULL,
  document_count    INTEGER NOT NULL,
  report_sha256     TEXT NOT NULL,         -- hash of the canonical report, for idempotency
  received_at       TEXT NOT NULL,
  UNIQUE (station_id, batch_id)
);

CREATE TABLE documents (
  id                 INTEGER PRIMARY KEY,
  batch_ref          INTEGER NOT NULL REFERENCES batches(id),
  station_id         INTEGER NOT NULL REFERENCES stations(id),
  position           INTEGER NOT NULL,     -- order within the batch, from 0
  document_id        TEXT NOT NULL,        -- as sent: the registration number
  registration_key   TEXT NOT NULL,        -- normalised registration number, for matching
  registration_date  TEXT,                 -- from the number's '/DD.MM.YYYY' part, or NULL
  scan_date          TEXT NOT NULL,
  file               TEXT NOT NULL,
  pages              INTEGER NOT NULL,
  sheets             INTEGER NOT NULL,
  sha256             TEXT NOT NULL,
  flags              TEXT NOT NULL,        -- JSON array of strings
  department         TEXT NOT NULL DEFAULT '',  -- from the borderou; '' when unknown
  UNIQUE (batch_ref, position)
);
CREATE INDEX documents_registration_key ON documents (registration_key);
CREATE INDEX documents_registration_date ON documents (registration_date);
CREATE INDEX documents_undated_scan_date ON documents (scan_date) WHERE registration_date IS NULL;

-- Pre-aggregated counts per day, station and department, kept by the triggers below,
-- so weekly reports over years read thousands of rows instead of every document.
CREATE TABLE daily_totals (
  day         TEXT NOT NULL,
  week_start  TEXT NOT NULL,               -- Monday of the day's ISO week
  station_id  INTEGER NOT NULL,
  department  TEXT NOT NULL,
  documents   INTEGER NOT NULL,
  sheets      INTEGER NOT NULL,
  pages       INTEGER NOT NULL,
  PRIMARY KEY (day, station_id, department)
) WITHOUT ROWID;

CREATE TRIGGER documents_totals_insert AFTER INSERT ON documents BEGIN
  INSERT INTO daily_totals (day, week_start, station_id, department, documents, sheets, pages)
  VALUES (NEW.scan_date,
          date(NEW.scan_date, '-' || ((CAST(strftime('%w', NEW.scan_date) AS INTEGER) + 6) % 7) || ' days'),
          NEW.station_id, NEW.department, 1, NEW.sheets, NEW.pages)
  ON CONFLICT (day, station_id, department) DO UPDATE SET
    documents = documents + 1,
    sheets = sheets + excluded.sheets,
    pages = pages + excluded.pages;
END;

CREATE TRIGGER documents_totals_delete AFTER DELETE ON documents BEGIN
  UPDATE daily_totals
     SET documents = documents - 1, sheets = sheets - OLD.sheets, pages = pages - OLD.pages
   WHERE day = OLD.scan_date AND station_id = OLD.station_id AND department = OLD.department;
END;

CREATE TRIGGER documents_totals_department AFTER UPDATE OF department ON documents
WHEN OLD.department IS NOT NEW.department BEGIN
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

-- Every upload of a day's borderou is a version; superseded_at is NULL for the current one.
CREATE TABLE borderouri (
  id              INTEGER PRIMARY KEY,
  day             TEXT NOT NULL,
  version         INTEGER NOT NULL,
  uploaded_at     TEXT NOT NULL,
  superseded_at   TEXT,
  entry_count     INTEGER NOT NULL,
  encoding        TEXT NOT NULL,
  delimiter       TEXT NOT NULL,
  content_sha256  TEXT NOT NULL,
  content         BLOB NOT NULL,           -- the uploaded bytes, as received
  UNIQUE (day, version)
);
CREATE UNIQUE INDEX borderouri_current ON borderouri (day) WHERE superseded_at IS NULL;

CREATE TABLE borderou_entries (
  borderou_id          INTEGER NOT NULL REFERENCES borderouri(id),
  line                 INTEGER NOT NULL,
  registration_number  TEXT NOT NULL,
  registration_key     TEXT NOT NULL,
  department           TEXT NOT NULL,
  expected_sheets      INTEGER,
  entry_date           TEXT,
  notes                TEXT,
  PRIMARY KEY (borderou_id, line)
) WITHOUT ROWID;
CREATE INDEX borderou_entries_key ON borderou_entries (registration_key, borderou_id);

-- Station journal: every batch, page file and page fate, and the durable outbox of reports.
CREATE TABLE batches (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('split', 'scan')),
  status        TEXT NOT NULL CHECK (status IN ('running', 'paused', 'completed', 'failed', 'cancelled')),
  out_dir       TEXT NOT NULL,
  work_dir      TEXT,
  options_json  TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  ended_at      TEXT,
  error_code    TEXT,
  error_message TEXT,
  summary_json  TEXT
);

CREATE TABLE page_files (
  batch_id  TEXT NOT NULL REFERENCES batches (id),
  file_seq  INTEGER NOT NULL,
  path      TEXT NOT NULL,
  sha256    TEXT NOT NULL,
  pages     INTEGER NOT NULL,
  added_at  TEXT NOT NULL,
  PRIMARY KEY (batch_id, file_seq),
  UNIQUE (batch_id, path)
);

CREATE TABLE pages (
  batch_id     TEXT NOT NULL REFERENCES batches (id),
  seq          INTEGER NOT NULL,
  path         TEXT NOT NULL,
  page_in_file INTEGER NOT NULL,
  fate         TEXT NOT NULL CHECK (fate IN ('document', 'unassigned', 'separator', 'blank')),
  document_id  TEXT,
  PRIMARY KEY (batch_id, seq)
);

CREATE TABLE outbox (
  batch_id        TEXT PRIMARY KEY REFERENCES batches (id),
  payload_json    TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  delivered_at    TEXT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE consumed_files (
  key          TEXT PRIMARY KEY,
  path         TEXT NOT NULL,
  consumed_at  TEXT NOT NULL
);

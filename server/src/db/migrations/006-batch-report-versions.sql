-- Every version of a batch report is kept (a station corrects a batch in its review page and sends
-- the report again with a higher version). `batches` and `documents` hold the latest version only,
-- so the reconciliation and the totals (triggers of 001–003) follow it: a new version deletes the
-- batch's documents (the delete trigger subtracts them) and inserts the new ones (the insert trigger
-- adds them), in one transaction. `batch_versions` keeps what each version said.

ALTER TABLE batches ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE batch_versions (
  batch_ref         INTEGER NOT NULL REFERENCES batches(id),
  version           INTEGER NOT NULL CHECK (version >= 1),
  report_sha256     TEXT NOT NULL,
  received_at       TEXT NOT NULL,
  started_at        TEXT NOT NULL,
  ended_at          TEXT NOT NULL,
  scan_date         TEXT NOT NULL,
  separator_pages   INTEGER NOT NULL,
  blank_pages       INTEGER NOT NULL,
  unassigned_pages  INTEGER NOT NULL,
  pages_in          INTEGER NOT NULL,
  document_count    INTEGER NOT NULL,
  documents         TEXT NOT NULL,         -- JSON array: [{ id, file, pages, sheets, sha256, flags }] as received
  PRIMARY KEY (batch_ref, version)
) WITHOUT ROWID;

-- The batches recorded before this migration are their version 1.
INSERT INTO batch_versions (batch_ref, version, report_sha256, received_at, started_at, ended_at, scan_date,
                            separator_pages, blank_pages, unassigned_pages, pages_in, document_count, documents)
SELECT b.id, 1, b.report_sha256, b.received_at, b.started_at, b.ended_at, b.scan_date,
       b.separator_pages, b.blank_pages, b.unassigned_pages, b.pages_in, b.document_count,
       (SELECT json_group_array(json_object('id', d.document_id, 'file', d.file, 'pages', d.pages, 'sheets', d.sheets,
                                            'sha256', d.sha256, 'flags', json(d.flags)))
          FROM (SELECT * FROM documents WHERE batch_ref = b.id ORDER BY position) d)
  FROM batches b;

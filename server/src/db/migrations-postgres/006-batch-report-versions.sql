-- Every version of a batch report is kept (as migrations/006-batch-report-versions.sql for SQLite):
-- `batches` and `documents` hold the latest version, `batch_versions` what each version said.

ALTER TABLE batches ADD COLUMN version integer NOT NULL DEFAULT 1;

CREATE TABLE batch_versions (
  batch_ref         bigint NOT NULL REFERENCES batches(id),
  version           integer NOT NULL CHECK (version >= 1),
  report_sha256     text COLLATE "C" NOT NULL,
  received_at       text COLLATE "C" NOT NULL,
  started_at        text COLLATE "C" NOT NULL,
  ended_at          text COLLATE "C" NOT NULL,
  scan_date         text COLLATE "C" NOT NULL,
  separator_pages   integer NOT NULL,
  blank_pages       integer NOT NULL,
  unassigned_pages  integer NOT NULL,
  pages_in          integer NOT NULL,
  document_count    integer NOT NULL,
  documents         text COLLATE "C" NOT NULL,
  PRIMARY KEY (batch_ref, version)
);

-- The batches recorded before this migration are their version 1.
INSERT INTO batch_versions (batch_ref, version, report_sha256, received_at, started_at, ended_at, scan_date,
                            separator_pages, blank_pages, unassigned_pages, pages_in, document_count, documents)
SELECT b.id, 1, b.report_sha256, b.received_at, b.started_at, b.ended_at, b.scan_date,
       b.separator_pages, b.blank_pages, b.unassigned_pages, b.pages_in, b.document_count,
       COALESCE((SELECT json_agg(json_build_object('id', d.document_id, 'file', d.file, 'pages', d.pages, 'sheets', d.sheets,
                                                   'sha256', d.sha256, 'flags', d.flags::json) ORDER BY d.position)
                   FROM documents d WHERE d.batch_ref = b.id)::text, '[]')
  FROM batches b;

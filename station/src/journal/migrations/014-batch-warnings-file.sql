-- A scan batch's warnings each kept as the driver said it, with the file it names (null for those
-- kept before): two warnings in the same words are two files (a scanner reusing SCAN0001.PDF, a/x.txt
-- and b/x.txt in a watched tree), not one. 012's UNIQUE (batch_id, code, message) merged them, so the
-- table is made again without it (SQLite cannot drop a constraint); a resumed batch leaves out an
-- earlier run's warning said again for the same file itself (scan/folder-warnings.ts).
CREATE TABLE batch_warnings_014 (
  batch_id TEXT NOT NULL REFERENCES batches (id),
  n        INTEGER NOT NULL,
  code     TEXT NOT NULL,
  message  TEXT NOT NULL,
  file     TEXT,
  PRIMARY KEY (batch_id, n)
);
INSERT INTO batch_warnings_014 (batch_id, n, code, message) SELECT batch_id, n, code, message FROM batch_warnings;
DROP TABLE batch_warnings;
ALTER TABLE batch_warnings_014 RENAME TO batch_warnings;

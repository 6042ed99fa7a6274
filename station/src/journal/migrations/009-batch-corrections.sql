-- Corrections the clerk saved from the review page: one row per correction, per saved version.
CREATE TABLE batch_corrections (
  batch_id    TEXT NOT NULL REFERENCES batches (id),
  version     INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  what        TEXT NOT NULL,
  detail_json TEXT NOT NULL,
  at          TEXT NOT NULL,
  PRIMARY KEY (batch_id, version, n)
);

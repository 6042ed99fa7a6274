-- A scan batch's warnings (a file the watched folder left out or had taken already), kept as they
-- come so a batch paused and resumed ends with those of all its runs, each once.
CREATE TABLE batch_warnings (
  batch_id TEXT NOT NULL REFERENCES batches (id),
  n        INTEGER NOT NULL,
  code     TEXT NOT NULL,
  message  TEXT NOT NULL,
  PRIMARY KEY (batch_id, n),
  UNIQUE (batch_id, code, message)
);

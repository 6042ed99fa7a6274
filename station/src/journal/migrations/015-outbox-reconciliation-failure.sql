-- The last check with the registry that failed (nothing answering, an older server without
-- `POST /api/batches/held`): remembered so it is not asked again at every delivery (every pass of
-- `station sync --watch`), only from `retry_at` on, and logged once per change of state.
CREATE TABLE outbox_reconciliation_failure (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  code       TEXT NOT NULL,
  failed_at  TEXT NOT NULL,
  retry_at   TEXT NOT NULL
);

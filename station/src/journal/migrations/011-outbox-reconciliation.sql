-- A delivered report the registry turns out not to hold (its database restored from a backup taken
-- before the report arrived) goes back in the queue: `missing_at` says when it was found missing, so
-- the outbox page can tell the clerk why a report delivered earlier waits again.
ALTER TABLE outbox ADD COLUMN missing_at TEXT;

-- When the station last asked the registry which of its recently delivered reports it holds.
CREATE TABLE outbox_reconciliation (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at  TEXT NOT NULL
);

CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;

-- Reports the server refused for a reason retrying cannot fix wait for the clerk (not retried blindly),
-- with the server's problem list; the station's name is fixed once, in the journal.
ALTER TABLE outbox ADD COLUMN attention_at TEXT;
ALTER TABLE outbox ADD COLUMN problems_json TEXT;

CREATE TABLE station_identity (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  name      TEXT NOT NULL,
  fixed_at  TEXT NOT NULL
);

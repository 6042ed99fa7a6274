-- People who use the web application, their sessions, failed logins (for rate limiting) and the
-- append-only audit log. Session ids and passwords are never stored: only a SHA-256 of the
-- session id and an argon2id hash of the password.

CREATE TABLE users (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role                 TEXT NOT NULL CHECK (role IN ('admin', 'registratura', 'raport')),
  password_hash        TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  password_changed_at  TEXT NOT NULL,
  disabled_at          TEXT
);

CREATE TABLE sessions (
  id_hash       TEXT PRIMARY KEY,          -- hex SHA-256 of the cookie value
  user_id       INTEGER NOT NULL REFERENCES users(id),
  csrf_token    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  address       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
  id         INTEGER PRIMARY KEY,
  user_name  TEXT NOT NULL COLLATE NOCASE,
  address    TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures (user_name, at);
CREATE INDEX login_failures_address ON login_failures (address, at);

CREATE TABLE audit_log (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL,                  -- 'user:<name>', 'admin-token', 'cli', 'station:<name>', 'anonymous'
  action   TEXT NOT NULL,
  target   TEXT,
  address  TEXT,
  details  TEXT NOT NULL DEFAULT '{}'      -- JSON object
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Who uploaded each borderou version ('user:<name>' or 'admin'); NULL for versions from before.
ALTER TABLE borderouri ADD COLUMN uploaded_by TEXT;

-- The logins in the audit log, by user, address and time (as migrations/013-audit-log-logins.sql
-- for SQLite): the login lockout asks whether a user logged in from an address within 30 days
-- (audit-repository.ts loggedInFrom), which scanned the whole log before. Partial: only the
-- 'login' entries, which the query always names.
CREATE INDEX audit_log_logins ON audit_log (target, address, at) WHERE action = 'login';

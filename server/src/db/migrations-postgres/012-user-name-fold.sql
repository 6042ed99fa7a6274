-- User names compare alike on both engines (server/src/repositories/user-name-fold.ts): A–Z and the
-- Romanian capitals (Ă Â Î Ș Ț Ş Ţ) count as small letters. lower() under the columns' COLLATE "C"
-- folds A–Z only, while lower() of a parameter used the database's locale, so a name written with
-- «Ș» never matched (no login, no name-wide lock). The expression below is foldedSql('name'), written
-- exactly so that lookups use the index; it replaces the index on lower(name).
-- A database already holding two users whose names differ only so refuses this version (the index).
CREATE UNIQUE INDEX users_name_fold ON users (lower(replace(replace(replace(replace(replace(replace(replace(name, 'Ă', 'ă'), 'Â', 'â'), 'Î', 'î'), 'Ș', 'ș'), 'Ț', 'ț'), 'Ş', 'ş'), 'Ţ', 'ţ')));
DROP INDEX users_name;

-- Failed logins are stored under the folded name and compared as stored.
UPDATE login_failures SET user_name = lower(replace(replace(replace(replace(replace(replace(replace(user_name, 'Ă', 'ă'), 'Â', 'â'), 'Î', 'î'), 'Ș', 'ș'), 'Ț', 'ț'), 'Ş', 'ş'), 'Ţ', 'ţ'));
DROP INDEX login_failures_user;
CREATE INDEX login_failures_user ON login_failures (user_name, at);

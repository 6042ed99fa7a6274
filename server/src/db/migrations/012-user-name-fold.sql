-- User names compare alike on both engines (server/src/repositories/user-name-fold.ts): A–Z and the
-- Romanian capitals (Ă Â Î Ș Ț Ş Ţ) count as small letters. COLLATE NOCASE folded A–Z only, so
-- «Ștefan» and «ștefan» were two names (two users could be made; their failed logins were counted
-- apart). The expression below is foldedSql('name'), written exactly so that lookups use the index.
-- A database already holding two users whose names differ only so refuses this version (the index).
CREATE UNIQUE INDEX users_name_fold ON users (lower(replace(replace(replace(replace(replace(replace(replace(name, 'Ă', 'ă'), 'Â', 'â'), 'Î', 'î'), 'Ș', 'ș'), 'Ț', 'ț'), 'Ş', 'ş'), 'Ţ', 'ţ')));

-- Failed logins are stored under the folded name from now on; those of the last day are folded too.
UPDATE login_failures SET user_name = lower(replace(replace(replace(replace(replace(replace(replace(user_name, 'Ă', 'ă'), 'Â', 'â'), 'Î', 'î'), 'Ș', 'ș'), 'Ț', 'ț'), 'Ş', 'ş'), 'Ţ', 'ţ'));

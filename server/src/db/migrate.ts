/**
 * Applies the numbered SQL migrations (`migrations/001-*.sql`, `002-*.sql`… for SQLite,
 * `migrations-postgres/` for PostgreSQL: the same versions, each file saying the same in its dialect)
 * in order. Each pending migration runs in its own IMMEDIATE transaction together with its
 * `schema_migrations` row, so a crash leaves the database at a whole version. PostgreSQL: migrate-postgres.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { StationError } from '../../../shared/src/errors.ts';
import { sqliteFailure } from './sqlite-failure.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations-postgres/', import.meta.url));
const FILE_PATTERN = /^(\d{3})-[a-z0-9-]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((name) => ({ name, match: FILE_PATTERN.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null)
    .map(({ name, match }) => ({ version: Number(match[1]), name, sql: readFileSync(`${dir}/${name}`, 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new StationError('INTERNAL', undefined, { reason: 'migration numbering has a gap', file: m.name });
    }
  });
  return migrations;
}

/** Throws DATABASE_TOO_NEW when the database has a version this server does not know. */
export function refuseNewer(location: string, applied: readonly number[], migrations: readonly Migration[]): void {
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new StationError(
      'DATABASE_TOO_NEW',
      `Baza de date ${location} este la versiunea ${newest} a schemei, iar acest server o cunoaște doar până la versiunea ${known}: `
        + 'a fost folosită de o versiune mai nouă a serverului. Porniți versiunea nouă a serverului '
        + '(sau restaurați o copie de siguranță făcută cu această versiune); baza de date nu a fost modificată.',
      { databaseVersion: newest, knownVersion: known },
    );
  }
}

/**
 * Returns the versions applied by this call (empty when the database was already up to date). A
 * failure of the file (full disk, locked, corrupt…) is thrown as `sqliteFailure`'s StationError naming
 * the file and the migration. `legacy_alter_table` (which a migration may turn on for its renames, as
 * 011 does) is put back as it was after each migration, also when it failed midway: the connection
 * stays the server's, whose later renames must check the schema.
 */
export function migrate(db: Database, migrations: Migration[] = loadMigrations()): number[] {
  let current: string | undefined;
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const appliedVersions = (): Set<number> =>
      new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);

    const found = appliedVersions();
    refuseNewer(db.name, [...found], migrations);

    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    // no write transaction for a version already there: an up-to-date file opens even while another process writes
    for (const migration of migrations.filter((m) => !found.has(m.version))) {
      current = migration.name;
      const apply = db.transaction(() => {
        // Re-checked inside the write lock: another process may have applied it meanwhile.
        if (appliedVersions().has(migration.version)) return;
        db.exec(migration.sql);
        record.run(migration.version, migration.name, new Date().toISOString());
        applied.push(migration.version);
      });
      const legacyAlterTable = db.pragma('legacy_alter_table', { simple: true }) ? 'ON' : 'OFF';
      try {
        apply.immediate();
      } finally {
        db.pragma(`legacy_alter_table = ${legacyAlterTable}`);
      }
    }
    return applied;
  } catch (err) {
    throw sqliteFailure(db.name, current, err);
  }
}

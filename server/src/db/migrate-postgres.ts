/**
 * The numbered migrations on PostgreSQL (`migrations-postgres/`, the same versions as SQLite's). Each
 * pending migration runs in its own transaction with its `schema_migrations` row, under an advisory
 * lock, so instances starting together apply each migration once and a crash leaves a whole version;
 * a table another connection holds is waited for at most `MIGRATION_LOCK_TIMEOUT_MS` (DATABASE_BUSY).
 */
import { postgresFailure } from './postgres-failure.ts';
import type { SqlClient, SqlTransaction } from './sql-client.ts';
import { loadMigrations, POSTGRES_MIGRATIONS_DIR, refuseNewer, type Migration } from './migrate.ts';

const LOCK = 'scan-station:schema-migrations';

/**
 * How long a migration waits for a table another connection holds (a running server's long
 * transaction) before it gives up with DATABASE_BUSY (55P03). Without it the migration would wait
 * for ever, and every new query on that table would queue behind its own lock request.
 */
export const MIGRATION_LOCK_TIMEOUT_MS = 10_000;

interface MigratePostgresOptions {
  /** The wait above, in milliseconds (tests give a short one). */
  lockTimeoutMs?: number;
}

/**
 * Sets the transaction's lock_timeout (SET LOCAL: it ends with the transaction), after the advisory
 * lock so instances migrating together still wait for each other. A stricter lock_timeout the
 * administrator gave the database or its user is kept.
 */
async function limitLockWait(tx: SqlTransaction, ms: number): Promise<void> {
  await tx.get(`SELECT set_config('lock_timeout', ?, true) FROM pg_settings
    WHERE name = 'lock_timeout' AND (setting::bigint = 0 OR setting::bigint > ?)`, [`${ms}ms`, ms]);
}

export function loadPostgresMigrations(): Migration[] {
  return loadMigrations(POSTGRES_MIGRATIONS_DIR);
}

/**
 * Returns the versions applied by this call (empty when the database was already up to date). A
 * failure (full disk, tables locked, read-only server, connection lost…) is thrown as
 * `postgresFailure`'s StationError naming the database and the migration.
 */
export async function migratePostgres(db: SqlClient, migrations: Migration[] = loadPostgresMigrations(),
  { lockTimeoutMs = MIGRATION_LOCK_TIMEOUT_MS }: MigratePostgresOptions = {}): Promise<number[]> {
  let current: string | undefined;
  try {
    const versions = await db.transaction(async (tx) => {
      await tx.lock(LOCK);
      await limitLockWait(tx, lockTimeoutMs);
      await tx.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
      return (await tx.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version);
    });
    refuseNewer(db.location, versions, migrations);

    const applied: number[] = [];
    for (const migration of migrations) {
      if (versions.includes(migration.version)) continue;
      current = migration.name;
      await db.transaction(async (tx) => {
        await tx.lock(LOCK);
        await limitLockWait(tx, lockTimeoutMs);
        // Re-checked under the lock: another instance may have applied it meanwhile.
        if (await tx.get('SELECT 1 FROM schema_migrations WHERE version = ?', [migration.version])) return;
        await tx.exec(migration.sql);
        await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
          [migration.version, migration.name, new Date().toISOString()]);
        applied.push(migration.version);
      });
    }
    return applied;
  } catch (err) {
    throw postgresFailure(db.location, current, err);
  }
}

/**
 * Opens (creating and migrating on first use) the station's SQLite journal in WAL mode.
 * Migrations are the numbered `.sql` files beside this module, applied in order, once.
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { preparePrivateDatabase } from '../../../shared/src/private-files.ts';

export type JournalDb = Database.Database;

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function openJournal(dataDir: string): JournalDb {
  // The data folder 0700, the journal and its -wal/-shm 0600: readable by the clerk's user only.
  const file = path.join(dataDir, 'station.db');
  preparePrivateDatabase(dataDir, file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // a reported page must survive a power cut
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: JournalDb): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}-.+\.sql$/.test(f)).sort();
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (applied.has(version)) continue;
    const sql = readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    // the write lock first (IMMEDIATE), then the check: another process opening a new journal at the same
    // moment (the clerk's icon clicked twice on a new station) may have applied it since `applied` was read
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(version)) return;
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(version, file, new Date().toISOString());
    }).immediate();
  }
}

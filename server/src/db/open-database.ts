/** Opens (creating if needed, private to the server's user) the server's SQLite file in WAL mode and brings its schema up to date. */
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { preparePrivateDatabase } from '../../../shared/src/private-files.ts';
import { migrate } from './migrate.ts';
import { sqliteFailure } from './sqlite-failure.ts';

export const DATABASE_FILE = 'registry.sqlite';

/** The connection with the server's settings, schema left as it is (`server db migrate` migrates it itself). */
export function connectDatabase(file: string): Database {
  // The folder 0700, the database and its -wal/-shm 0600: readable by the server's user only.
  preparePrivateDatabase(dirname(file), file);
  let db: Database;
  try {
    db = new BetterSqlite3(file);
  } catch (err) {
    throw sqliteFailure(file, undefined, err);
  }
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a report the server has acknowledged survives a power cut (the station drops it from its outbox).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (err) {
    db.close();
    // a corrupt or foreign file fails here (SQLITE_NOTADB), a locked one while leaving WAL mode (SQLITE_BUSY)
    throw sqliteFailure(file, undefined, err);
  }
}

export function openDatabase(file: string): Database {
  const db = connectDatabase(file);
  try {
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

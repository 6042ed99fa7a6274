/**
 * Where a registry server process keeps its data, on either engine, and how a test reads it back
 * directly (not through the server): SQLite in a DATA_DIR, or a fresh PostgreSQL database from
 * `postgres.ts`. `env` is what the server process is started with.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from './postgres.ts';

export interface StoredBatch { station: string; batchId: string; documentCount: number }
export interface StoredDocument { station: string; batchId: string; id: string; file: string | null; pages: number; sheets: number; sha256: string | null }

export interface RegistryStore {
  engine: 'sqlite' | 'postgres';
  dataDir: string;
  /** PostgreSQL: the database's URL. */
  url: string | null;
  env: NodeJS.ProcessEnv;
  /** Every batch, by station then batch id (byte order). */
  batches(): Promise<StoredBatch[]>;
  /** Every document, by station, batch id and position. */
  documents(): Promise<StoredDocument[]>;
  close(): Promise<void>;
}

const BATCHES_SQL = `SELECT s.name AS station, b.batch_id AS "batchId", b.document_count AS "documentCount"
  FROM batches b JOIN stations s ON s.id = b.station_id ORDER BY s.name COLLATE %C, b.batch_id COLLATE %C`;
const DOCUMENTS_SQL = `SELECT s.name AS station, b.batch_id AS "batchId", d.document_id AS id, d.file, d.pages, d.sheets, d.sha256
  FROM documents d JOIN batches b ON b.id = d.batch_ref JOIN stations s ON s.id = b.station_id
  ORDER BY s.name COLLATE %C, b.batch_id COLLATE %C, d.position`;

/** The registry in `dataDir/registry.sqlite`. */
export function sqliteStore(dataDir: string): RegistryStore {
  const read = <T>(sql: string): T[] => {
    const db = new Database(path.join(dataDir, 'registry.sqlite'), { fileMustExist: true, readonly: true });
    try {
      return db.prepare(sql.replaceAll('%C', 'BINARY')).all() as T[];
    } finally {
      db.close();
    }
  };
  return {
    engine: 'sqlite',
    dataDir,
    url: null,
    env: { DATA_DIR: dataDir },
    batches: async () => read<StoredBatch>(BATCHES_SQL),
    documents: async () => read<StoredDocument>(DOCUMENTS_SQL),
    close: async () => {},
  };
}

// bigint as a number, as the server's own client reads it
const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format)) } as pg.CustomTypesConfig;

/** Runs one query on the database at `url` with a connection of its own. */
export async function queryPostgres<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, types });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database (or `database`), dropped by `close()`; DATA_DIR still holds the admin token file and such. */
export async function postgresStore(dataDir: string, database?: TestDatabase): Promise<RegistryStore> {
  const db = database ?? await createTestDatabase();
  return {
    engine: 'postgres',
    dataDir,
    url: db.url,
    env: { DATA_DIR: dataDir, DATABASE_URL: db.url },
    batches: () => queryPostgres<StoredBatch>(db.url, BATCHES_SQL.replaceAll('%C', '"C"')),
    documents: () => queryPostgres<StoredDocument>(db.url, DOCUMENTS_SQL.replaceAll('%C', '"C"')),
    close: () => db.drop(),
  };
}

export function registryStore(engine: 'sqlite' | 'postgres', dataDir: string): Promise<RegistryStore> {
  return engine === 'sqlite' ? Promise.resolve(sqliteStore(dataDir)) : postgresStore(dataDir);
}

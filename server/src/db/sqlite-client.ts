/**
 * `SqlClient` over one better-sqlite3 connection. Statements run synchronously; a transaction holds
 * the connection until it ends, and any statement or transaction started meanwhile waits its turn
 * (otherwise it would run inside the open transaction).
 */
import type { Database, Statement } from 'better-sqlite3';
import { writeInSnapshot, type RunResult, type SqlClient, type SqlRunner, type SqlTransaction } from './sql-client.ts';

/**
 * The planner's statistics of the weekly report's totals tables (kept in line-then-week order, migration
 * 011), which let a short period skip-scan each line's weeks instead of reading the table through:
 * a few thousand rows each, analysed in milliseconds. (`PRAGMA
 * optimize` would also analyse the documents and their indexes: 10 s on the bench's 2.3 GB registry.)
 */
export const ANALYZE_REPORT_TABLES = 'ANALYZE weekly_station_totals; ANALYZE weekly_department_totals; ANALYZE registered_weekly_totals;';
/** How often they are refreshed while the server runs, so a registry that started empty comes to skip-scan without a restart. */
const ANALYZE_EVERY_MS = 6 * 60 * 60 * 1000;

const toParam = (v: unknown): unknown => (v === undefined ? null : typeof v === 'boolean' ? Number(v) : v);

export interface SqliteClient extends SqlClient {
  /** The connection itself, for SQLite-only work (online backup, tests). */
  readonly raw: Database;
}

export function createSqliteClient(db: Database): SqliteClient {
  const statements = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      if (statements.size > 500) statements.clear();
      statements.set(sql, stmt);
    }
    return stmt;
  };

  const direct: SqlRunner = {
    engine: 'sqlite',
    async all<T>(sql: string, params: readonly unknown[] = []) {
      return prepare(sql).all(...params.map(toParam)) as T[];
    },
    async get<T>(sql: string, params: readonly unknown[] = []) {
      return prepare(sql).get(...params.map(toParam)) as T | undefined;
    },
    async run(sql: string, params: readonly unknown[] = []): Promise<RunResult> {
      const stmt = prepare(sql);
      if (stmt.reader) {
        const rows = stmt.all(...params.map(toParam)) as Record<string, unknown>[];
        return { changes: rows.length, rows };
      }
      return { changes: stmt.run(...params.map(toParam)).changes, rows: [] };
    },
  };
  /** The snapshot's runner: reads only, as PostgreSQL's READ ONLY transaction (a write would be committed with the reads). */
  const readOnly = (stmt: Statement): Statement => {
    if (!stmt.readonly) throw writeInSnapshot();
    return stmt;
  };
  const reader: SqlRunner = {
    engine: 'sqlite',
    async all<T>(sql: string, params: readonly unknown[] = []) {
      return readOnly(prepare(sql)).all(...params.map(toParam)) as T[];
    },
    async get<T>(sql: string, params: readonly unknown[] = []) {
      return readOnly(prepare(sql)).get(...params.map(toParam)) as T | undefined;
    },
    async run(sql: string, params: readonly unknown[] = []) {
      readOnly(prepare(sql));
      return direct.run(sql, params);
    },
  };
  const tx: SqlTransaction = {
    ...direct,
    lock: async () => undefined,
    lockShared: async () => undefined,
    exec: async (script) => {
      db.exec(script);
    },
  };

  // Work that needs the connection to itself (a transaction) queues here; a single statement runs at
  // once unless a transaction is running or waiting, then it waits behind it.
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    pending += 1;
    const result = tail.then(work).finally(() => {
      pending -= 1;
    });
    tail = result.catch(() => undefined);
    return result;
  };
  const whenFree = <T>(work: () => Promise<T>): Promise<T> => (pending > 0 ? enqueue(work) : work());
  const inTransaction = <T>(begin: string, work: () => Promise<T>): Promise<T> => enqueue(async () => {
    db.exec(begin);
    try {
      const value = await work();
      db.exec('COMMIT');
      return value;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  });

  const analyzer = setInterval(() => {
    // An optimisation only: a failure (the disk full, a registry not yet migrated) leaves the old statistics.
    whenFree(async () => {
      db.exec(ANALYZE_REPORT_TABLES);
    }).catch(() => undefined);
  }, ANALYZE_EVERY_MS);
  analyzer.unref();

  return {
    engine: 'sqlite',
    location: db.name,
    raw: db,
    all: (sql, params) => whenFree(() => direct.all(sql, params)),
    get: (sql, params) => whenFree(() => direct.get(sql, params)),
    run: (sql, params) => whenFree(() => direct.run(sql, params)),
    transaction: (work) => inTransaction('BEGIN IMMEDIATE', () => work(tx)),
    // a deferred BEGIN: the read transaction (WAL: a snapshot) starts at its first read
    snapshot: (work) => inTransaction('BEGIN', () => work(reader)),
    exec: (script) => whenFree(async () => {
      db.exec(script);
    }),
    close: async () => {
      clearInterval(analyzer);
      await tail;
      if (db.open) db.close();
    },
  };
}

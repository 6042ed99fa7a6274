/**
 * The one seam between the repositories and a database engine: SQLite (better-sqlite3, embedded) or
 * PostgreSQL (pg). Statements are written once with `?` placeholders; where the dialects differ a
 * repository passes per-engine text (see `dialect`). Rows come back with numbers as numbers on both
 * engines (PostgreSQL's bigint and numeric are converted), and camelCase aliases must be quoted.
 */
import { StationError } from '../../../shared/src/errors.ts';

export type Engine = 'sqlite' | 'postgres';

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
  /** The rows of a `RETURNING` clause (empty without one). */
  rows: Record<string, unknown>[];
}

/** What a repository may do: on the client directly (autocommit) or inside a transaction. */
export interface SqlRunner {
  readonly engine: Engine;
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<RunResult>;
}

export interface SqlTransaction extends SqlRunner {
  /**
   * Serializes this transaction with every other holding the same key until it ends (PostgreSQL:
   * a transaction-level advisory lock; SQLite: nothing to do, a write transaction is already alone).
   */
  lock(key: string): Promise<void>;
  /**
   * The same key held shared: transactions holding it shared run together, one holding it with
   * `lock` runs alone (PostgreSQL: a shared advisory lock; SQLite: nothing to do).
   */
  lockShared(key: string): Promise<void>;
  /** Runs a script of several statements (migrations), without parameters. */
  exec(script: string): Promise<void>;
}

export interface SqlClient extends SqlRunner {
  /** Where the data lives, for messages: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  /**
   * Runs `work` in one write transaction, committed when it resolves and rolled back when it throws.
   * PostgreSQL: READ COMMITTED, retried from the start on a serialization failure or a deadlock, so
   * `work` must do nothing but database work. SQLite: BEGIN IMMEDIATE, transactions one at a time.
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /**
   * Runs `work`'s reads in one snapshot: every statement sees the database as it was at the first,
   * whatever commits meanwhile (a report read in several statements adds up). PostgreSQL: REPEATABLE
   * READ READ ONLY; statements issued together run on up to three connections sharing the first
   * one's exported snapshot. SQLite: a read transaction (BEGIN … COMMIT), queued like the write ones.
   * A statement that would write fails on both with `writeInSnapshot()` and changes nothing.
   */
  snapshot<T>(work: (reader: SqlRunner) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations), without parameters. */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** A transaction about to run again (PostgreSQL: after a deadlock or a serialization failure). */
export interface TransactionRetry {
  /** The attempt that failed (1 for the first). */
  attempt: number;
  /** PostgreSQL's SQLSTATE: 40P01 deadlock, 40001 serialization failure. */
  code: string;
}

/** The text for this engine: `dialect(db, { sqlite: '…', postgres: '…' })`. */
export function dialect<T>(db: { engine: Engine }, choices: Record<Engine, T>): T {
  return choices[db.engine];
}

/** A statement that would write, asked of a `snapshot` (a programming error: the snapshot only reads). */
export const writeInSnapshot = (cause?: unknown): StationError =>
  new StationError('INTERNAL', undefined, { reason: 'write in a read-only snapshot' }, { cause });

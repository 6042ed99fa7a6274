/**
 * `SqlClient` over a pg connection pool. `?` placeholders become `$1, $2…`; bigint and numeric come
 * back as JavaScript numbers (counts and sums stay far below 2^53). A transaction runs on one pooled
 * connection and is retried from the start on a serialization failure or a deadlock (the caller is
 * told, to log it; the repositories take their locks in one order, so a deadlock should not happen).
 */
import pg from 'pg';
import { StationError } from '../../../shared/src/errors.ts';
import { writeInSnapshot, type RunResult, type SqlClient, type SqlRunner, type SqlTransaction, type TransactionRetry } from './sql-client.ts';

/**
 * The SQL taking the transaction-level advisory lock named `$1` (exclusive, or shared): PostgreSQL
 * locks a 64-bit key, the name's hash. Tests hold a repository's lock with the same statement.
 */
export function advisoryLockSql(mode: 'exclusive' | 'shared' = 'exclusive'): string {
  return `SELECT pg_advisory_xact_lock${mode === 'shared' ? '_shared' : ''}(hashtextextended($1, 0))`;
}

const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Errors after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);

const READ_ONLY_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
/** SQLSTATE read_only_sql_transaction: a write asked of the READ ONLY snapshot. */
const READ_ONLY_TRANSACTION = '25006';
/** A statement asked of a snapshot that has already failed (never reaches a client: `work` has already failed). */
const snapshotEnded = () => new StationError('INTERNAL', undefined, { reason: 'snapshot ended' });
/** Connections one `snapshot` reads on at most (the report's three statements at once). */
const SNAPSHOT_CONNECTIONS = 3;
const MAX_ATTEMPTS = 8;

/**
 * Listens to a lent connection's 'error' events. A connection the server ends while lent (restart,
 * failover, pg_terminate_backend) fails its statement in flight, which the caller handles; pg also
 * emits 'error' on the connection, and the pool listens only to its idle ones: unheard, that event
 * would end the process. Added when taken from the pool, removed before it goes back.
 */
const whileLent = (): void => undefined;

const positional = new Map<string, string>();
/** `?` → `$n`, leaving quoted text alone (statements are ours: no `?` operators of PostgreSQL's JSON). */
export function toPositional(sql: string): string {
  let converted = positional.get(sql);
  if (converted === undefined) {
    let n = 0;
    converted = sql.replace(/'(?:[^']|'')*'|"(?:[^"])*"|\?/g, (m) => (m === '?' ? `$${++n}` : m));
    if (positional.size > 1000) positional.clear();
    positional.set(sql, converted);
  }
  return converted;
}

const toParam = (v: unknown): unknown => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v ?? null);

/** The URL without its password, for messages and logs. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

type Queryable = Pick<pg.PoolClient, 'query'>;

function runner(conn: Queryable) {
  const query = async (sql: string, params: readonly unknown[] = []) =>
    conn.query({ text: toPositional(sql), values: params.map(toParam) });
  return {
    engine: 'postgres' as const,
    async all<T>(sql: string, params?: readonly unknown[]) {
      return (await query(sql, params)).rows as T[];
    },
    async get<T>(sql: string, params?: readonly unknown[]) {
      return (await query(sql, params)).rows[0] as T | undefined;
    },
    async run(sql: string, params?: readonly unknown[]): Promise<RunResult> {
      const result = await query(sql, params);
      return { changes: result.rowCount ?? 0, rows: result.rows as Record<string, unknown>[] };
    },
  };
}

export interface PostgresClient extends SqlClient {
  readonly pool: pg.Pool;
}

export interface PostgresClientOptions {
  /** Pool size (default 10). */
  max?: number;
  /** Told of each transaction run again (the server logs it). */
  onRetry?: (retry: TransactionRetry) => void;
}

export function createPostgresClient(url: string, options: PostgresClientOptions = {}): PostgresClient {
  const max = options.max ?? 10;
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle connection the server drops (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  const direct = runner(pool);
  let ended: Promise<void> | undefined;

  return {
    ...direct,
    location: describePostgresUrl(url),
    pool,
    async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt += 1) {
        const conn = await pool.connect();
        conn.on('error', whileLent);
        const tx: SqlTransaction = {
          ...runner(conn),
          async lock(key) {
            await conn.query(advisoryLockSql('exclusive'), [key]);
          },
          async lockShared(key) {
            await conn.query(advisoryLockSql('shared'), [key]);
          },
          async exec(script) {
            await conn.query(script);
          },
        };
        let broken = false;
        try {
          await conn.query('BEGIN');
          const value = await work(tx);
          await conn.query('COMMIT');
          return value;
        } catch (err) {
          await conn.query('ROLLBACK').catch(() => {
            broken = true;
          });
          const code = (err as { code?: string }).code;
          if (!(code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS)) throw err;
          options.onRetry?.({ attempt, code });
        } finally {
          conn.removeListener('error', whileLent);
          conn.release(broken);
        }
      }
    },
    async snapshot<T>(work: (reader: SqlRunner) => Promise<T>): Promise<T> {
      // Read only, so never a serialization failure to retry. Statements issued together run on up
      // to SNAPSHOT_CONNECTIONS connections, the others joining the first one's exported snapshot.
      const first = await pool.connect();
      first.on('error', whileLent);
      const held = [first];
      const free: pg.PoolClient[] = [];
      const waiting: Array<{ resolve: (conn: pg.PoolClient) => void; reject: (err: Error) => void }> = [];
      const broken = new Set<pg.PoolClient>();
      let joining = 0;
      /** Connections still joining: awaited before any is released, so none joins after the release and stays out. */
      const joins: Array<Promise<pg.PoolClient>> = [];
      /** Set once `work` has failed: no statement may start on a connection about to be rolled back and released. */
      let over = false;
      /**
       * The first statement that failed of itself: a connection still joining when it failed cannot import
       * the snapshot any more (the first transaction is aborted), and that consequence may reach `work` first.
       */
      let cause: unknown;
      let failure: unknown;
      const joinFailures = new Set<unknown>();
      try {
        await first.query(READ_ONLY_SNAPSHOT);
        const id = (await first.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
        free.push(first);
        const take = async (): Promise<pg.PoolClient> => {
          if (over) throw snapshotEnded();
          const conn = free.pop();
          if (conn) return conn;
          // Only a connection the pool has at hand: never wait for one while holding the first.
          if (held.length + joining < SNAPSHOT_CONNECTIONS && (pool.idleCount > 0 || pool.totalCount < max)) {
            const join = (async () => {
              joining += 1;
              let joined: pg.PoolClient;
              try {
                joined = await pool.connect();
                joined.on('error', whileLent);
              } finally {
                joining -= 1;
              }
              held.push(joined); // held before anything else: released whatever happens next
              try {
                if (over) throw snapshotEnded();
                await joined.query(READ_ONLY_SNAPSHOT);
                await joined.query(`SET TRANSACTION SNAPSHOT '${id.replace(/'/g, "''")}'`);
                if (over) throw snapshotEnded();
              } catch (err) {
                joinFailures.add(err);
                throw err;
              }
              return joined;
            })();
            joins.push(join);
            return join;
          }
          return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
        };
        const give = (conn: pg.PoolClient): void => {
          const next = over ? undefined : waiting.shift();
          if (next) next.resolve(conn);
          else free.push(conn);
        };
        const shared: Queryable = {
          query: (async (config: pg.QueryConfig) => {
            const conn = await take();
            try {
              return await conn.query(config);
            } catch (err) {
              const e = (err as { code?: string }).code === READ_ONLY_TRANSACTION ? writeInSnapshot(err) : err;
              cause ??= e;
              throw e;
            } finally {
              give(conn);
            }
          }) as Queryable['query'],
        };
        const value = await work(runner(shared));
        // The joined ones first: the snapshot stays exported until the first one ends.
        await Promise.all(held.slice(1).map((conn) => conn.query('COMMIT')));
        await first.query('COMMIT');
        return value;
      } catch (err) {
        over = true;
        for (const w of waiting.splice(0)) w.reject(snapshotEnded());
        failure = err;
      } finally {
        // A statement that failed ends `work` at once while another may still be joining the snapshot.
        await Promise.allSettled(joins);
        // (a ROLLBACK waits behind its connection's statement in flight: its failure is known after it)
        if (over) await Promise.all(held.map((conn) => conn.query('ROLLBACK').catch(() => broken.add(conn))));
        for (const conn of held) {
          conn.removeListener('error', whileLent);
          conn.release(broken.has(conn));
        }
      }
      throw joinFailures.has(failure) && cause !== undefined ? cause : failure;
    },
    async exec(script) {
      await pool.query(script);
    },
    close() {
      ended ??= pool.end();
      return ended;
    },
  };
}

/**
 * Several registry server instances on one fresh database, as the repositories see them: on
 * PostgreSQL one connection pool per instance; on SQLite the one connection a server has, shared
 * (its transactions queue). Closed and dropped by `cleanups`.
 */
import { createRepositories, type Repositories } from '../../../server/src/context.ts';
import { openSqlClient } from '../../../server/src/db/open-sql-client.ts';
import type { SqlClient, TransactionRetry } from '../../../server/src/db/sql-client.ts';
import type { TestEngine } from '../../support/postgres.ts';
import { freshTarget } from './fresh-sql-client.ts';

export interface Instances {
  /** One set of repositories per instance. */
  repos: Repositories[];
  /** The first instance's client, for reading the database back. */
  db: SqlClient;
  /** Transactions run again, on any instance. */
  retries: TransactionRetry[];
  /** PostgreSQL: the database's URL. */
  url?: string;
}

export async function instances(engine: TestEngine, n: number, cleanups: Array<() => Promise<void>>): Promise<Instances> {
  const target = await freshTarget(engine, cleanups);
  const retries: TransactionRetry[] = [];
  const clients: SqlClient[] = [];
  for (let i = 0; i < (engine === 'sqlite' ? 1 : n); i++) {
    const client = await openSqlClient(target, { onRetry: (r) => retries.push(r) });
    cleanups.push(() => client.close());
    clients.push(client);
  }
  return {
    repos: Array.from({ length: n }, (_, i) => createRepositories(clients[i % clients.length]!)),
    db: clients[0]!, retries, url: target.engine === 'postgres' ? target.url : undefined,
  };
}

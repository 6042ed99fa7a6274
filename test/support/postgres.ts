/**
 * PostgreSQL for tests: a fresh database (random name, dropped afterwards) on the cluster named by
 * `TEST_DATABASE_URL` (`.ci/run` starts Debian's cluster and sets it; the default is the role it
 * creates on 127.0.0.1:5432). Without a reachable server the PostgreSQL half of a suite is skipped
 * with a message saying so, and the SQLite half still runs.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL
  || 'postgres://scan_station_test:scan-station-test@127.0.0.1:5432/postgres';

export type TestEngine = 'sqlite' | 'postgres';
export const ENGINES: readonly TestEngine[] = ['sqlite', 'postgres'];

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let reachable: Promise<string | null> | undefined;
/** Null when PostgreSQL answers, else why not. */
export function postgresProblem(): Promise<string | null> {
  reachable ??= probe();
  return reachable;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * DROP … WITH (FORCE) ends our own connections, but not a superuser's process still in the database
 * (an autovacuum worker on a freshly written database: 42501 «must be a member of the role whose
 * process is being terminated», or 55006 «being accessed by other users»). Those end by themselves
 * within moments, so the drop is tried again, a bounded number of times.
 */
async function dropDatabase(c: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if ((code !== '42501' && code !== '55006') || attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 100 * Math.min(attempt, 10)));
    }
  }
}

/** A new empty database; `drop()` removes it (connections still open to it are ended). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ss_test_${process.pid}_${randomBytes(5).toString('hex')}`;
  await admin(async (c) => {
    await c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
    // A commit waits for its WAL to reach the disk only where that is what is tested: nowhere here (no
    // test crashes the machine). Same transactions, locks and visibility; 5-10 ms less a commit on CI.
    await c.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  });
  let dropped: Promise<void> | undefined;
  return {
    url: withDatabase(TEST_DATABASE_URL, name),
    name,
    drop: () => (dropped ??= admin((c) => dropDatabase(c, name))),
  };
}

const problem = await postgresProblem();
let warned = false;
// CI sets REQUIRE_POSTGRES=1 (.ci/run): there a PostgreSQL that does not answer fails the run instead of skipping half of it
if (problem !== null && process.env.REQUIRE_POSTGRES === '1') {
  throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL does not answer at ${new URL(TEST_DATABASE_URL).host}: ${problem}`);
}

/**
 * `describe` once per engine: `describeEngines('batch routes', (engine) => { … })`. The PostgreSQL
 * block is skipped, with a warning naming the reason, when no server answers at TEST_DATABASE_URL.
 */
export function describeEngines(name: string, body: (engine: TestEngine) => void, engines: readonly TestEngine[] = ENGINES): void {
  for (const engine of engines) {
    if (engine === 'postgres' && problem !== null) {
      if (!warned) {
        warned = true;
        console.warn(`PostgreSQL does not answer at ${new URL(TEST_DATABASE_URL).host} (${problem}): the PostgreSQL tests are skipped. `
          + 'Start a cluster (pg_ctlcluster 15 main start) or set TEST_DATABASE_URL.');
      }
      describe.skip(`${name} [postgres: skipped, no PostgreSQL at TEST_DATABASE_URL]`, () => body(engine));
      continue;
    }
    describe(`${name} [${engine}]`, () => body(engine));
  }
}

/** `describe` for PostgreSQL-only behaviour (several instances, locks): skipped the same way without a server. */
export function describePostgres(name: string, body: () => void): void {
  describeEngines(name, () => body(), ['postgres']);
}

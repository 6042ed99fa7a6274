/**
 * The PostgreSQL migration runner on a real database that fails, as `sqlite-failure.test.ts` does for
 * SQLite: a migration whose SQL fails, tables another connection holds locked (the database's own
 * lock_timeout, or the migration's when the database has none), a server that accepts only reads, and the connection ended by the administrator give
 * the project's error with its code and a Romanian message naming the database (never its password)
 * and the migration; the database stays at its version, and `server db migrate` prints the message.
 */
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import type { CliIo } from '../../../server/src/cli/io.ts';
import { main } from '../../../server/src/cli.ts';
import { loadPostgresMigrations, migratePostgres } from '../../../server/src/db/migrate-postgres.ts';
import { createPostgresClient, describePostgresUrl, type PostgresClient } from '../../../server/src/db/postgres-client.ts';
import { isStationError, type StationError } from '../../../shared/src/errors.ts';
import { createTestDatabase, describePostgres, type TestDatabase } from '../../support/postgres.ts';
import { pollUntil } from '../helpers/pg-lock-waiters.ts';
import { tempDir } from '../helpers/test-app.ts';

const all = loadPostgresMigrations();
const M006 = all[5]!;
const M011 = all[10]!;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function database(): Promise<TestDatabase> {
  const d = await createTestDatabase();
  cleanups.push(() => d.drop());
  return d;
}

/** A pg connection of the test's own (the "other process"), ended after the case. */
async function connection(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  cleanups.push(() => c.end().catch(() => undefined));
  return c;
}

function client(url: string): PostgresClient {
  const c = createPostgresClient(url);
  cleanups.push(() => c.close());
  return c;
}

async function failure(work: Promise<unknown>): Promise<StationError> {
  const err = await work.then(() => new Error('did not throw'), (e: unknown) => e);
  if (isStationError(err)) return err;
  throw err;
}

const version = async (url: string) => (await (await connection(url)).query('SELECT MAX(version) AS v FROM schema_migrations')).rows[0].v as number;

describePostgres('a PostgreSQL migration that fails', () => {
  it('a migration whose SQL fails: INTERNAL naming it (PostgreSQL\'s code and text in details), the database stays at 10 and migrates once fixed', async () => {
    const d = await database();
    const db = client(d.url);
    await migratePostgres(db, all.slice(0, 10));
    const failing = { ...M011, sql: 'INSERT INTO nowhere VALUES (1);' };
    const error = await failure(migratePostgres(db, [...all.slice(0, 10), failing]));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe(`Migrarea ${M011.name} a bazei de date ${db.location} nu a putut fi aplicată: eroare 42P01. `
      + 'Baza de date a rămas la versiunea dinainte de această migrare: nu s-a pierdut nimic. '
      + 'Păstrați mesajul din jurnal (log) și anunțați echipa de dezvoltare.');
    expect(error.details).toMatchObject({ database: db.location, migration: M011.name, pgCode: '42P01', pgMessage: expect.stringMatching(/nowhere/) });
    expect(await version(d.url)).toBe(10);
    expect(await migratePostgres(db)).toEqual(all.slice(10).map((m) => m.version));
  });

  it('tables another connection holds locked (the database\'s lock_timeout): DATABASE_BUSY naming the migration; it applies once they are free', async () => {
    const d = await database();
    const setup = client(d.url);
    await migratePostgres(setup, all.slice(0, 5));
    const owner = await connection(d.url);
    await owner.query(`ALTER DATABASE ${d.name} SET lock_timeout = '200ms'`); // the administrator's setting, for new connections
    const other = await connection(d.url);
    await other.query('BEGIN');
    await other.query('LOCK TABLE batches IN ACCESS EXCLUSIVE MODE'); // 006 alters batches

    const db = client(d.url);
    const error = await failure(migratePostgres(db));
    expect(error.code).toBe('DATABASE_BUSY');
    expect(error.message).toBe(`Migrarea ${M006.name} a bazei de date ${db.location} nu a putut fi aplicată: tabelele de care are nevoie `
      + 'sunt blocate de altă conexiune (alt server sau o comandă pornită pe aceeași bază de date; 55P03). Baza de date a rămas la '
      + 'versiunea dinainte de această migrare: nu s-a pierdut nimic. Opriți celălalt proces sau așteptați să termine, apoi încercați din nou.');
    expect(error.details).toMatchObject({ database: db.location, migration: M006.name, pgCode: '55P03' });
    expect(await version(d.url)).toBe(5);

    await other.query('ROLLBACK');
    expect(await migratePostgres(db)).toEqual(all.slice(5).map((m) => m.version));
  });

  it('a table a running server holds in a long transaction, no lock_timeout on the database: the migration gives up by its own lock_timeout with DATABASE_BUSY', async () => {
    const d = await database();
    const setup = client(d.url);
    await migratePostgres(setup, all.slice(0, 5));
    const server = await connection(d.url);
    expect((await server.query('SHOW lock_timeout')).rows[0].lock_timeout).toBe('0'); // the database waits for ever by itself
    await server.query('BEGIN');
    await server.query('LOCK TABLE batches IN ACCESS EXCLUSIVE MODE'); // 006 alters batches

    const db = client(d.url);
    const error = await failure(migratePostgres(db, all, { lockTimeoutMs: 100 }));
    expect(error.code).toBe('DATABASE_BUSY');
    expect(error.details).toMatchObject({ migration: M006.name, pgCode: '55P03' });
    expect(await version(d.url)).toBe(5);
    expect((await db.get<{ lock_timeout: string }>('SHOW lock_timeout'))?.lock_timeout).toBe('0'); // SET LOCAL: the pool's connections keep none

    await server.query('ROLLBACK');
    expect(await migratePostgres(db, all, { lockTimeoutMs: 100 })).toEqual(all.slice(5).map((m) => m.version));
  });

  it('the connection ended by the administrator while the migration waits: DATABASE_UNREACHABLE naming the migration', async () => {
    const d = await database();
    const db = client(d.url);
    await migratePostgres(db, all.slice(0, 5));
    const other = await connection(d.url);
    await other.query('BEGIN');
    await other.query('LOCK TABLE batches IN ACCESS EXCLUSIVE MODE');
    const migrating = failure(migratePostgres(db));
    // the event: the migration's connection waits for the lock; then the administrator ends it
    const admin = await connection(d.url);
    const pid = await pollUntil(async () => {
      const r = await admin.query("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> $2", [d.name, (other as unknown as { processID: number }).processID]);
      return r.rows[0]?.pid as number | undefined;
    }, 'the migration waiting for the lock');
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    const error = await migrating;
    expect(error.code).toBe('DATABASE_UNREACHABLE');
    expect(error.message).toBe(`Migrarea ${M006.name} a bazei de date ${db.location} nu a putut fi aplicată: legătura cu serverul PostgreSQL s-a `
      + 'întrerupt (57P01). Baza de date a rămas la versiunea dinainte de această migrare: nu s-a pierdut nimic. Verificați că PostgreSQL este '
      + 'pornit și accesibil, apoi porniți din nou serverul (sau rulați „server db migrate”).');
    await other.query('ROLLBACK');
    expect(await version(d.url)).toBe(5);
  });

  it('a server that accepts only reads: READ_ONLY_FS, and `server db migrate` prints it in Romanian, never the password', async () => {
    const d = await database();
    const owner = await connection(d.url);
    await owner.query(`ALTER DATABASE ${d.name} SET default_transaction_read_only = on`);
    const location = describePostgresUrl(d.url);
    const message = `Baza de date ${location} nu a putut fi adusă la zi: baza de date acceptă doar citiri (un server PostgreSQL de rezervă `
      + 'sau default_transaction_read_only). Baza de date nu a fost modificată. Dați în DATABASE_URL (sau „database.url”) serverul '
      + 'PostgreSQL principal, care acceptă scrieri, apoi porniți din nou serverul (sau rulați „server db migrate”).';
    const error = await failure(migratePostgres(client(d.url)));
    expect(error.code).toBe('READ_ONLY_FS');
    expect(error.message).toBe(message);
    expect(error.details).toMatchObject({ database: location, pgCode: '25006' });

    const dir = tempDir();
    const stderr: string[] = [];
    const io: CliIo = { env: { DATA_DIR: dir, DATABASE_URL: d.url }, cwd: dir, out: () => undefined, err: (l) => stderr.push(l) };
    expect(await main(['db', 'migrate'], io)).toBe(1);
    expect(stderr).toEqual([`Baza de date: ${location} (PostgreSQL).`, `Eroare: ${message}`]);
    expect(stderr.join('\n')).not.toContain(new URL(d.url).password);
  });
});

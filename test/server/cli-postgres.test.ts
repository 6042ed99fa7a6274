/** The server's command line on PostgreSQL (DATABASE_URL): db migrate, a newer database refused, stations, serve. */
import { afterEach, expect, it } from 'vitest';
import type { CliIo } from '../../server/src/cli/io.ts';
import { main } from '../../server/src/cli.ts';
import { describePostgresUrl } from '../../server/src/db/postgres-client.ts';
import { loadPostgresMigrations } from '../../server/src/db/migrate-postgres.ts';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.ts';
import { tempDir } from './helpers/test-app.ts';
import { killServerProcesses, runServerCommand } from './helpers/server-process.ts';

const databases: TestDatabase[] = [];
afterEach(async () => {
  killServerProcesses();
  for (const d of databases.splice(0)) await d.drop();
});

async function fresh(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  return database;
}

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { env, cwd: tempDir(), out: (l) => stdout.push(l), err: (l) => stderr.push(l), stdout, stderr };
}

const all = loadPostgresMigrations();
const newest = all.length;

describePostgres('server commands with DATABASE_URL', () => {
  it('db migrate applies every migration, names them, then says the database is up to date', async () => {
    const { url } = await fresh();
    const io = captureIo({ DATABASE_URL: url });
    expect(await main(['db', 'migrate'], io)).toBe(0);
    expect(io.stderr).toEqual([`Baza de date: ${describePostgresUrl(url)} (PostgreSQL).`]);
    expect(io.stdout).toEqual([`Au fost aplicate ${newest} migrări:`, ...all.map((m) => `  ${m.name}`), `Baza de date este acum la schema versiunea ${newest}.`]);
    const again = captureIo({ DATABASE_URL: url });
    expect(await main(['db', 'migrate'], again)).toBe(0);
    expect(again.stdout).toEqual([`Baza de date este deja la zi (schema versiunea ${newest}).`]);
  });

  it('station add and list work on the PostgreSQL registry', async () => {
    const { url } = await fresh();
    const add = captureIo({ DATABASE_URL: url });
    expect(await main(['station', 'add', 'ghiseu-1'], add)).toBe(0);
    expect(add.stdout[0]).toBe('Stația „ghiseu-1” a fost creată.');
    const dup = captureIo({ DATABASE_URL: url });
    expect(await main(['station', 'add', 'ghiseu-1'], dup)).toBe(1);
    expect(dup.stderr.at(-1)).toBe('Eroare: Stația „ghiseu-1” există deja.');
    const list = captureIo({ DATABASE_URL: url });
    expect(await main(['station', 'list'], list)).toBe(0);
    expect(list.stdout[1]).toMatch(/^ghiseu-1\t\S+\t0\t-$/);
  });

  it('refuses a database written by a newer server (db migrate and serve), changing nothing', async () => {
    const { url } = await fresh();
    expect(await main(['db', 'migrate'], captureIo({ DATABASE_URL: url }))).toBe(0);
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    await client.query("INSERT INTO schema_migrations VALUES ($1, '999-viitor.sql', 'now')", [newest + 1]);
    const io = captureIo({ DATABASE_URL: url });
    expect(await main(['db', 'migrate'], io)).toBe(1);
    expect(io.stderr[1]).toBe(`Eroare: Baza de date ${describePostgresUrl(url)} este la versiunea ${newest + 1} a schemei, iar acest server `
      + `o cunoaște doar până la versiunea ${newest}: a fost folosită de o versiune mai nouă a serverului. Porniți versiunea nouă a `
      + 'serverului (sau restaurați o copie de siguranță făcută cu această versiune); baza de date nu a fost modificată.');
    const served = await runServerCommand(['serve'], tempDir(), { DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: '' });
    expect(served.code).toBe(1);
    expect(served.stderr).toContain(`este la versiunea ${newest + 1} a schemei`);
    expect(served.stderr).not.toContain('ascultă la');
    const { rows } = await client.query('SELECT MAX(version) AS v FROM schema_migrations');
    await client.end();
    expect(rows[0].v).toBe(newest + 1);
  });

  it('serve on a PostgreSQL server that does not answer says so in Romanian and exits 1', async () => {
    const served = await runServerCommand(['serve'], tempDir(), {
      DATABASE_URL: 'postgres://reg:parola-secreta@127.0.0.1:9/registru', PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: '',
    });
    expect(served.code).toBe(1);
    expect(served.stderr).toContain('Eroare: Baza de date postgres://reg@127.0.0.1:9/registru nu poate fi folosită: serverul PostgreSQL nu răspunde');
    expect(served.stderr).not.toContain('parola-secreta');
  });
});

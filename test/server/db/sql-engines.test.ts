/** The database layer on both engines: migrations, the totals kept by triggers, the client's seams. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../server/src/db/migrate.ts';
import { loadPostgresMigrations, migratePostgres } from '../../../server/src/db/migrate-postgres.ts';
import { connectSqlClient, openSqlClient, type DatabaseTarget } from '../../../server/src/db/open-sql-client.ts';
import { toPositional } from '../../../server/src/db/postgres-client.ts';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import { isStationError } from '../../../shared/src/errors.ts';
import { createTestDatabase, describeEngines, describePostgres, type TestDatabase, type TestEngine } from '../../support/postgres.ts';
import { tempDir } from '../helpers/test-app.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function freshTarget(engine: TestEngine): Promise<DatabaseTarget> {
  if (engine === 'sqlite') return { engine, file: join(tempDir(), 'registry.sqlite') };
  const database: TestDatabase = await createTestDatabase();
  cleanups.push(() => database.drop());
  return { engine, url: database.url };
}

async function open(target: DatabaseTarget): Promise<SqlClient> {
  const client = await openSqlClient(target);
  cleanups.push(() => client.close());
  return client;
}

describe('migrations of the two engines', () => {
  it('have the same versions, one file each', () => {
    expect(loadPostgresMigrations().map((m) => m.version)).toEqual(loadMigrations().map((m) => m.version));
  });

  it('turns ? into $n outside quoted text', () => {
    expect(toPositional("SELECT '?', ? FROM t WHERE a = ? AND \"b?\" = 'it''s ?'")).toBe("SELECT '?', $1 FROM t WHERE a = $2 AND \"b?\" = 'it''s ?'");
  });
});

describeEngines('database layer', (engine) => {
  /** Every table and its columns, sorted: the schema as both engines must agree on it. */
  const columns = async (db: SqlClient): Promise<string[]> => {
    const rows = await db.all<{ t: string; c: string }>(db.engine === 'sqlite'
      ? `SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p
          WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'`
      : "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public'");
    return rows.map((r) => `${r.t}.${r.c}`).sort();
  };

  it('creates the same tables and columns as SQLite and records every version; a second start applies nothing', async () => {
    const target = await freshTarget(engine);
    const db = await open(target);
    const reference = await open(await freshTarget('sqlite'));
    expect(await columns(db)).toEqual(await columns(reference));
    expect(await columns(db)).toEqual(expect.arrayContaining(['documents.department', 'weekly_totals.pages', 'sessions.id_hash', 'login_failures.at']));
    const versions = await db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((v) => v.version)).toEqual(loadMigrations().map((m) => m.version));
    await db.close();
    const again = await open(target);
    const { migrateClient } = await import('../../../server/src/db/open-sql-client.ts');
    expect(await migrateClient(again)).toEqual([]);
  });

  it('refuses a database written by a newer server, naming both versions', async () => {
    const target = await freshTarget(engine);
    const db = await open(target);
    await db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999-viitor.sql', 'now')");
    const error = await openSqlClient(target).then((c) => c.close(), (err: unknown) => err);
    expect(isStationError(error, 'DATABASE_TOO_NEW')).toBe(true);
    expect((error as { details: unknown }).details).toEqual({ databaseVersion: 999, knownVersion: loadMigrations().length });
  });

  it('keeps daily, weekly and weekly per-department totals incrementally: insert, department change, delete; empty documents not counted', async () => {
    const db = await open(await freshTarget(engine));
    await db.run("INSERT INTO stations (id, name, token_hash, created_at) VALUES (1, 'st', 'ab', 'now')");
    await db.run(`INSERT INTO batches (id, station_id, batch_id, started_at, ended_at, scan_date, separator_pages, blank_pages,
      unassigned_pages, pages_in, document_count, report_sha256, received_at) VALUES (1, 1, 'b', 'x', 'x', '2021-09-29', 0, 0, 0, 0, 4, 'h', 'now')`);
    const insert = `INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, scan_date, file, pages, sheets, sha256, flags)
      VALUES (1, 1, ?, ?, ?, ?, ?, ?, ?, ?, '[]')`;
    await db.run(insert, [0, 'a', 'a', '2021-09-29', 'a.pdf', 3, 2, 'h']);
    await db.run(insert, [1, 'b', 'b', '2021-10-03', 'b.pdf', 5, 4, 'h']);
    await db.run(insert, [2, 'c', 'c', '2021-10-04', 'c.pdf', 1, 1, 'h']);
    await db.run(insert, [3, 'e', 'e', '2021-10-04', null, 0, 0, null]);
    const perStation = (table: string) =>
      db.all(`SELECT week_start AS "weekStart", department, documents, sheets, pages FROM ${table} WHERE documents <> 0 ORDER BY week_start, department`);
    // one station: the per-department table holds the same rows as weekly_totals, the per-station one their sums
    const weekly = async () => {
      const rows = await perStation('weekly_totals');
      expect(await perStation('weekly_department_totals')).toEqual(rows);
      const sum = (key: 'documents' | 'sheets' | 'pages') => rows.reduce<number>((n, r) => n + (r as Record<string, number>)[key]!, 0);
      expect(await db.all('SELECT SUM(documents) AS documents, SUM(sheets) AS sheets, SUM(pages) AS pages FROM weekly_station_totals'))
        .toEqual([{ documents: sum('documents'), sheets: sum('sheets'), pages: sum('pages') }]);
      return rows;
    };
    expect(await weekly()).toEqual([
      { weekStart: '2021-09-27', department: '', documents: 2, sheets: 6, pages: 8 },
      { weekStart: '2021-10-04', department: '', documents: 1, sheets: 1, pages: 1 },
    ]);
    await db.run("UPDATE documents SET department = 'Urbanism' WHERE document_id = 'b'");
    expect(await weekly()).toEqual([
      { weekStart: '2021-09-27', department: '', documents: 1, sheets: 2, pages: 3 },
      { weekStart: '2021-09-27', department: 'Urbanism', documents: 1, sheets: 4, pages: 5 },
      { weekStart: '2021-10-04', department: '', documents: 1, sheets: 1, pages: 1 },
    ]);
    await db.run("DELETE FROM documents WHERE document_id IN ('a', 'c', 'e')");
    expect(await weekly()).toEqual([{ weekStart: '2021-09-27', department: 'Urbanism', documents: 1, sheets: 4, pages: 5 }]);
    const daily = await db.all('SELECT day, week_start AS "weekStart", documents FROM daily_totals WHERE documents <> 0');
    expect(daily).toEqual([{ day: '2021-10-03', weekStart: '2021-09-27', documents: 1 }]);
  });

  it('refuses changes to the audit log', async () => {
    const db = await open(await freshTarget(engine));
    await db.run("INSERT INTO audit_log (at, actor, action) VALUES ('now', 'cli', 'x')");
    await expect(db.run("UPDATE audit_log SET actor = 'altcineva'")).rejects.toThrow(/append-only/);
    await expect(db.run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('rolls a failed transaction back whole, and runs statements queued behind an open transaction after it', async () => {
    const db = await open(await freshTarget(engine));
    await expect(db.transaction(async (tx) => {
      await tx.run("INSERT INTO stations (name, token_hash, created_at) VALUES ('a', 'h1', 'now')");
      await tx.run("INSERT INTO stations (name, token_hash, created_at) VALUES ('b', 'h1', 'now')");
    })).rejects.toThrow();
    expect(await db.get('SELECT COUNT(*) AS n FROM stations')).toEqual({ n: 0 });

    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const slow = db.transaction(async (tx) => {
      await tx.run("INSERT INTO stations (name, token_hash, created_at) VALUES ('a', 'h1', 'now')");
      await gate;
      throw new Error('rolled back');
    });
    const outside = db.run("INSERT INTO stations (name, token_hash, created_at) VALUES ('c', 'h3', 'now')");
    release();
    await expect(slow).rejects.toThrow('rolled back');
    await outside;
    expect(await db.all('SELECT name FROM stations ORDER BY name')).toEqual([{ name: 'c' }]);
  });
});

describePostgres('several instances', () => {
  it('two instances migrating one new database at once apply each version once', async () => {
    const target = await freshTarget('postgres');
    const [a, b] = await Promise.all([connectSqlClient(target), connectSqlClient(target)]);
    cleanups.push(() => a!.close(), () => b!.close());
    const [x, y] = await Promise.all([migratePostgres(a!), migratePostgres(b!)]);
    expect([...x, ...y].sort((p, q) => p - q)).toEqual(loadMigrations().map((m) => m.version));
  });
});

describe('a PostgreSQL server that does not answer', () => {
  it('is DATABASE_UNREACHABLE naming the database, never its password', async () => {
    const error = await connectSqlClient({ engine: 'postgres', url: 'postgres://reg:parola-secreta@127.0.0.1:9/registru' })
      .then(() => null, (err: unknown) => err);
    expect(isStationError(error, 'DATABASE_UNREACHABLE')).toBe(true);
    const { message } = error as Error;
    expect(message).toBe('Baza de date postgres://reg@127.0.0.1:9/registru nu poate fi folosită: serverul PostgreSQL nu răspunde '
      + 'la această adresă. Verificați DATABASE_URL (sau „database.url”) și că PostgreSQL este pornit.');
    expect(message).not.toContain('parola-secreta');
  });
});

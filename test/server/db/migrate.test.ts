import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../server/src/db/migrate.ts';
import { connectDatabase, openDatabase } from '../../../server/src/db/open-database.ts';
import { isStationError, type StationError } from '../../../shared/src/errors.ts';
import { tempDir } from '../helpers/test-app.ts';

/** Two stations with a batch each (29 and 30 Sep 2021); returns the documents INSERT (batch, station, position, id, key, day, file, pages, sheets, department). */
function twoStationsTwoBatches(db: BetterSqlite3.Database): string {
  db.exec(`INSERT INTO stations (id, name, token_hash, created_at) VALUES (1, 'st-1', 'ab', 'now'), (2, 'st-2', 'cd', 'now');
    INSERT INTO batches (id, station_id, batch_id, started_at, ended_at, scan_date, separator_pages, blank_pages,
      unassigned_pages, pages_in, document_count, report_sha256, received_at)
    VALUES (1, 1, 'b', 'x', 'x', '2021-09-29', 0, 0, 0, 0, 2, 'h', 'now'), (2, 2, 'b', 'x', 'x', '2021-09-30', 0, 0, 0, 0, 2, 'h', 'now');`);
  return `INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, scan_date, file, pages, sheets, sha256, flags, department)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'h', '[]', ?)`;
}

describe('migrations', () => {
  it('creates a fresh database in WAL mode with every migration recorded', () => {
    const file = join(tempDir(), 'nested', 'registry.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual(loadMigrations().map((m) => ({ version: m.version, name: m.name })));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['stations', 'batches', 'documents', 'daily_totals', 'borderouri', 'borderou_entries']));
    db.close();
  });

  it('re-opens an existing database without re-applying anything and keeps the data', () => {
    const file = join(tempDir(), 'registry.sqlite');
    const first = openDatabase(file);
    first.prepare("INSERT INTO stations (name, token_hash, created_at) VALUES ('st', 'ab', 'now')").run();
    first.close();
    const second = openDatabase(file);
    expect(migrate(second)).toEqual([]);
    expect(second.prepare('SELECT name FROM stations').pluck().all()).toEqual(['st']);
    second.close();
  });

  it('applies only the pending migrations, in order, each in a transaction', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', '001-one.sql'), 'CREATE TABLE one (x INTEGER);');
    const db = new BetterSqlite3(join(dir, 'db.sqlite'));
    expect(migrate(db, loadMigrations(join(dir, 'm')))).toEqual([1]);
    writeFileSync(join(dir, 'm', '002-two.sql'), 'CREATE TABLE two (x INTEGER); INSERT INTO nowhere VALUES (1);');
    let failure: unknown;
    try {
      migrate(db, loadMigrations(join(dir, 'm')));
    } catch (err) {
      failure = err;
    }
    expect(isStationError(failure, 'INTERNAL')).toBe(true);
    expect((failure as StationError).details).toMatchObject({ migration: '002-two.sql', sqliteMessage: expect.stringMatching(/nowhere/) });
    // The failed migration left nothing behind: no table `two`, no version 2.
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'two'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(1);
    writeFileSync(join(dir, 'm', '002-two.sql'), 'CREATE TABLE two (x INTEGER);');
    expect(migrate(db, loadMigrations(join(dir, 'm')))).toEqual([2]);
    db.close();
  });

  it('002 back-fills weekly_totals from the days recorded under 001', () => {
    const db = new BetterSqlite3(join(tempDir(), 'registry.sqlite'));
    const [first, second] = loadMigrations();
    migrate(db, [first!]);
    db.exec(`INSERT INTO stations (id, name, token_hash, created_at) VALUES (1, 'st', 'ab', 'now');
      INSERT INTO batches (id, station_id, batch_id, started_at, ended_at, scan_date, separator_pages, blank_pages,
        unassigned_pages, pages_in, document_count, report_sha256, received_at)
      VALUES (1, 1, 'b', 'x', 'x', '2021-09-29', 0, 0, 0, 0, 2, 'h', 'now');
      INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, scan_date, file, pages, sheets, sha256, flags)
      VALUES (1, 1, 0, 'a', 'a', '2021-09-29', 'a.pdf', 3, 2, 'h', '[]'), (1, 1, 1, 'b', 'b', '2021-10-03', 'b.pdf', 5, 4, 'h', '[]');`);
    expect(migrate(db, [first!, second!])).toEqual([2]);
    expect(db.prepare('SELECT week_start, documents, sheets, pages FROM weekly_totals').all())
      .toEqual([{ week_start: '2021-09-27', documents: 2, sheets: 6, pages: 8 }]);
    db.close();
  });

  it('003 keeps every document and total while allowing empty documents (no file, no hash)', () => {
    const db = new BetterSqlite3(join(tempDir(), 'registry.sqlite'));
    const all = loadMigrations();
    migrate(db, all.slice(0, 2));
    db.exec(`INSERT INTO stations (id, name, token_hash, created_at) VALUES (1, 'st', 'ab', 'now');
      INSERT INTO batches (id, station_id, batch_id, started_at, ended_at, scan_date, separator_pages, blank_pages,
        unassigned_pages, pages_in, document_count, report_sha256, received_at)
      VALUES (1, 1, 'b', 'x', 'x', '2021-09-29', 0, 0, 0, 0, 2, 'h', 'now');
      INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, scan_date, file, pages, sheets, sha256, flags)
      VALUES (1, 1, 0, 'a', 'a', '2021-09-29', 'a.pdf', 3, 2, 'h', '[]'), (1, 1, 1, 'b', 'b', '2021-09-30', 'b.pdf', 5, 4, 'h', '[]');`);
    const totals = () => db.prepare('SELECT week_start, documents, sheets, pages FROM weekly_totals').all();
    const before = totals();
    expect(migrate(db, all.slice(0, 3))).toEqual([3]);
    expect(totals()).toEqual(before);
    expect(db.prepare('SELECT document_id, file FROM documents ORDER BY position').all())
      .toEqual([{ document_id: 'a', file: 'a.pdf' }, { document_id: 'b', file: 'b.pdf' }]);
    // the triggers were re-created: a new document reaches the totals, an empty one (no file) does not
    db.exec(`INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, scan_date, file, pages, sheets, sha256, flags)
      VALUES (1, 1, 2, 'c', 'c', '2021-09-30', NULL, 0, 0, NULL, '["empty"]'),
             (1, 1, 3, 'e', 'e', '2021-09-30', 'e.pdf', 1, 1, 'h', '[]')`);
    expect(totals()).toEqual([{ week_start: '2021-09-27', documents: 3, sheets: 7, pages: 9 }]);
    db.exec(`DELETE FROM documents WHERE document_id IN ('c', 'e')`);
    expect(totals()).toEqual(before);
    expect(() => db.exec(`INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, scan_date, file, pages, sheets, sha256, flags)
      VALUES (1, 1, 4, 'd', 'd', '2021-09-30', NULL, 1, 1, NULL, '[]')`)).toThrow(/CHECK/);
    db.close();
  });

  it('006 keeps the batches recorded before as their version 1, documents in order, empty ones included', () => {
    const db = new BetterSqlite3(join(tempDir(), 'registry.sqlite'));
    const all = loadMigrations();
    migrate(db, all.slice(0, 5));
    db.exec(`INSERT INTO stations (id, name, token_hash, created_at) VALUES (1, 'st', 'ab', 'now');
      INSERT INTO batches (id, station_id, batch_id, started_at, ended_at, scan_date, separator_pages, blank_pages,
        unassigned_pages, pages_in, document_count, report_sha256, received_at)
      VALUES (1, 1, 'b', 's', 'e', '2021-09-29', 2, 1, 0, 9, 2, 'h1', 'then');
      INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, scan_date, file, pages, sheets, sha256, flags)
      VALUES (1, 1, 1, 'z', 'z', '2021-09-29', NULL, 0, 0, NULL, '["empty"]'), (1, 1, 0, 'a', 'a', '2021-09-29', 'a.pdf', 3, 2, 'h', '["x"]');`);
    expect(migrate(db, all.slice(0, 6))).toEqual([6]);
    expect(db.prepare('SELECT version FROM batches').pluck().get()).toBe(1);
    const v = db.prepare('SELECT * FROM batch_versions').get() as Record<string, unknown>;
    expect({ ...v, documents: JSON.parse(v.documents as string) }).toEqual({
      batch_ref: 1, version: 1, report_sha256: 'h1', received_at: 'then', started_at: 's', ended_at: 'e', scan_date: '2021-09-29',
      separator_pages: 2, blank_pages: 1, unassigned_pages: 0, pages_in: 9, document_count: 2,
      documents: [
        { id: 'a', file: 'a.pdf', pages: 3, sheets: 2, sha256: 'h', flags: ['x'] },
        { id: 'z', file: null, pages: 0, sheets: 0, sha256: null, flags: ['empty'] },
      ],
    });
    db.close();
  });

  it('007 back-fills weekly_department_totals from weekly_totals; the same triggers keep both', () => {
    const db = new BetterSqlite3(join(tempDir(), 'registry.sqlite'));
    const all = loadMigrations();
    migrate(db, all.slice(0, 6));
    const insert = twoStationsTwoBatches(db);
    db.prepare(insert).run(1, 1, 0, 'a', 'a', '2021-09-29', 'a.pdf', 3, 2, 'Urbanism');
    db.prepare(insert).run(2, 2, 0, 'b', 'b', '2021-09-30', 'b.pdf', 5, 4, 'Urbanism');
    db.prepare(insert).run(2, 2, 1, 'c', 'c', '2021-10-05', 'c.pdf', 1, 1, 'Juridic');
    expect(migrate(db, all.slice(0, 7))).toEqual([7]);
    const departments = () => db.prepare('SELECT week_start, department, documents, sheets, pages FROM weekly_department_totals ORDER BY 1, 2').all();
    expect(departments()).toEqual([
      { week_start: '2021-09-27', department: 'Urbanism', documents: 2, sheets: 6, pages: 8 },
      { week_start: '2021-10-04', department: 'Juridic', documents: 1, sheets: 1, pages: 1 },
    ]);
    // a new document reaches both tables; a department move and a delete leave both equal to a recount
    db.prepare(insert).run(1, 1, 1, 'd', 'd', '2021-09-29', 'd.pdf', 2, 1, 'Juridic');
    db.exec(`UPDATE documents SET department = 'Juridic' WHERE document_id = 'a'; DELETE FROM documents WHERE document_id = 'c'`);
    expect(departments().filter((r) => (r as { documents: number }).documents !== 0)).toEqual([
      { week_start: '2021-09-27', department: 'Juridic', documents: 2, sheets: 3, pages: 5 },
      { week_start: '2021-09-27', department: 'Urbanism', documents: 1, sheets: 4, pages: 5 },
    ]);
    expect(db.prepare(`SELECT week_start, department, SUM(documents) AS documents FROM weekly_totals
      GROUP BY 1, 2 HAVING SUM(documents) <> 0 ORDER BY 1, 2`).all())
      .toEqual([{ week_start: '2021-09-27', department: 'Juridic', documents: 2 }, { week_start: '2021-09-27', department: 'Urbanism', documents: 1 }]);
    db.close();
  });

  it('008 back-fills weekly_station_totals from weekly_totals; the same triggers keep it', () => {
    const db = new BetterSqlite3(join(tempDir(), 'registry.sqlite'));
    const all = loadMigrations();
    migrate(db, all.slice(0, 7));
    const insert = twoStationsTwoBatches(db);
    db.prepare(insert).run(1, 1, 0, 'a', 'a', '2021-09-29', 'a.pdf', 3, 2, 'Urbanism');
    db.prepare(insert).run(1, 1, 1, 'b', 'b', '2021-09-30', 'b.pdf', 5, 4, 'Juridic');
    db.prepare(insert).run(2, 2, 0, 'c', 'c', '2021-10-05', 'c.pdf', 1, 1, 'Juridic');
    expect(migrate(db, all.slice(0, 8))).toEqual([8]);
    const stations = () => db.prepare('SELECT week_start, station_id, documents, sheets, pages FROM weekly_station_totals WHERE documents <> 0 ORDER BY 1, 2').all();
    expect(stations()).toEqual([
      { week_start: '2021-09-27', station_id: 1, documents: 2, sheets: 6, pages: 8 },
      { week_start: '2021-10-04', station_id: 2, documents: 1, sheets: 1, pages: 1 },
    ]);
    db.prepare(insert).run(2, 2, 1, 'd', 'd', '2021-09-29', 'd.pdf', 2, 1, 'Juridic');
    db.exec(`UPDATE documents SET department = 'Juridic' WHERE document_id = 'a'; DELETE FROM documents WHERE document_id = 'c'`);
    expect(stations()).toEqual([
      { week_start: '2021-09-27', station_id: 1, documents: 2, sheets: 6, pages: 8 },
      { week_start: '2021-09-27', station_id: 2, documents: 1, sheets: 1, pages: 2 },
    ]);
    db.close();
  });

  it('011 turns the whole-week tables round (line, then week) keeping their rows and the triggers that keep them', () => {
    // the server's connection (foreign keys on), as the server migrates it
    const db = connectDatabase(join(tempDir(), 'registry.sqlite'));
    const all = loadMigrations();
    migrate(db, all.slice(0, 10));
    const insert = twoStationsTwoBatches(db);
    db.prepare(insert).run(1, 1, 0, 'a', 'a', '2021-09-29', 'a.pdf', 3, 2, 'Urbanism');
    db.prepare(insert).run(2, 2, 0, 'b', 'b', '2021-10-05', 'b.pdf', 1, 1, 'Juridic');
    db.exec(`INSERT INTO registered_daily_totals (day, department, documents, sheets) VALUES ('2021-09-29', 'Urbanism', 4, 5)`);
    const tables = ['weekly_department_totals', 'weekly_station_totals', 'registered_weekly_totals'];
    const rows = () => tables.map((t) => db.prepare(`SELECT * FROM ${t} WHERE documents <> 0 ORDER BY 1, 2`).all());
    const before = rows();
    expect(migrate(db, all.slice(0, 11))).toEqual([11]);
    expect(rows()).toEqual(before);
    for (const [table, line] of [['weekly_department_totals', 'department'], ['weekly_station_totals', 'station_id'], ['registered_weekly_totals', 'department']]) {
      const indexes = db.prepare(`SELECT name, origin FROM pragma_index_list('${table}')`).all() as Array<{ name: string; origin: string }>;
      expect(indexes.map((i) => i.origin)).toEqual(['pk']);
      expect(db.prepare(`SELECT name FROM pragma_index_info('${indexes[0]!.name}') ORDER BY seqno`).pluck().all()).toEqual([line, 'week_start']);
    }
    expect(db.pragma('legacy_alter_table', { simple: true })).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // the triggers on daily_totals and registered_daily_totals still reach the renamed tables
    db.prepare(insert).run(1, 1, 1, 'c', 'c', '2021-09-30', 'c.pdf', 2, 1, 'Urbanism');
    db.exec(`UPDATE documents SET department = 'Juridic' WHERE document_id = 'a';
      INSERT INTO registered_daily_totals (day, department, documents, sheets) VALUES ('2021-09-30', 'Urbanism', 1, 1)`);
    expect(rows()).toEqual([
      [{ week_start: '2021-09-27', department: 'Juridic', documents: 1, sheets: 2, pages: 3 },
        { week_start: '2021-09-27', department: 'Urbanism', documents: 1, sheets: 1, pages: 2 },
        { week_start: '2021-10-04', department: 'Juridic', documents: 1, sheets: 1, pages: 1 }],
      [{ week_start: '2021-09-27', station_id: 1, documents: 2, sheets: 3, pages: 5 },
        { week_start: '2021-10-04', station_id: 2, documents: 1, sheets: 1, pages: 1 }],
      [{ week_start: '2021-09-27', department: 'Urbanism', documents: 5, sheets: 6 }],
    ]);
    db.close();
  });

  it('refuses a database written by a newer server', () => {
    const file = join(tempDir(), 'registry.sqlite');
    const db = openDatabase(file);
    db.prepare("INSERT INTO schema_migrations VALUES (999, '999-future.sql', 'now')").run();
    db.close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (err) {
      error = err;
    }
    expect(isStationError(error, 'DATABASE_TOO_NEW')).toBe(true);
    const known = Math.max(...loadMigrations().map((m) => m.version));
    expect((error as StationError).details).toEqual({ databaseVersion: 999, knownVersion: known });
    expect((error as StationError).message).toBe(`Baza de date ${file} este la versiunea 999 a schemei, iar acest server o cunoaște `
      + `doar până la versiunea ${known}: a fost folosită de o versiune mai nouă a serverului. Porniți versiunea nouă a serverului `
      + '(sau restaurați o copie de siguranță făcută cu această versiune); baza de date nu a fost modificată.');
  });

  it('rejects a gap in the numbering', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001-a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '003-c.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow();
  });
});

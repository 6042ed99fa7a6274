/**
 * The SQLite migration runner on a real file that fails: a migration failing midway leaves the
 * connection's `legacy_alter_table` as it was; a full disk (a small tmpfs, when the tests run as root
 * as in CI), a database locked by another process and a corrupt file give the project's error with its
 * code and a Romanian message naming the file and the migration, and `server db migrate` prints it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../server/src/cli/io.ts';
import { main } from '../../../server/src/cli.ts';
import { loadMigrations, migrate } from '../../../server/src/db/migrate.ts';
import { connectDatabase, openDatabase } from '../../../server/src/db/open-database.ts';
import { isStationError, type StationError } from '../../../shared/src/errors.ts';
import { killServerProcesses, runServerCommand } from '../helpers/server-process.ts';
import { tempDir } from '../helpers/test-app.ts';

const all = loadMigrations();
const M011 = all[10]!;
const cleanups: Array<() => void> = [];
afterEach(() => {
  killServerProcesses();
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A registry file at version 10 (before 011), on the server's connection. */
function atVersion10(file: string): BetterSqlite3.Database {
  const db = connectDatabase(file);
  cleanups.push(() => db.close());
  migrate(db, all.slice(0, 10));
  return db;
}

function thrown(work: () => unknown): StationError {
  try {
    work();
  } catch (err) {
    if (isStationError(err)) return err;
    throw err;
  }
  throw new Error('did not throw');
}

const version = (db: BetterSqlite3.Database) => db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get();

describe('a migration that fails', () => {
  it('midway through 011 (after its PRAGMA legacy_alter_table = ON) leaves the pragma off and the database at 10', () => {
    const db = atVersion10(join(tempDir(), 'registry.sqlite'));
    const failing = { ...M011, sql: M011.sql.replace('PRAGMA legacy_alter_table = OFF;', 'INSERT INTO nowhere VALUES (1);\nPRAGMA legacy_alter_table = OFF;') };
    expect(failing.sql).not.toBe(M011.sql);
    let error: unknown;
    try {
      migrate(db, [...all.slice(0, 10), failing]);
    } catch (err) {
      error = err;
    }
    expect(db.pragma('legacy_alter_table', { simple: true })).toBe(0);
    expect(isStationError(error, 'INTERNAL')).toBe(true);
    expect((error as StationError).details).toMatchObject({ migration: M011.name, sqliteCode: 'SQLITE_ERROR', sqliteMessage: expect.stringMatching(/nowhere/) });
    expect(version(db)).toBe(10);
    expect(migrate(db, all.slice(0, 11))).toEqual([11]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('keeps a pragma the connection had before as it was', () => {
    const db = atVersion10(join(tempDir(), 'registry.sqlite'));
    db.pragma('legacy_alter_table = ON');
    expect(migrate(db, all.slice(0, 11))).toEqual([11]);
    expect(db.pragma('legacy_alter_table', { simple: true })).toBe(1);
  });

  it('on a database another process holds for writing: DATABASE_BUSY naming the file and the migration', () => {
    const file = join(tempDir(), 'registry.sqlite');
    const db = atVersion10(file);
    const other = new BetterSqlite3(file);
    cleanups.push(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    db.pragma('busy_timeout = 0'); // the server waits 5 s first; the outcome is the same
    const error = thrown(() => migrate(db));
    expect(error.code).toBe('DATABASE_BUSY');
    expect(error.message).toBe(`Migrarea ${M011.name} a bazei de date ${file} nu a putut fi aplicată: fișierul este blocat de alt proces `
      + '(alt server sau o comandă pornită pe aceeași bază de date). Baza de date a rămas la versiunea dinainte de această migrare: '
      + 'nu s-a pierdut nimic. Opriți celălalt proces sau așteptați să termine, apoi încercați din nou.');
    expect(error.details).toMatchObject({ database: file, migration: M011.name, sqliteCode: 'SQLITE_BUSY' });
    other.exec('ROLLBACK');
    expect(migrate(db)).toEqual(all.slice(10).map((m) => m.version));
  });

  it('an up-to-date database opens while another process holds it for writing (no migration to apply)', () => {
    const file = join(tempDir(), 'registry.sqlite');
    openDatabase(file).close();
    const other = new BetterSqlite3(file);
    cleanups.push(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    const db = connectDatabase(file);
    cleanups.push(() => db.close());
    db.pragma('busy_timeout = 0');
    expect(migrate(db)).toEqual([]);
  });

  it('a corrupt file: DATABASE_CORRUPT naming it, and `server db migrate` prints it in Romanian', async () => {
    const dir = tempDir();
    const file = join(dir, 'registry.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 'nu este o bază de date '));
    const error = thrown(() => openDatabase(file));
    expect(error.code).toBe('DATABASE_CORRUPT');
    expect(error.details).toMatchObject({ database: file, sqliteCode: 'SQLITE_NOTADB' });
    const message = `Baza de date ${file} nu a putut fi deschisă sau adusă la zi: fișierul este deteriorat sau nu este o bază de date `
      + 'SQLite (SQLITE_NOTADB). Baza de date nu a fost modificată. Restaurați ultima copie de siguranță (făcută cu „server backup”) în locul lui.';
    expect(error.message).toBe(message);

    const stderr: string[] = [];
    const io: CliIo = { env: { DATA_DIR: dir }, cwd: dir, out: () => undefined, err: (l) => stderr.push(l) };
    expect(await main(['db', 'migrate'], io)).toBe(1);
    expect(stderr).toEqual([`Baza de date: ${file}.`, `Eroare: ${message}`]);
  });
});

describe('the server process on a corrupt database', () => {
  it('does not start: the administrator reads the Romanian message, the log the code in English', async () => {
    const dir = tempDir();
    const file = join(dir, 'registry.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 'nu este o bază de date '));
    const result = await runServerCommand(['serve'], dir, { PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Eroare: Baza de date ${file} nu a putut fi deschisă sau adusă la zi: fișierul este deteriorat`);
    const logged = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(expect.objectContaining({
      msg: 'registry database could not be opened or migrated', code: 'DATABASE_CORRUPT',
      details: expect.objectContaining({ database: file, sqliteCode: 'SQLITE_NOTADB' }),
    }));
    expect(result.stdout).not.toContain('deteriorat');
  });
});

/** A 2 MiB tmpfs mounted for the test (root only, as in CI); null when mounting is not possible here. */
function smallDisk(): string | null {
  const dir = join(tempDir(), 'disk');
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  cleanups.push(() => execFileSync('umount', [dir], { stdio: 'ignore' }));
  return dir;
}

/** Fills the disk of `dir` to its last byte; returns the filler's path. */
function fill(dir: string): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return filler;
}

const asRoot = process.getuid?.() === 0;

describe('a migration on a full disk', () => {
  it.skipIf(!asRoot)('gives DISK_FULL naming the file and the migration; the database stays at its version and migrates once there is room', () => {
    const disk = smallDisk();
    expect(disk, 'mount -t tmpfs failed (the tests run as root: mounting must work)').not.toBeNull();
    const file = join(disk!, 'registry.sqlite');
    atVersion10(file).close();
    cleanups.pop();
    // reopened: the write-ahead log starts empty, so 011's first page needs room on the disk
    const db = connectDatabase(file);
    cleanups.push(() => db.close());
    expect(version(db)).toBe(10);
    const filler = fill(disk!);

    const error = thrown(() => migrate(db));
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toBe(`Migrarea ${M011.name} a bazei de date ${file} nu a putut fi aplicată: discul este plin. `
      + 'Baza de date a rămas la versiunea dinainte de această migrare: nu s-a pierdut nimic. '
      + 'Eliberați spațiu pe discul bazei de date, apoi porniți din nou serverul (sau rulați „server db migrate”).');
    expect(error.details).toMatchObject({ database: file, migration: M011.name, sqliteCode: 'SQLITE_FULL' });
    expect(db.pragma('legacy_alter_table', { simple: true })).toBe(0);
    expect(version(db)).toBe(10);

    rmSync(filler);
    expect(migrate(db)).toEqual(all.slice(10).map((m) => m.version));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

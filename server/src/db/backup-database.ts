/**
 * A consistent copy of a live registry database with SQLite's online backup API: the source is read
 * inside one read transaction (a single WAL snapshot, so writers go on undisturbed), the copy is
 * written to a private temporary file beside the target, checked (`PRAGMA integrity_check`, the row
 * count of every table equal to the snapshot's), made durable and only then linked under its name —
 * an existing file is never overwritten.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { StationError } from '../../../shared/src/errors.ts';
import type { TableCount as TableRows } from './copy-plan.ts';

export interface BackupResult {
  file: string;
  bytes: number;
  schemaVersion: number;
  tables: TableRows[];
}

/** The database's own tables (not SQLite's internal ones), by name. */
export function tableNames(db: Database): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    .pluck().all() as string[];
}

function countRows(db: Database): TableRows[] {
  return tableNames(db).map((table) => ({
    table,
    rows: db.prepare(`SELECT COUNT(*) FROM "${table.replaceAll('"', '""')}"`).pluck().get() as number,
  }));
}

function schemaVersion(db: Database): number {
  const exists = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").pluck().get();
  return exists ? ((db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null) ?? 0) : 0;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function exists(out: string): StationError {
  return new StationError('OUTPUT_EXISTS', `Fișierul ${out} există deja și nu a fost suprascris; alegeți alt nume sau mutați mai întâi fișierul existent.`, { file: out });
}

function writeFailure(source: string, out: string, err: unknown): StationError {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StationError('INPUT_CORRUPT', `${source} nu este o bază de date SQLite întreagă (${code}); nu s-a scris nicio copie.`, { file: source, code }, { cause: err });
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StationError('DISK_FULL', `Discul este plin: copia de siguranță ${out} nu a putut fi scrisă; nu a rămas niciun fișier parțial.`, { file: out }, { cause: err });
  }
  return new StationError('OUTPUT_FAILED', `Copia de siguranță ${out} nu a putut fi scrisă (${code ?? 'eroare'}); nu a rămas niciun fișier parțial.`, { file: out, code }, { cause: err });
}

/** Copies `sourceFile` (a registry database, possibly in use by a running server) to `outFile`. */
export async function backupDatabase(sourceFile: string, outFile: string): Promise<BackupResult> {
  const out = resolve(outFile);
  const dir = dirname(out);
  if (existsSync(out) && statSync(out).isDirectory()) {
    throw new StationError('USAGE', `${out} este un dosar; indicați un fișier nou, de exemplu ${join(out, 'registratura.sqlite')}.`, { file: out });
  }
  if (existsSync(out)) throw exists(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new StationError('OUTPUT_FAILED', `Dosarul ${dir} nu există; creați-l sau alegeți alt loc pentru copia de siguranță.`, { dir });
  }
  if (!existsSync(sourceFile)) {
    throw new StationError('INPUT_NOT_FOUND', `Baza de date ${sourceFile} nu există.`, { file: sourceFile });
  }

  const temp = join(dir, `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const source = new BetterSqlite3(sourceFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // Created empty and private first: SQLite keeps the mode of an existing file (and gives it to -journal).
    closeSync(openSync(temp, 'wx', 0o600));
    let expected: TableRows[];
    let version: number;
    source.exec('BEGIN');
    try {
      // The first read fixes the snapshot; the backup below reads within the same transaction.
      expected = countRows(source);
      version = schemaVersion(source);
      await source.backup(temp, { progress: () => 0x7fffffff });
    } finally {
      source.exec('COMMIT');
    }

    const tables = verifyCopy(temp, expected, out);
    fsyncPath(temp);
    try {
      linkSync(temp, out); // fails if `out` appeared meanwhile: never overwrites
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw exists(out);
      throw err;
    }
    fsyncPath(dir);
    return { file: out, bytes: statSync(out).size, schemaVersion: version, tables };
  } catch (err) {
    if (err instanceof StationError) throw err;
    throw writeFailure(sourceFile, out, err);
  } finally {
    source.close();
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${temp}${suffix}`, { force: true });
  }
}

/** The copy as one self-contained file (rollback journal), intact, with the snapshot's row counts. */
function verifyCopy(temp: string, expected: TableRows[], out: string): TableRows[] {
  const copy = new BetterSqlite3(temp, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      throw new StationError('OUTPUT_FAILED', `Copia de siguranță ${out} nu trece verificarea de integritate (${String(integrity)}); nu a fost păstrată.`, { file: out });
    }
    const tables = countRows(copy);
    const differing = expected.find((e, i) => tables[i]?.table !== e.table || tables[i]?.rows !== e.rows);
    if (differing || tables.length !== expected.length) {
      throw new StationError('OUTPUT_FAILED', `Copia de siguranță ${out} nu are aceleași rânduri ca baza de date (tabela ${differing?.table ?? '?'}); nu a fost păstrată.`, { file: out });
    }
    return tables;
  } finally {
    copy.close();
  }
}

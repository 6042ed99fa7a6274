import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDatabase } from '../../../server/src/db/backup-database.ts';
import { openDatabase } from '../../../server/src/db/open-database.ts';
import { isStationError, type ErrorCode } from '../../../shared/src/errors.ts';
import { tempDir } from '../helpers/test-app.ts';

function registryWithStations(count: number): string {
  const file = join(tempDir(), 'registry.sqlite');
  const db = openDatabase(file);
  const insert = db.prepare("INSERT INTO stations (name, token_hash, created_at) VALUES (?, ?, 'now')");
  for (let i = 0; i < count; i++) insert.run(`st-${i}`, `hash-st-${i}`);
  db.close();
  return file;
}

async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | undefined> {
  try {
    await promise;
  } catch (err) {
    if (isStationError(err)) return err.code;
    throw err;
  }
  return undefined;
}

describe('backupDatabase', () => {
  it('writes a private, self-contained, verified copy and leaves nothing else behind', async () => {
    const source = registryWithStations(3);
    const dir = tempDir();
    const out = join(dir, 'copie.sqlite');
    const result = await backupDatabase(source, out);
    expect(result.file).toBe(out);
    expect(result.schemaVersion).toBeGreaterThanOrEqual(5);
    expect(result.tables).toContainEqual({ table: 'stations', rows: 3 });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['copie.sqlite']);
    const copy = new BetterSqlite3(out, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.prepare('SELECT name FROM stations ORDER BY id').pluck().all()).toEqual(['st-0', 'st-1', 'st-2']);
    copy.close();
  });

  it('copies one snapshot: rows committed by another connection while it runs are not half in the copy', async () => {
    const source = registryWithStations(5);
    const writer = new BetterSqlite3(source);
    const out = join(tempDir(), 'copie.sqlite');
    const running = backupDatabase(source, out);
    // Committed after the backup took its snapshot, before it copied a single page.
    const insert = writer.prepare("INSERT INTO stations (name, token_hash, created_at) VALUES (?, ?, 'now')");
    writer.transaction(() => { for (let i = 0; i < 200; i++) insert.run(`later-${i}`, `hash-later-${i}`); })();
    const result = await running;
    writer.close();
    expect(result.tables).toContainEqual({ table: 'stations', rows: 5 });
    const copy = new BetterSqlite3(out, { readonly: true });
    expect(copy.prepare('SELECT COUNT(*) FROM stations').pluck().get()).toBe(5);
    copy.close();
  });

  it('never overwrites an existing file', async () => {
    const source = registryWithStations(1);
    const dir = tempDir();
    const out = join(dir, 'copie.sqlite');
    writeFileSync(out, 'copia de ieri');
    expect(await codeOf(backupDatabase(source, out))).toBe('OUTPUT_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe('copia de ieri');
    expect(readdirSync(dir)).toEqual(['copie.sqlite']);
    // the database itself is an existing file too
    expect(await codeOf(backupDatabase(source, source))).toBe('OUTPUT_EXISTS');
    expect(await codeOf(backupDatabase(source, dir))).toBe('USAGE');
  });

  it('refuses a missing folder, a missing database and a file that is not a database, writing nothing', async () => {
    const source = registryWithStations(1);
    const dir = tempDir();
    expect(await codeOf(backupDatabase(source, join(dir, 'nu-exista', 'copie.sqlite')))).toBe('OUTPUT_FAILED');
    expect(await codeOf(backupDatabase(join(dir, 'lipsa.sqlite'), join(dir, 'copie.sqlite')))).toBe('INPUT_NOT_FOUND');
    const notDb = join(dir, 'text.sqlite');
    writeFileSync(notDb, 'acesta nu este un fișier SQLite, doar un text destul de lung pentru antet.'.repeat(10));
    mkdirSync(join(dir, 'out'));
    expect(await codeOf(backupDatabase(notDb, join(dir, 'out', 'copie.sqlite')))).toBe('INPUT_CORRUPT');
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
  });
});

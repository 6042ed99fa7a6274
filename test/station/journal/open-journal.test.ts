/**
 * The station journal on a real SQLite file: created and migrated on first open, WAL mode,
 * and opening it again (or migrating twice) applies nothing twice and keeps the data.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const MIGRATIONS = readdirSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../station/src/journal/migrations'))
  .filter((f) => /^\d{3}-.+\.sql$/.test(f))
  .sort();

let tmp: { dir: string; cleanup: () => Promise<void> };
const open: JournalDb[] = [];
const track = (db: JournalDb) => (open.push(db), db);

beforeEach(async () => {
  tmp = await makeTempDir('journal-open-');
});
afterEach(async () => {
  for (const db of open.splice(0)) if (db.open) db.close();
  await tmp.cleanup();
});

const tables = (db: JournalDb) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];

describe('openJournal', () => {
  it('creates the data folder and station.db, migrated, in WAL mode with foreign keys on', () => {
    const dataDir = path.join(tmp.dir, 'nested', 'data');
    const db = track(openJournal(dataDir));
    expect(existsSync(path.join(dataDir, 'station.db'))).toBe(true);
    expect(tables(db)).toEqual(expect.arrayContaining(['batches', 'page_files', 'pages', 'outbox', 'consumed_files', 'schema_migrations']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    expect(applied).toEqual(MIGRATIONS.map((name) => ({ version: Number(name.slice(0, 3)), name })));
  });

  it('re-opens an existing journal without re-applying migrations, and the data is still there', () => {
    const db1 = track(openJournal(tmp.dir));
    db1.prepare(`INSERT INTO batches (id, kind, status, out_dir, options_json, started_at) VALUES ('lot-1', 'split', 'running', '/o', '{}', '2021-09-27T09:00:00.000Z')`).run();
    const appliedAt = db1.prepare('SELECT applied_at FROM schema_migrations ORDER BY version').pluck().all();
    db1.close();

    const db2 = track(openJournal(tmp.dir));
    expect(db2.prepare('SELECT applied_at FROM schema_migrations ORDER BY version').pluck().all()).toEqual(appliedAt);
    expect(db2.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    expect(db2.prepare('SELECT id FROM batches').pluck().all()).toEqual(['lot-1']);
  });

  it('migrate() a second time on the same connection is a no-op (no "table already exists")', () => {
    const db = track(openJournal(tmp.dir));
    expect(() => migrate(db)).not.toThrow();
    expect(db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
  });

  it('a second connection (another station process) sees what the first committed', () => {
    const a = track(openJournal(tmp.dir));
    const b = track(openJournal(tmp.dir));
    a.prepare(`INSERT INTO consumed_files (key, path, consumed_at) VALUES ('k', 'p', 't')`).run();
    expect(b.prepare('SELECT key FROM consumed_files').pluck().all()).toEqual(['k']);
  });

  it('migrates a bare SQLite file that only has some other content', () => {
    const file = path.join(tmp.dir, 'station.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE unrelated (x INTEGER)');
    raw.close();
    const db = track(openJournal(tmp.dir));
    expect(tables(db)).toEqual(expect.arrayContaining(['unrelated', 'outbox', 'batches']));
  });

  it('several processes opening a new journal at the same moment (the icon clicked twice on a new station): each opens it, every migration applied once', async () => {
    const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const openIn = (dir: string) => new Promise<{ code: number | null; err: string }>((resolve) => {
      const script = `const { openJournal } = await import('./station/src/journal/open-journal.ts'); openJournal(${JSON.stringify(dir)}).close();`;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => resolve({ code, err }));
    });
    // the race is between reading what was applied and applying it: several rounds of several processes
    // (the old code failed in about one round of five with «table … already exists»)
    for (let round = 0; round < 6; round++) {
      const dir = path.join(tmp.dir, `round-${round}`);
      const results = await Promise.all(Array.from({ length: 6 }, () => openIn(dir)));
      expect(results.filter((r) => r.code !== 0).map((r) => r.err.split('\n').find((l) => /Error/.test(l)))).toEqual([]);
      const db = track(new Database(path.join(dir, 'station.db'), { readonly: true }));
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((n) => Number(n.slice(0, 3))));
    }
  }, 120_000);
});

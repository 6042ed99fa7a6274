/**
 * An engine's backup of a running registry, restored into a new store, as the README tells an
 * administrator: SQLite with `server backup --out` copied in as `registry.sqlite`, PostgreSQL with
 * `pg_dump --format=custom` and `pg_restore` into a new database.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { createTestDatabase, type TestEngine } from './postgres.ts';
import { runNode, SERVER_BIN } from './real-processes.ts';
import { postgresStore, sqliteStore, type RegistryStore } from './registry-stores.ts';

const run = promisify(execFile);

/** A backup of `live` taken now (the server may keep running); restore it with restoreBackup. */
export async function takeBackup(engine: TestEngine, live: RegistryStore, dir: string, name: string): Promise<string> {
  const file = path.join(dir, `${name}.backup`);
  if (engine === 'sqlite') {
    const made = await runNode(SERVER_BIN, ['backup', '--out', file], { env: { DATA_DIR: live.dataDir }, cwd: dir });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`Copia de siguranță a fost scrisă: ${file}`);
  } else {
    await run('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${live.url}`]);
  }
  return file;
}

/** The backup `file` restored into a new store with its data folder `dir/name`. */
export async function restoreBackup(engine: TestEngine, file: string, dir: string, name: string): Promise<RegistryStore> {
  const dataDir = path.join(dir, name);
  mkdirSync(dataDir, { mode: 0o700 });
  if (engine === 'sqlite') {
    copyFileSync(file, path.join(dataDir, 'registry.sqlite'));
    return sqliteStore(dataDir);
  }
  const database = await createTestDatabase();
  await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${database.url}`, file]);
  return postgresStore(dataDir, database);
}

/** takeBackup, then restoreBackup under the same name. */
export async function backupAndRestore(engine: TestEngine, live: RegistryStore, dir: string, name: string): Promise<RegistryStore> {
  return restoreBackup(engine, await takeBackup(engine, live, dir, name), dir, name);
}

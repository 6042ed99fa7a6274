/** `server db migrate`, `server backup` usage, and a server that refuses a database newer than itself. */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../server/src/cli/io.ts';
import { main } from '../../server/src/cli.ts';
import { loadMigrations, migrate } from '../../server/src/db/migrate.ts';
import { openDatabase } from '../../server/src/db/open-database.ts';
import { tempDir } from './helpers/test-app.ts';
import { killServerProcesses, runServerCommand } from './helpers/server-process.ts';

afterEach(killServerProcesses);

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { env, cwd: tempDir(), out: (l) => stdout.push(l), err: (l) => stderr.push(l), stdout, stderr };
}

const all = loadMigrations();
const newest = Math.max(...all.map((m) => m.version));

function futureDatabase(): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, 'registry.sqlite');
  const db = openDatabase(file);
  db.prepare("INSERT INTO schema_migrations VALUES (?, '999-viitor.sql', 'now')").run(newest + 1);
  db.close();
  return { dir, file };
}

describe('server db migrate', () => {
  it('applies the pending migrations, names them, then says the database is up to date', async () => {
    const dir = tempDir();
    const file = join(dir, 'registry.sqlite');
    const old = new BetterSqlite3(file);
    migrate(old, all.slice(0, 3));
    old.close();

    const io = captureIo({ DATA_DIR: dir });
    expect(await main(['db', 'migrate'], io)).toBe(0);
    expect(io.stderr).toEqual([`Baza de date: ${file}.`]);
    expect(io.stdout).toEqual([
      `Au fost aplicate ${all.length - 3} migrări:`,
      ...all.slice(3).map((m) => `  ${m.name}`),
      `Baza de date este acum la schema versiunea ${newest}.`,
    ]);
    const db = new BetterSqlite3(file, { readonly: true });
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(all.map((m) => m.version));
    db.close();

    const again = captureIo({ DATA_DIR: dir });
    expect(await main(['db', 'migrate'], again)).toBe(0);
    expect(again.stdout).toEqual([`Baza de date este deja la zi (schema versiunea ${newest}).`]);
  });

  it('refuses a database written by a newer server and leaves it as it was', async () => {
    const { dir, file } = futureDatabase();
    const io = captureIo({ DATA_DIR: dir });
    expect(await main(['db', 'migrate'], io)).toBe(1);
    expect(io.stderr[1]).toMatch(new RegExp(`^Eroare: Baza de date .* este la versiunea ${newest + 1} a schemei, iar acest server o cunoaște doar până la versiunea ${newest}:`));
    const db = new BetterSqlite3(file, { readonly: true });
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(newest + 1);
    db.close();
  });
});

describe('server backup (usage)', () => {
  it('wants --out <file> and an existing database, in Romanian', async () => {
    const dir = tempDir();
    for (const args of [['backup'], ['backup', '--out'], ['backup', 'copie.sqlite'], ['backup', '--out', 'a', 'b']]) {
      const io = captureIo({ DATA_DIR: dir });
      expect(await main(args, io)).toBe(2);
      expect(io.stderr).toEqual(['Eroare: Indicați fișierul copiei: server backup --out <fișier>']);
    }
    const missing = captureIo({ DATA_DIR: dir });
    expect(await main(['backup', '--out', join(dir, 'copie.sqlite')], missing)).toBe(1);
    expect(missing.stderr).toEqual([`Eroare: Baza de date ${join(dir, 'registry.sqlite')} nu există: nu există nimic de copiat.`]);
  });

  it('writes the copy relative to the folder it is run from', async () => {
    const dir = tempDir();
    openDatabase(join(dir, 'registry.sqlite')).close();
    const io = captureIo({ DATA_DIR: dir });
    expect(await main(['backup', '--out', 'copie.sqlite'], io)).toBe(0);
    expect(io.stdout[0]).toMatch(new RegExp(`^Copia de siguranță a fost scrisă: ${join(io.cwd, 'copie.sqlite')} \\(`));
  });
});

describe('the server process on a database newer than itself', () => {
  it('does not start, and says why', async () => {
    const { dir, file } = futureDatabase();
    const result = await runServerCommand(['serve'], dir, { PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Eroare: Baza de date ${file} este la versiunea ${newest + 1} a schemei, iar acest server o cunoaște doar până la versiunea ${newest}:`);
    expect(result.stderr).not.toContain('ascultă la');
  });
});

/**
 * `server db copy --from <registry.sqlite> --to <postgres url>` on a real PostgreSQL (a fresh test
 * database each time; skipped with the reason when no server answers): every table copied with its
 * ids, the sequences moved past them, the copy verified; a non-empty target, a copy that does not
 * match its source, bad arguments, a missing or foreign source, an unreachable server — each refused
 * with its code and a Romanian message, nothing left half-copied.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../server/src/cli/io.ts';
import { main } from '../../server/src/cli.ts';
import { loadMigrations, migrate } from '../../server/src/db/migrate.ts';
import { tempDir } from './helpers/test-app.ts';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.ts';
import { killAll, startServerProcess } from '../support/real-processes.ts';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { env: {}, cwd: tempDir(), out: (l) => stdout.push(l), err: (l) => stderr.push(l), stdout, stderr };
}

const DOCUMENTS = 2_500; // more than one INSERT's worth of rows
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A registry as an office has it after a while: gaps in the ids, an empty document, a borderou in CP1250, users, sessions, audit. */
function officeRegistry(migrations = loadMigrations()): string {
  const file = join(tempDir(), 'registry.sqlite');
  const db = new BetterSqlite3(file);
  migrate(db, migrations);
  if (migrations.length < loadMigrations().length) {
    db.close();
    return file;
  }
  db.transaction(() => {
    db.prepare("INSERT INTO stations (id, name, token_hash, created_at) VALUES (5, 'statia-1', ?, '2026-01-05T08:00:00.000Z')").run(sha('t1'));
    db.prepare("INSERT INTO stations (id, name, token_hash, created_at, revoked_at) VALUES (9, 'statia-2', ?, '2026-01-05T08:00:00.000Z', '2026-03-01T10:00:00.000Z')").run(sha('t2'));
    db.prepare("INSERT INTO users (id, name, role, password_hash, created_at, password_changed_at) VALUES (3, 'Ioana', 'admin', '$argon2id$x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')").run();
    db.prepare("INSERT INTO sessions VALUES (?, 3, 'csrf', '2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z', '127.0.0.1')").run(sha('cookie'));
    db.prepare("INSERT INTO login_failures (user_name, address, at) VALUES ('ioana', '10.0.0.7', '2026-03-02T07:59:00Z')").run();
    db.prepare("INSERT INTO audit_log (at, actor, action, target, details) VALUES ('2026-03-02T08:00:00Z', 'user:Ioana', 'login', NULL, '{}')").run();
    db.prepare(`INSERT INTO borderouri (id, day, version, uploaded_at, entry_count, encoding, delimiter, content_sha256, content)
      VALUES (4, '2026-03-02', 1, '2026-03-02T07:00:00Z', 2, 'windows-1250', ';', ?, ?)`).run(sha('b'), Buffer.from([0x4e, 0x72, 0x3b, 0xba, 0xfe, 0x0a, 0x00, 0xff]));
    db.prepare(`INSERT INTO borderou_entries VALUES (4, 1, '100/02.03.2026', '100/02.03.2026', 'Urbanism și Amenajarea Teritoriului', 2, '2026-03-02', NULL),
      (4, 2, '101/02.03.2026', '101/02.03.2026', 'Taxe și impozite', NULL, NULL, 'țară')`).run();
    db.prepare("INSERT INTO closed_weeks VALUES ('2026-02-23', '2026-03-01T18:00:00Z', 'user:Ioana', '{\"registered\":{\"documents\":2,\"sheets\":2},\"processed\":{\"documents\":1,\"sheets\":1,\"pages\":2}}')").run();
    const batch = db.prepare(`INSERT INTO batches (id, station_id, batch_id, started_at, ended_at, scan_date, separator_pages, blank_pages,
      unassigned_pages, pages_in, document_count, report_sha256, received_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?)`);
    const doc = db.prepare(`INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, registration_date,
      scan_date, file, pages, sheets, sha256, flags, department) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const [ref, station, day, count] of [[11, 5, '2026-03-02', 1_000], [12, 9, '2026-03-03', 1_499], [20, 5, '2027-01-04', 1]] as const) {
      batch.run(ref, station, `lot-${ref}`, `${day}T07:00:00.000Z`, `${day}T08:00:00.000Z`, day, count * 2, count, sha(`r${ref}`), `${day}T08:01:00.000Z`);
      for (let i = 0; i < count; i++) {
        const empty = ref === 20;
        const n = `${ref * 10_000 + i}/${day.slice(8)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
        doc.run(ref, station, i, n, n, day, day, empty ? null : `${n.replace('/', '_')}.pdf`, empty ? 0 : 1 + (i % 4), empty ? 1 : 1 + (i % 3),
          empty ? null : sha(n), i % 7 === 0 ? '["duplicate"]' : '[]', i % 2 ? 'Urbanism și Amenajarea Teritoriului' : '');
      }
    }
    db.exec(`INSERT INTO batch_versions SELECT id, 1, report_sha256, received_at, started_at, ended_at, scan_date, separator_pages, blank_pages,
      unassigned_pages, pages_in, document_count, '[]' FROM batches`);
  })();
  db.close();
  return file;
}

/** Every table's rows, in a stable order, as plain values (blobs as hex). */
async function dump(read: (sql: string) => Promise<Record<string, unknown>[]>, tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await read(`SELECT * FROM ${table}`);
    out[table] = rows.map((r) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('hex') : v])))
      .map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

const sqliteTables = (file: string): string[] => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'schema_migrations' ORDER BY name").pluck().all() as string[];
  } finally {
    db.close();
  }
};

describePostgres('server db copy', () => {
  let target: TestDatabase;
  let client: pg.Client;
  beforeEach(async () => {
    target = await createTestDatabase();
    // bigint as a number, as the server's own client reads it
    const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format)) };
    client = new pg.Client({ connectionString: target.url, types: types as pg.CustomTypesConfig });
    await client.connect();
  });
  afterEach(async () => {
    killAll();
    await client.end();
    await target.drop();
  });

  const pgRows = async (sql: string) => (await client.query(sql)).rows as Record<string, unknown>[];
  const copy = async (from: string, to = target.url) => {
    const io = captureIo();
    const code = await main(['db', 'copy', '--from', from, '--to', to], io);
    return { code, ...io };
  };

  it('copies every table with its ids into an empty database, moves the sequences past them, verifies, and leaves the source as it was', async () => {
    const file = officeRegistry();
    const tables = sqliteTables(file);
    const before = createHash('sha256').update(new BetterSqlite3(file, { readonly: true }).serialize()).digest('hex');
    const result = await copy(file);
    expect(result.code, result.stderr.join('\n')).toBe(0);
    const version = loadMigrations().length;
    expect(result.stdout[0]).toBe(`Registrul a fost copiat în ${new URL(target.url).toString().replace(/:[^:@/]*@/, '@')} (schema versiunea ${version}).`);
    expect(result.stdout[1]).toMatch(/^Rânduri: .*batch_versions 3, .*documents 2\.500\.$/);
    expect(result.stdout[2]).toBe('Verificat: fiecare tabelă are în copie același număr de rânduri ca în sursă, iar SHA-256 al celor 2.500 de documente este același.');
    expect(result.stdout.join('\n')).not.toContain('scan-station-test'); // the password
    expect(result.stderr).toContainEqual('  documents: 2.500 rânduri copiate');

    const src = new BetterSqlite3(file, { readonly: true });
    const fromSqlite = await dump(async (sql) => src.prepare(sql).all() as Record<string, unknown>[], tables);
    src.close();
    expect(await dump(pgRows, tables)).toEqual(fromSqlite);
    expect(fromSqlite.weekly_totals!.length).toBeGreaterThan(0); // copied as they were, not counted again
    expect(fromSqlite.weekly_department_totals!.length).toBeGreaterThan(0);
    expect(fromSqlite.weekly_station_totals!.length).toBeGreaterThan(0);
    expect((await pgRows('SELECT MAX(version) AS v FROM schema_migrations'))[0]!.v).toBe(version);

    // the next rows continue after the copied ids; the totals triggers work again
    expect((await pgRows("INSERT INTO stations (name, token_hash, created_at) VALUES ('statia-3', 'x', 'now') RETURNING id"))[0]!.id).toBe(10);
    await client.query(`INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, scan_date, file, pages, sheets, sha256, flags)
      VALUES (20, 5, 1, '9/04.01.2027', '9/04.01.2027', '2027-01-04', 'a.pdf', 3, 2, repeat('a', 64), '[]')`);
    expect(await pgRows("SELECT documents, sheets, pages FROM weekly_totals WHERE week_start = '2027-01-04'")).toEqual([{ documents: 1, sheets: 2, pages: 3 }]);
    expect(await pgRows("SELECT documents, sheets, pages FROM weekly_department_totals WHERE week_start = '2027-01-04'")).toEqual([{ documents: 1, sheets: 2, pages: 3 }]);
    expect(await pgRows("SELECT documents, sheets, pages FROM weekly_station_totals WHERE week_start = '2027-01-04'")).toEqual([{ documents: 1, sheets: 2, pages: 3 }]);
    expect(createHash('sha256').update(new BetterSqlite3(file, { readonly: true }).serialize()).digest('hex')).toBe(before);
  }, 120_000);

  it('a server started on the copy shows the weekly report of the server on the SQLite file', async () => {
    const file = officeRegistry();
    expect((await copy(file)).code).toBe(0);
    const token = 'copy-test-admin-token-0123456789';
    const serve = async (env: NodeJS.ProcessEnv) => startServerProcess({ dataDir: dirname(file), adminToken: token, cwd: tempDir(), env });
    const weekly = async (base: string) => {
      const res = await fetch(`${base}/api/reports/weekly?from=2026-02-23&to=2027-01-10`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, await res.clone().text()).toBe(200);
      return res.json();
    };
    const onSqlite = await serve({});
    const fromSqlite = await weekly(onSqlite.base);
    expect((await onSqlite.stop()).code).toBe(0);
    const onPostgres = await serve({ DATABASE_URL: target.url });
    expect(await weekly(onPostgres.base)).toEqual(fromSqlite);
    expect((fromSqlite as { totals: { documents: number } }).totals.documents).toBe(DOCUMENTS - 1); // the empty document is not counted
    expect((await onPostgres.stop()).code).toBe(0);
  }, 120_000);

  it('refuses a database that is not empty and changes nothing in it', async () => {
    const file = officeRegistry();
    await client.query("CREATE TABLE notes (t text); INSERT INTO notes VALUES ('ale altcuiva')");
    const refused = await copy(file);
    expect(refused.code).toBe(1);
    expect(refused.stderr.at(-1)).toMatch(/^Eroare: Baza de date postgres:\/\/.+ nu este goală \(are rânduri în: notes\); copierea se face doar într-o bază de date nouă, goală\. .+nu s-a copiat nimic\.$/);
    expect(await pgRows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).toEqual([{ table_name: 'notes' }]);

    await client.query('DROP TABLE notes');
    expect((await copy(file)).code).toBe(0);
    const again = await copy(file); // a registry already copied there
    expect(again.code).toBe(1);
    expect(again.stderr.at(-1)).toContain('nu este goală (are rânduri în: audit_log, batch_versions, batches, borderou_entries, borderouri, closed_weeks, daily_totals, documents,');
    expect((await pgRows('SELECT COUNT(*)::int AS n FROM documents'))[0]!.n).toBe(DOCUMENTS);
  }, 120_000);

  it('rolls the whole copy back when the copy does not match its source', async () => {
    const file = officeRegistry();
    // a target that alters what it is given (a rule): first one document's hash, then a login failure lost
    const migrated = await copy(file); // migrates and copies; then emptied again, keeping the schema
    expect(migrated.code).toBe(0);
    const tables = sqliteTables(file);
    await client.query(`ALTER TABLE audit_log DISABLE TRIGGER USER; TRUNCATE ${tables.join(', ')}; ALTER TABLE audit_log ENABLE TRIGGER USER`);
    await client.query('CREATE RULE tamper AS ON INSERT TO documents WHERE NEW.position = 17 AND NEW.batch_ref = 12 DO ALSO UPDATE documents SET sha256 = repeat(\'0\', 64) WHERE id = NEW.id');
    const tampered = await copy(file);
    expect(tampered.code).toBe(1);
    const id = new BetterSqlite3(file, { readonly: true }).prepare('SELECT id FROM documents WHERE batch_ref = 12 AND position = 17').pluck().get();
    expect(tampered.stderr.at(-1)).toBe(`Eroare: Documentul cu id-ul ${id} nu are același SHA-256 în copie ca în sursă (sursa: ${sha(`${120_017}/03.03.2026`)}, copia: ${'0'.repeat(64)}); `
      + 'copierea a fost anulată, baza de date PostgreSQL a rămas goală.');
    expect((await pgRows('SELECT COUNT(*)::int AS n FROM documents'))[0]!.n).toBe(0);

    await client.query('DROP RULE tamper ON documents; CREATE RULE lose AS ON INSERT TO login_failures DO INSTEAD NOTHING');
    const lost = await copy(file);
    expect(lost.code).toBe(1);
    expect(lost.stderr.at(-1)).toContain('nu are aceleași rânduri ca sursa (login_failures: 1 în sursă, 0 în copie); copierea a fost anulată');
    expect((await pgRows('SELECT COUNT(*)::int AS n FROM stations'))[0]!.n).toBe(0);
  }, 120_000);

  it('refuses a source that is missing, not a registry, or behind this server, naming it', async () => {
    const missing = join(tempDir(), 'nu-exista.sqlite');
    expect((await copy(missing)).stderr.at(-1)).toBe(`Eroare: Baza de date ${missing} nu există.`);
    const text = join(tempDir(), 'registry.sqlite');
    writeFileSync(text, 'nu este o bază de date\n'.repeat(200));
    const notDb = await copy(text);
    expect(notDb.code).toBe(1);
    expect(notDb.stderr.at(-1)).toBe(`Eroare: ${text} nu este o bază de date SQLite întreagă (SQLITE_NOTADB); nu s-a copiat nimic.`);
    const other = join(tempDir(), 'alta.sqlite');
    new BetterSqlite3(other).exec('CREATE TABLE t (x)');
    expect((await copy(other)).stderr.at(-1)).toBe(`Eroare: ${other} nu este o bază de date a registraturii (nu are tabela schema_migrations); nu s-a copiat nimic.`);
    const old = officeRegistry(loadMigrations().slice(0, 3));
    expect((await copy(old)).stderr.at(-1)).toMatch(/^Eroare: Baza de date .+ este la versiunea 3 a schemei, iar serverul la versiunea \d+: aduceți-o întâi la zi cu DATA_DIR=<dosarul ei> npx server db migrate, apoi copiați\. Nu s-a copiat nimic\.$/);
    expect(await pgRows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).toEqual([]);
  });
});

describe('server db copy: arguments and an unreachable server', () => {
  it('says how to call it (exit 2)', async () => {
    for (const args of [[], ['--from', 'a.sqlite'], ['--to', 'postgres://x@h/db'], ['--from', 'a', '--from', 'b'], ['--from', 'a', '--to'], ['--from', 'a', '--out', 'b']]) {
      const io = captureIo();
      expect(await main(['db', 'copy', ...args], io), args.join(' ')).toBe(2);
      expect(io.stderr[0]).toMatch(/^Eroare: (Lipsește --(to|from); de exemplu|Indicați sursa și destinația o singură dată, de exemplu): server db copy --from \/var\/lib\/scan-station\/registry\.sqlite --to postgres:\/\/registratura@localhost\/registratura$/);
    }
    const io = captureIo();
    expect(await main(['db', 'copy', '--from', 'a.sqlite', '--to', '/tmp/b.sqlite'], io)).toBe(2);
    expect(io.stderr[0]).toContain('Eroare: --to trebuie să fie adresa unei baze de date PostgreSQL (postgres://utilizator@gazdă/bază), nu /tmp/b.sqlite;');
  });

  it('names a PostgreSQL server that does not answer, without its password', async () => {
    const file = officeRegistry(loadMigrations());
    const io = captureIo();
    expect(await main(['db', 'copy', '--from', file, '--to', 'postgres://registratura:parola-secreta@127.0.0.1:9/registratura'], io)).toBe(1);
    expect(io.stderr.at(-1)).toMatch(/^Eroare: Baza de date PostgreSQL postgres:\/\/registratura@127\.0\.0\.1:9\/registratura nu poate fi folosită \(ECONNREFUSED: .*\); nu s-a copiat nimic\.$/);
    expect(io.stderr.join('\n')).not.toContain('parola-secreta');
  });
});

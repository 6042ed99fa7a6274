/**
 * `server db copy`: an office's SQLite registry moved into an empty PostgreSQL database. The target is
 * refused when any of its tables holds a row; otherwise it is migrated to this server's schema and,
 * in one transaction (its tables locked, triggers held off so the weekly totals are copied as they
 * are and not counted twice), every table is copied with its ids, the identity sequences are moved
 * past them, and the copy is verified — the rows of every table and every document's SHA-256 against
 * the source — before it commits. Any difference rolls the whole copy back. The source is read in one
 * read transaction (one snapshot, even while its server runs) and never written.
 */
import { existsSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { StationError } from '../../../shared/src/errors.ts';
import { tableNames } from '../db/backup-database.ts';
import { compareCounts, compareDocumentHashes, copyOrder, type DocumentHash, type TableCount } from '../db/copy-plan.ts';
import { loadMigrations } from '../db/migrate.ts';
import { loadPostgresMigrations, migratePostgres } from '../db/migrate-postgres.ts';
import { createPostgresClient, describePostgresUrl } from '../db/postgres-client.ts';
import type { SqlClient, SqlRunner, SqlTransaction } from '../db/sql-client.ts';

export interface CopyResult {
  source: string;
  target: string;
  schemaVersion: number;
  /** Rows copied per table, in copy order. */
  tables: TableCount[];
  /** Documents whose SHA-256 was compared. */
  documents: number;
}

/** Tables `server db copy` leaves alone: the migrations' own bookkeeping. */
const NOT_COPIED = new Set(['schema_migrations']);
/** Parameters per INSERT (PostgreSQL allows 65,535). */
const PARAMS_PER_INSERT = 30_000;
const HASH_PAGE = 20_000;

const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;

interface SourceTable {
  name: string;
  columns: string[];
  references: string[];
}

function openSource(file: string): { db: Database; version: number; tables: SourceTable[] } {
  if (!existsSync(file)) throw new StationError('INPUT_NOT_FOUND', `Baza de date ${file} nu există.`, { file });
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const hasMigrations = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").pluck().get();
    if (!hasMigrations) {
      throw new StationError('INPUT_CORRUPT', `${file} nu este o bază de date a registraturii (nu are tabela schema_migrations); nu s-a copiat nimic.`, { file });
    }
    const version = (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
    const tables = tableNames(db).filter((n) => !NOT_COPIED.has(n)).map((name) => ({
      name,
      columns: (db!.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(name) as string[]),
      references: [...new Set(db!.prepare('SELECT "table" FROM pragma_foreign_key_list(?)').pluck().all(name) as string[])],
    }));
    return { db, version, tables };
  } catch (err) {
    db?.close();
    if (err instanceof StationError) throw err;
    const code = (err as { code?: string }).code;
    throw new StationError('INPUT_CORRUPT', `${file} nu este o bază de date SQLite întreagă (${code ?? 'eroare'}); nu s-a copiat nimic.`, { file, code }, { cause: err });
  }
}

async function connectTarget(url: string): Promise<SqlClient> {
  const client = createPostgresClient(url, { max: 3 });
  try {
    await client.get('SELECT 1');
    return client;
  } catch (err) {
    await client.close().catch(() => undefined);
    const code = (err as { code?: string }).code;
    throw new StationError('DATABASE_UNREACHABLE', `Baza de date PostgreSQL ${describePostgresUrl(url)} nu poate fi folosită (${code ?? 'eroare'}: ${(err as Error).message}); nu s-a copiat nimic.`,
      { target: describePostgresUrl(url), code }, { cause: err });
  }
}

async function targetTables(db: SqlRunner): Promise<Map<string, { columns: string[]; identity: string[] }>> {
  const rows = await db.all<{ table: string; column: string; identity: string }>(
    `SELECT c.table_name AS "table", c.column_name AS "column", c.is_identity AS "identity"
       FROM information_schema.columns c JOIN information_schema.tables t
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position`);
  const tables = new Map<string, { columns: string[]; identity: string[] }>();
  for (const r of rows) {
    if (NOT_COPIED.has(r.table)) continue;
    const t = tables.get(r.table) ?? { columns: [], identity: [] };
    t.columns.push(r.column);
    if (r.identity === 'YES') t.identity.push(r.column);
    tables.set(r.table, t);
  }
  return tables;
}

/** The tables of the target that hold at least one row. */
async function nonEmptyTables(db: SqlRunner, tables: Iterable<string>): Promise<string[]> {
  const full: string[] = [];
  for (const table of tables) {
    if (await db.get(`SELECT 1 AS "one" FROM ${q(table)} LIMIT 1`)) full.push(table);
  }
  return full;
}

function notEmpty(target: string, tables: string[]): StationError {
  return new StationError('DATABASE_NOT_EMPTY',
    `Baza de date ${target} nu este goală (are rânduri în: ${tables.join(', ')}); copierea se face doar într-o bază de date nouă, goală. `
      + 'Creați una (de exemplu: createdb registratura) și dați-o la --to; nu s-a copiat nimic.', { target, tables });
}

async function countRows(db: SqlRunner | Database, tables: readonly string[]): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const table of tables) {
    const sql = `SELECT COUNT(*) AS "n" FROM ${q(table)}`;
    const n = 'prepare' in db ? (db.prepare(sql).get() as { n: number }).n : (await db.get<{ n: number }>(sql))!.n;
    counts.push({ table, rows: Number(n) });
  }
  return counts;
}

async function copyTable(source: Database, tx: SqlTransaction, table: SourceTable): Promise<number> {
  const cols = table.columns.map(q).join(', ');
  const perInsert = Math.max(1, Math.floor(PARAMS_PER_INSERT / table.columns.length));
  const row = `(${table.columns.map(() => '?').join(', ')})`;
  const rows = source.prepare(`SELECT ${cols} FROM ${q(table.name)}`).raw().iterate() as IterableIterator<unknown[]>;
  let copied = 0;
  try {
    for (;;) {
      const chunk: unknown[][] = [];
      for (let r = rows.next(); !r.done; r = chunk.length < perInsert ? rows.next() : { done: true, value: undefined }) chunk.push(r.value);
      if (chunk.length === 0) return copied;
      await tx.run(`INSERT INTO ${q(table.name)} (${cols}) VALUES ${Array.from(chunk, () => row).join(', ')}`, chunk.flat());
      copied += chunk.length;
    }
  } finally {
    rows.return?.(); // frees the source connection when the copy stops halfway
  }
}

async function verify(source: Database, tx: SqlTransaction, order: string[], targetName: string): Promise<{ counts: TableCount[]; documents: number }> {
  const counts = await countRows(source, order);
  const mismatches = compareCounts(counts, await countRows(tx, order));
  if (mismatches.length > 0) {
    throw new StationError('COPY_VERIFY_FAILED',
      `Copia din ${targetName} nu are aceleași rânduri ca sursa (${mismatches.map((m) => `${m.table}: ${m.source ?? '—'} în sursă, ${m.target ?? '—'} în copie`).join('; ')}); `
        + 'copierea a fost anulată, baza de date PostgreSQL a rămas goală.', { mismatches });
  }
  if (!order.includes('documents')) return { counts, documents: 0 };
  const page = 'SELECT id, sha256 FROM documents WHERE id > ? ORDER BY id LIMIT ?';
  const sourcePage = source.prepare(page);
  const { compared, mismatch } = await compareDocumentHashes(async (side, after) => {
    const from = after === -Infinity ? -1 : after;
    return side === 'source'
      ? (sourcePage.all(from, HASH_PAGE) as DocumentHash[])
      : (await tx.all<DocumentHash>(page, [from, HASH_PAGE])).map((d) => ({ id: Number(d.id), sha256: d.sha256 }));
  });
  if (mismatch) {
    throw new StationError('COPY_VERIFY_FAILED',
      `Documentul cu id-ul ${mismatch.id} nu are același SHA-256 în copie ca în sursă (sursa: ${mismatch.source ?? 'lipsă'}, copia: ${mismatch.target ?? 'lipsă'}); `
        + 'copierea a fost anulată, baza de date PostgreSQL a rămas goală.', { mismatch });
  }
  return { counts, documents: compared };
}

/** Copies the SQLite registry `sourceFile` into the empty PostgreSQL database at `targetUrl`. */
export async function copySqliteToPostgres(sourceFile: string, targetUrl: string, onTable: (t: TableCount) => void = () => {}): Promise<CopyResult> {
  const source = openSource(sourceFile);
  const targetName = describePostgresUrl(targetUrl);
  try {
    const known = loadMigrations().length;
    if (source.version > known) {
      throw new StationError('DATABASE_TOO_NEW', `Baza de date ${sourceFile} este la versiunea ${source.version} a schemei, iar acest server o cunoaște doar până la versiunea ${known}; `
        + 'folosiți versiunea nouă a serverului pentru copiere. Nu s-a copiat nimic.', { databaseVersion: source.version, knownVersion: known });
    }
    if (source.version < known) {
      throw new StationError('DATABASE_OUTDATED', `Baza de date ${sourceFile} este la versiunea ${source.version} a schemei, iar serverul la versiunea ${known}: `
        + `aduceți-o întâi la zi cu DATA_DIR=<dosarul ei> npx server db migrate, apoi copiați. Nu s-a copiat nimic.`, { databaseVersion: source.version, knownVersion: known });
    }
    const target = await connectTarget(targetUrl);
    try {
      const full = await nonEmptyTables(target, (await targetTables(target)).keys());
      if (full.length > 0) throw notEmpty(targetName, full);
      await migratePostgres(target, loadPostgresMigrations());
      const shapes = await targetTables(target);
      const missing = source.tables.filter((t) => !shapes.has(t.name) || [...t.columns].sort().join() !== [...shapes.get(t.name)!.columns].sort().join());
      const extra = [...shapes.keys()].filter((name) => !source.tables.some((t) => t.name === name));
      if (missing.length > 0 || extra.length > 0) {
        throw new StationError('INTERNAL', undefined, { reason: 'schemas differ', tables: [...missing.map((t) => t.name), ...extra] });
      }
      const order = copyOrder(source.tables);
      const byName = new Map(source.tables.map((t) => [t.name, t]));

      source.db.exec('BEGIN'); // one snapshot of the source for the copy and its verification
      try {
        const verified = await target.transaction(async (tx) => {
          await tx.exec(`LOCK TABLE ${order.map(q).join(', ')} IN ACCESS EXCLUSIVE MODE`);
          const filled = await nonEmptyTables(tx, order); // a server started on it meanwhile
          if (filled.length > 0) throw notEmpty(targetName, filled);
          for (const table of order) await tx.exec(`ALTER TABLE ${q(table)} DISABLE TRIGGER USER`);
          for (const table of order) onTable({ table, rows: await copyTable(source.db, tx, byName.get(table)!) });
          for (const table of order) await tx.exec(`ALTER TABLE ${q(table)} ENABLE TRIGGER USER`);
          for (const table of order) {
            for (const column of shapes.get(table)!.identity) {
              await tx.get(`SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX(${q(column)}), 0) + 1, false) AS "v" FROM ${q(table)}`, [q(table), column]);
            }
          }
          return verify(source.db, tx, order, targetName);
        });
        return { source: sourceFile, target: targetName, schemaVersion: source.version, tables: verified.counts, documents: verified.documents };
      } finally {
        source.db.exec('COMMIT');
      }
    } finally {
      await target.close();
    }
  } finally {
    source.db.close();
  }
}

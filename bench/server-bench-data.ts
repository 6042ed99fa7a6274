/**
 * Ten years of six registry offices (about four million documents) for the server bench, made with
 * bulk SQL inside each engine (never through the API): six stations, four batches per office per
 * working day, 64 documents each, with their batch versions (the documents as JSON, as the server
 * keeps them), each day's borderou listing every document (some days with a superseded version too),
 * and the daily, weekly and registered totals rebuilt once with GROUP BY (the per-row triggers are
 * held off during the bulk insert, as `server db copy` does). The same rows on both engines.
 *
 * Cached between runs: SQLite as a file under /tmp/scan-station-bench/, PostgreSQL as a database
 * `ss_bench_<key>` on the bench's cluster; the key names the shape and the schema version, so a new
 * migration makes a new one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { migrate, loadMigrations } from '../server/src/db/migrate.ts';
import { migratePostgres } from '../server/src/db/migrate-postgres.ts';
import { createPostgresClient } from '../server/src/db/postgres-client.ts';
import { addDays } from '../server/src/lib/dates.ts';

const BENCH_CACHE = '/tmp/scan-station-bench';
export const OFFICES = 6;
const BATCHES_PER_DAY = 4;
const DOCUMENTS_PER_BATCH = 64;
/** The ten years end on a fixed Friday, so a cached database stays valid from day to day. */
const HISTORY_END = '2026-11-27';
const DOCUMENTS_PER_DAY = OFFICES * BATCHES_PER_DAY * DOCUMENTS_PER_BATCH;
/** The ids of the superseded borderou versions start after this (the current ones are 1…days). */
const SUPERSEDED_BORDEROU = 1_000_000;
const SUPERSEDED_ENTRIES = 64;
const DEPARTMENTS = [
  'Direcția Urbanism și Amenajarea Teritoriului', 'Direcția Impozite și Taxe Locale', 'Direcția Asistență Socială',
  'Serviciul Stare Civilă', 'Direcția Patrimoniu', 'Direcția Juridică', 'Cabinet Primar', 'Direcția Economică',
  'Serviciul Resurse Umane', 'Direcția Tehnică și Investiții', 'Poliția Locală', 'Serviciul Relații cu Publicul',
];

export interface History {
  from: string;
  to: string;
  documents: number;
  /** Seconds spent generating now; null when the cached one was used. */
  generatedS: number | null;
  /** Bytes on disk (SQLite: the file; PostgreSQL: pg_database_size). */
  bytes: number;
}

/** Monday–Friday of the `years` years ending at HISTORY_END. */
function workingDays(years: number): string[] {
  const from = addDays(HISTORY_END, -Math.round(years * 365.25) + 1);
  const days: string[] = [];
  for (let day = from; day <= HISTORY_END; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(day);
  }
  return days;
}

const cacheKey = (engine: string, years: number): string =>
  createHash('sha256').update(JSON.stringify([engine, years, OFFICES, BATCHES_PER_DAY, DOCUMENTS_PER_BATCH, HISTORY_END, loadMigrations().length, 3]))
    .digest('hex').slice(0, 12);

/** The statements after the day and number tables exist: `text(expr)`, `hex64(expr)`, `json…` differ per engine. */
function fillSql(engine: 'sqlite' | 'postgres'): string[] {
  const pgsql = engine === 'postgres';
  const hex64 = (e: string) => (pgsql ? `lpad(to_hex(${e}), 64, '0')` : `printf('%064x', ${e})`);
  const cat = (...parts: string[]) => parts.join(' || ');
  const dmy = (d: string) => cat(`substr(${d}, 9, 2)`, "'.'", `substr(${d}, 6, 2)`, "'.'", `substr(${d}, 1, 4)`);
  const docJson = pgsql
    ? `json_agg(json_build_object('id', d.document_id, 'file', d.file, 'pages', d.pages, 'sheets', d.sheets, 'sha256', d.sha256, 'flags', d.flags::json) ORDER BY d.position)::text`
    : `json_group_array(json_object('id', d.document_id, 'file', d.file, 'pages', d.pages, 'sheets', d.sheets, 'sha256', d.sha256, 'flags', json(d.flags)))`;
  const weekStart = pgsql ? 'week_start_of(scan_date)'
    : "date(scan_date, '-' || ((CAST(strftime('%w', scan_date) AS INTEGER) + 6) % 7) || ' days')";
  const batchId = `((d.idx * ${OFFICES} + o.n) * ${BATCHES_PER_DAY} + b.n + 1)`;
  const n = `((bt.id - 1) * ${DOCUMENTS_PER_BATCH} + p.n + 1)`;
  const sheets = `(1 + ${n} % 7)`;
  return [
    `INSERT INTO stations (id, name, token_hash, created_at)
       SELECT o.n + 1, ${cat("'registratura-'", pgsql ? '(o.n + 1)::text' : '(o.n + 1)')}, ${hex64('o.n + 1')}, '2016-01-01T00:00:00.000Z'
         FROM bench_n o WHERE o.n < ${OFFICES}`,
    `INSERT INTO batches (id, station_id, batch_id, started_at, ended_at, scan_date, separator_pages, blank_pages, unassigned_pages,
                          pages_in, document_count, report_sha256, received_at)
       SELECT ${batchId}, o.n + 1, ${cat('d.day', "'-'", pgsql ? 'b.n::text' : 'b.n')}, ${cat('d.day', "'T0'", pgsql ? '(6 + b.n)::text' : '(6 + b.n)', "':00:00.000Z'")},
              ${cat('d.day', "'T11:00:00.000Z'")}, d.day, ${DOCUMENTS_PER_BATCH}, 3, 0, ${DOCUMENTS_PER_BATCH * 5}, ${DOCUMENTS_PER_BATCH},
              ${hex64(batchId)}, ${cat('d.day', "'T11:05:00.000Z'")}
         FROM bench_days d, bench_n o, bench_n b WHERE o.n < ${OFFICES} AND b.n < ${BATCHES_PER_DAY}`,
    `INSERT INTO documents (id, batch_ref, station_id, position, document_id, registration_key, registration_date, scan_date,
                            file, pages, sheets, sha256, flags, department)
       SELECT ${n}, bt.id, bt.station_id, p.n, ${cat(pgsql ? `${n}::text` : n, "'/'", dmy('bt.scan_date'))}, ${cat(pgsql ? `${n}::text` : n, "'/'", dmy('bt.scan_date'))},
              bt.scan_date, bt.scan_date, ${cat(pgsql ? `${n}::text` : n, "'.pdf'")}, ${sheets} * 2 - CASE WHEN ${n} % 3 = 0 THEN 1 ELSE 0 END, ${sheets},
              ${hex64(n)}, '[]', dp.name
         FROM batches bt JOIN bench_n p ON p.n < ${DOCUMENTS_PER_BATCH} JOIN bench_departments dp ON dp.idx = ${n} % ${DEPARTMENTS.length}`,
    `INSERT INTO batch_versions (batch_ref, version, report_sha256, received_at, started_at, ended_at, scan_date, separator_pages,
                                 blank_pages, unassigned_pages, pages_in, document_count, documents)
       SELECT b.id, 1, b.report_sha256, b.received_at, b.started_at, b.ended_at, b.scan_date, b.separator_pages, b.blank_pages,
              b.unassigned_pages, b.pages_in, b.document_count, j.documents
         FROM batches b JOIN (SELECT d.batch_ref, ${docJson} AS documents FROM documents d GROUP BY d.batch_ref) j ON j.batch_ref = b.id`,
    // daily_totals' own trigger fills weekly_totals
    `INSERT INTO daily_totals (day, week_start, station_id, department, documents, sheets, pages)
       SELECT scan_date, ${weekStart}, station_id, department, COUNT(*), SUM(sheets), SUM(pages)
         FROM documents WHERE file IS NOT NULL GROUP BY scan_date, station_id, department`,
    ...borderouSql(engine),
  ];
}

/**
 * One borderou a working day listing every document of the day (its current version, id = day index
 * + 1; a document's id gives its day and line); every fifth day also keeps an older, superseded
 * version listing the day's first documents, as a re-upload leaves. Then the registered totals
 * (migration 009) rebuilt once with GROUP BY, the triggers held off as for the documents.
 */
function borderouSql(engine: 'sqlite' | 'postgres'): string[] {
  const pgsql = engine === 'postgres';
  const hex64 = (e: string) => (pgsql ? `lpad(to_hex(${e}), 64, '0')` : `printf('%064x', ${e})`);
  const content = pgsql ? "convert_to('bench', 'UTF8')" : "CAST('bench' AS BLOB)";
  const columns = 'id, day, version, uploaded_at, superseded_at, entry_count, encoding, delimiter, content_sha256, content';
  const entryColumns = 'borderou_id, line, registration_number, registration_key, department, expected_sheets, entry_date';
  return [
    `INSERT INTO borderouri (${columns})
       SELECT d.idx + 1, d.day, CASE WHEN d.idx % 5 = 0 THEN 2 ELSE 1 END, d.day || 'T12:00:00.000Z', NULL, ${DOCUMENTS_PER_DAY},
              'utf-8', ';', ${hex64('d.idx + 1')}, ${content}
         FROM bench_days d`,
    `INSERT INTO borderouri (${columns})
       SELECT ${SUPERSEDED_BORDEROU} + d.idx + 1, d.day, 1, d.day || 'T08:00:00.000Z', d.day || 'T12:00:00.000Z', ${SUPERSEDED_ENTRIES},
              'utf-8', ';', ${hex64(`${SUPERSEDED_BORDEROU} + d.idx + 1`)}, ${content}
         FROM bench_days d WHERE d.idx % 5 = 0`,
    `INSERT INTO borderou_entries (${entryColumns})
       SELECT (d.id - 1) / ${DOCUMENTS_PER_DAY} + 1, (d.id - 1) % ${DOCUMENTS_PER_DAY} + 1, d.document_id, d.registration_key,
              d.department, d.sheets, d.scan_date
         FROM documents d`,
    `INSERT INTO borderou_entries (${entryColumns})
       SELECT b.id, (d.id - 1) % ${DOCUMENTS_PER_DAY} + 1, d.document_id, d.registration_key, d.department, d.sheets, d.scan_date
         FROM documents d JOIN borderouri b ON b.id = ${SUPERSEDED_BORDEROU} + (d.id - 1) / ${DOCUMENTS_PER_DAY} + 1
        WHERE (d.id - 1) % ${DOCUMENTS_PER_DAY} < ${SUPERSEDED_ENTRIES}`,
    // SQLite: registered_daily_totals' own trigger fills registered_weekly_totals
    `INSERT INTO registered_daily_totals (day, department, documents, sheets)
       SELECT b.day, e.department, COUNT(*), COALESCE(SUM(e.expected_sheets), 0)
         FROM borderouri b JOIN borderou_entries e ON e.borderou_id = b.id
        WHERE b.superseded_at IS NULL GROUP BY b.day, e.department`,
    ...(pgsql ? [`INSERT INTO registered_weekly_totals (week_start, department, documents, sheets)
       SELECT week_start_of(day), department, SUM(documents), SUM(sheets) FROM registered_daily_totals GROUP BY 1, 2`] : []),
  ];
}

function generateSqlite(file: string, days: string[]): void {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    migrate(db);
    const triggers = db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('documents', 'borderouri', 'borderou_entries')").all();
    db.exec('CREATE TEMP TABLE bench_days (idx INTEGER PRIMARY KEY, day TEXT NOT NULL); CREATE TEMP TABLE bench_n (n INTEGER PRIMARY KEY); '
      + 'CREATE TEMP TABLE bench_departments (idx INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    db.transaction(() => {
      days.forEach((day, idx) => db.prepare('INSERT INTO bench_days VALUES (?, ?)').run(idx, day));
      for (let i = 0; i < 256; i++) db.prepare('INSERT INTO bench_n VALUES (?)').run(i);
      DEPARTMENTS.forEach((name, idx) => db.prepare('INSERT INTO bench_departments VALUES (?, ?)').run(idx, name));
      for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`);
      for (const sql of fillSql('sqlite')) db.exec(sql);
      for (const { sql } of triggers) db.exec(sql);
    }).immediate();
    db.exec('ANALYZE');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** The SQLite history, generated into the cache when absent. */
export function sqliteHistory(years: number): History & { dataDir: string } {
  const days = workingDays(years);
  const dataDir = join(BENCH_CACHE, `sqlite-${cacheKey('sqlite', years)}`);
  const file = join(dataDir, 'registry.sqlite');
  let generatedS: number | null = null;
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const temp = `${file}.generating`;
    rmSync(temp, { force: true });
    const t0 = performance.now();
    generateSqlite(temp, days);
    renameSync(temp, file);
    generatedS = (performance.now() - t0) / 1000;
  }
  return { dataDir, from: days[0]!, to: HISTORY_END, documents: days.length * OFFICES * BATCHES_PER_DAY * DOCUMENTS_PER_BATCH, generatedS, bytes: statSync(file).size };
}

/** `url` with its database set to `name`. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** `use` on a client connected to `url`, closed afterwards. */
export async function admin<T>(url: string, use: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** The PostgreSQL history on the cluster at `clusterUrl`, generated when absent (a half-made one is remade). */
export async function postgresHistory(clusterUrl: string, years: number): Promise<History & { url: string }> {
  const days = workingDays(years);
  const name = `ss_bench_${cacheKey('postgres', years)}`;
  const url = withDatabase(clusterUrl, name);
  const ready = await admin(clusterUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [`${name}`])).rowCount === 1);
  let generatedS: number | null = null;
  if (!ready) {
    const t0 = performance.now();
    const building = `${name}_generating`;
    await admin(clusterUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${building} TEMPLATE template0 ENCODING 'UTF8'`);
    });
    const sql = createPostgresClient(withDatabase(clusterUrl, building), { max: 1 });
    try {
      await migratePostgres(sql);
      await sql.transaction(async (tx) => {
        await tx.exec(`CREATE TEMP TABLE bench_days (idx integer PRIMARY KEY, day text COLLATE "C" NOT NULL) ON COMMIT DROP;
          CREATE TEMP TABLE bench_n ON COMMIT DROP AS SELECT generate_series(0, 255) AS n;
          CREATE TEMP TABLE bench_departments (idx integer PRIMARY KEY, name text NOT NULL) ON COMMIT DROP;
          ALTER TABLE documents DISABLE TRIGGER USER; ALTER TABLE borderouri DISABLE TRIGGER USER;
          ALTER TABLE borderou_entries DISABLE TRIGGER USER`);
        await tx.run(`INSERT INTO bench_days SELECT i - 1, d FROM unnest(?::text[]) WITH ORDINALITY AS t(d, i)`, [days]);
        await tx.run(`INSERT INTO bench_departments SELECT i - 1, d FROM unnest(?::text[]) WITH ORDINALITY AS t(d, i)`, [DEPARTMENTS]);
        for (const statement of fillSql('postgres')) await tx.exec(statement);
        await tx.exec(`ALTER TABLE documents ENABLE TRIGGER USER; ALTER TABLE borderouri ENABLE TRIGGER USER;
          ALTER TABLE borderou_entries ENABLE TRIGGER USER;
          SELECT setval(pg_get_serial_sequence('borderouri', 'id'), (SELECT MAX(id) FROM borderouri));
          SELECT setval(pg_get_serial_sequence('stations', 'id'), (SELECT MAX(id) FROM stations));
          SELECT setval(pg_get_serial_sequence('batches', 'id'), (SELECT MAX(id) FROM batches));
          SELECT setval(pg_get_serial_sequence('documents', 'id'), (SELECT MAX(id) FROM documents))`);
      });
      await sql.exec('ANALYZE');
    } finally {
      await sql.close();
    }
    await admin(clusterUrl, (c) => c.query(`ALTER DATABASE ${building} RENAME TO ${name}`));
    generatedS = (performance.now() - t0) / 1000;
  }
  // The bulk insert adds each day's totals one by one through the triggers, in one transaction, so
  // every weekly row keeps its ~30 to 60 superseded versions (weekly_station_totals: 1,566 pages for
  // 3,132 rows). A registry in service never looks like that: each document's update is pruned in
  // place and autovacuum clears the rest, so the totals tables are compacted (quick once done) before
  // anything is timed or measured.
  await admin(url, (c) => c.query('VACUUM (FULL, ANALYZE) daily_totals, weekly_totals, weekly_station_totals, weekly_department_totals'));
  const bytes = await admin(url, async (c) => Number((await c.query('SELECT pg_database_size(current_database()) AS b')).rows[0].b));
  return { url, from: days[0]!, to: HISTORY_END, documents: days.length * OFFICES * BATCHES_PER_DAY * DOCUMENTS_PER_BATCH, generatedS, bytes };
}

/**
 * Registry server benchmark, one run on loopback (real HTTP, real SQLite file in a temp folder):
 *  1. seeds ten years of one office's volume (~65,000 documents a year) with direct inserts in one
 *     transaction (the triggers fill the pre-aggregated totals as in production);
 *  2. times `GET /api/reports/weekly` over the whole ten years (JSON and CSV; median of several runs);
 *  3. sends batch reports of 10 documents each, `concurrency` at a time, and counts how many are
 *     accepted (201) per second.
 * Usable from `npm run bench` (import `runServerBench`) or alone:
 *   node --import tsx bench/server-bench.ts
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from 'better-sqlite3';
import { buildApp } from '../server/src/app.ts';
import { addDays, localDay } from '../server/src/lib/dates.ts';
import { hashToken } from '../server/src/lib/tokens.ts';
import { createStation } from '../server/src/services/create-station.ts';
import { createStationRepository } from '../server/src/repositories/station-repository.ts';
import type { BatchReport } from '../shared/src/schemas/batch-report.ts';

export interface ServerBenchOptions {
  years?: number;
  documentsPerYear?: number;
  /** Batch reports sent in the throughput part. */
  reportCount?: number;
  concurrency?: number;
  /** Timed runs of the weekly report (after one warm-up). */
  weeklyRuns?: number;
}

export interface ServerBenchResult {
  /** Batch reports (10 documents each) accepted per second. */
  reportsPerSecond: number;
  reportCount: number;
  concurrency: number;
  /** Median latency of the ten-year weekly report, JSON. */
  weeklyReportMs: number;
  /** Median latency of the same report as CSV. */
  weeklyReportCsvMs: number;
  weeks: number;
  seededDocuments: number;
  seedMs: number;
}

const DEPARTMENTS = [
  'Direcția Urbanism și Amenajarea Teritoriului', 'Direcția Impozite și Taxe Locale', 'Direcția Asistență Socială',
  'Serviciul Stare Civilă', 'Direcția Patrimoniu', 'Direcția Juridică', 'Cabinet Primar', 'Direcția Economică',
  'Serviciul Resurse Umane', 'Direcția Tehnică și Investiții', 'Poliția Locală', 'Serviciul Relații cu Publicul',
];
const STATIONS = ['ghiseu-1', 'ghiseu-2'];
const BATCHES_PER_DAY = 4;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Working days (Monday–Friday) from `start`, about 250 a year. */
function workingDays(start: string, years: number): string[] {
  const days: string[] = [];
  const end = addDays(start, Math.round(years * 365.25));
  for (let day = start; day < end; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(day);
  }
  return days;
}

/**
 * Ten years of batches and documents, straight into SQLite in one transaction. The per-document
 * triggers are set aside during the bulk insert (they cost ~70% of the time) and the totals are
 * rebuilt once with GROUP BY; the triggers are restored from their own stored SQL.
 */
export function seedHistory(db: Database, start: string, years: number, documentsPerYear: number): number {
  const insertStation = db.prepare('INSERT INTO stations (name, token_hash, created_at) VALUES (?, ?, ?) RETURNING id').pluck();
  const stationIds = STATIONS.map((name) => insertStation.get(name, hashToken(`seed-${name}`), `${start}T00:00:00Z`) as number);
  const days = workingDays(start, years);
  const perDay = Math.round((documentsPerYear * years) / days.length);
  const insertBatch = db.prepare(`
    INSERT INTO batches (station_id, batch_id, started_at, ended_at, scan_date, separator_pages, blank_pages,
                         unassigned_pages, pages_in, document_count, report_sha256, received_at)
    VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?)`);
  const insertDocument = db.prepare(`
    INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, registration_date,
                           scan_date, file, pages, sheets, sha256, flags, department)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?)`);
  const triggers = db.prepare<[], { name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents'").all();
  let seeded = 0;
  db.transaction(() => {
    for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`);
    let running = 0;
    let year = '';
    for (const day of days) {
      if (day.slice(0, 4) !== year) [year, running] = [day.slice(0, 4), 0];
      const roDate = `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
      for (let b = 0; b < BATCHES_PER_DAY; b++) {
        const count = Math.floor(perDay / BATCHES_PER_DAY) + (b < perDay % BATCHES_PER_DAY ? 1 : 0);
        const stationIndex = b % stationIds.length;
        const startedAt = `${day}T${String(8 + b * 2).padStart(2, '0')}:00:00.000Z`;
        const batchRef = Number(insertBatch.run(stationIds[stationIndex], `${day}-${b}`, startedAt, startedAt, day,
          count, count * 3, count, hex(`${day}-${b}`), startedAt).lastInsertRowid);
        for (let position = 0; position < count; position++) {
          running += 1;
          const number = `${running}/${roDate}`;
          const sheets = 1 + (running % 7);
          insertDocument.run(batchRef, stationIds[stationIndex], position, number, number, day, day,
            `${running}.pdf`, sheets * 2 - (running % 3 === 0 ? 1 : 0), sheets, hex(number), DEPARTMENTS[running % DEPARTMENTS.length]);
          seeded += 1;
        }
      }
    }
    // daily_totals' own trigger fills weekly_totals.
    db.exec(`INSERT INTO daily_totals (day, week_start, station_id, department, documents, sheets, pages)
      SELECT scan_date, date(scan_date, '-' || ((CAST(strftime('%w', scan_date) AS INTEGER) + 6) % 7) || ' days'),
             station_id, department, COUNT(*), SUM(sheets), SUM(pages)
        FROM documents GROUP BY scan_date, station_id, department`);
    for (const { sql } of triggers) db.exec(sql);
  }).immediate();
  return seeded;
}

function benchReport(station: string, index: number, day: string): BatchReport {
  const documents = Array.from({ length: 10 }, (_, i) => {
    const number = `${900000 + index * 10 + i}/${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
    return { id: number, file: `${index}-${i}.pdf`, pages: 4, sheets: 2, sha256: hex(number), flags: [] };
  });
  return {
    batchId: `bench-${index}`, station, startedAt: `${day}T09:00:00+03:00`, endedAt: `${day}T09:05:00+03:00`,
    separatorPages: 10, blankPages: 2, unassignedPages: 0, pagesIn: 52, documents,
  };
}

async function timeGet(url: string, headers: Record<string, string>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`weekly report: HTTP ${response.status}`);
    if (i > 0) times.push(performance.now() - t0); // the first run is a warm-up
  }
  return median(times);
}

async function sendReports(base: string, token: string, station: string, count: number, concurrency: number): Promise<number> {
  const day = localDay(new Date(), 'Europe/Bucharest');
  const bodies = Array.from({ length: count }, (_, i) => JSON.stringify(benchReport(station, i, day)));
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const response = await fetch(`${base}/api/batches`, { method: 'POST', headers, body });
      await response.arrayBuffer();
      if (response.status !== 201) throw new Error(`batch report: HTTP ${response.status}`);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - t0) / 1000);
}

export async function runServerBench(options: ServerBenchOptions = {}): Promise<ServerBenchResult> {
  const years = options.years ?? 10;
  const documentsPerYear = options.documentsPerYear ?? 65_000;
  const reportCount = options.reportCount ?? 2000;
  const concurrency = options.concurrency ?? 16;
  const weeklyRuns = options.weeklyRuns ?? 9;
  const dir = mkdtempSync(join(tmpdir(), 'server-bench-'));
  const adminToken = `bench-admin-${hex(dir).slice(0, 24)}`;
  const app = await buildApp({ dataDir: dir, adminToken, logger: { level: 'warn' } });
  try {
    const to = localDay(new Date(), 'Europe/Bucharest');
    const from = addDays(to, -Math.round(years * 365.25) + 1);
    const seedStart = performance.now();
    const seededDocuments = seedHistory(app.db, from, years, documentsPerYear);
    const seedMs = performance.now() - seedStart;

    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const admin = { authorization: `Bearer ${adminToken}` };
    const weeklyUrl = `${base}/api/reports/weekly?from=${from}&to=${to}`;
    const probe = (await (await fetch(weeklyUrl, { headers: admin })).json()) as { weeks: unknown[]; totals: { documents: number } };
    if (probe.totals.documents !== seededDocuments) throw new Error('weekly report does not add up to the seeded documents');
    const weeklyReportMs = await timeGet(weeklyUrl, admin, weeklyRuns);
    const weeklyReportCsvMs = await timeGet(`${weeklyUrl}&format=csv`, admin, weeklyRuns);

    const station = await createStation(createStationRepository(app.sql), 'bench-station');
    const reportsPerSecond = await sendReports(base, station.token, station.name, reportCount, concurrency);
    return {
      reportsPerSecond, reportCount, concurrency, weeklyReportMs, weeklyReportCsvMs,
      weeks: probe.weeks.length, seededDocuments, seedMs,
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runServerBench();
  const round = (n: number): number => Math.round(n * 10) / 10;
  process.stdout.write([
    `seed: ${result.seededDocuments} documents (10 years) in ${round(result.seedMs / 1000)} s`,
    `batch reports accepted: ${round(result.reportsPerSecond)}/s (${result.reportCount} reports × 10 documents, ${result.concurrency} concurrent)`,
    `weekly report over ${result.weeks} weeks: ${round(result.weeklyReportMs)} ms JSON, ${round(result.weeklyReportCsvMs)} ms CSV (median)`,
    JSON.stringify(result),
  ].join('\n') + '\n');
}

/**
 * Registry server benchmark on each engine (SQLite; PostgreSQL when a server answers), with real
 * server processes on loopback:
 *  1. ten years of six offices (~4 million documents, `server-bench-data.ts`, generated with bulk SQL
 *     and cached between runs); the weekly report over the ten years timed (JSON and CSV, median)
 *     and the database size per million documents;
 *  2. on a new empty database, batch reports of ten documents sent by `concurrency` stations at once, to one
 *     instance, then to two instances on the same database (each report to a random one): reports
 *     accepted per second.
 * Part of `npm run bench -- --only server`, or alone: node --import tsx bench/server-bench.ts [--years N]
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the test role `.ci/run` creates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { admin, OFFICES, postgresHistory, sqliteHistory, withDatabase, type History } from './server-bench-data.ts';
import { addStation, postgresCpuMeter, sendReports, startBenchServer, timeGet, type BenchServer } from './server-bench-load.ts';

export interface ServerBenchOptions {
  years?: number;
  /** Batch reports sent per throughput run, by `concurrency` stations at once (one sender each). */
  reportCount?: number;
  concurrency?: number;
  /** Timed runs of the weekly report (after one warm-up). */
  weeklyRuns?: number;
}

export interface EngineBenchResult {
  engine: 'sqlite' | 'postgres';
  history: History;
  weeks: number;
  weeklyReportMs: number;
  weeklyReportCsvMs: number;
  /** The server process's CPU milliseconds a weekly report request, JSON and CSV (PostgreSQL's own not included). */
  weeklyReportCpuMs: number;
  weeklyReportCsvCpuMs: number;
  bytesPerMillionDocuments: number;
  /**
   * Batch reports (ten documents each) accepted per second by one instance, and by two on the same
   * database; and the CPU ms a report of the server processes (and PostgreSQL's) in each run.
   */
  reportsPerSecond: { one: number; two: number; cpuMsOne: number; cpuMsTwo: number };
}

export interface ServerBenchResult {
  reportCount: number;
  concurrency: number;
  engines: EngineBenchResult[];
  /** Why PostgreSQL was left out, when it was. */
  postgresSkipped: string | null;
}

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL
  || 'postgres://scan_station_test:scan-station-test@127.0.0.1:5432/postgres';

async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function stopAll(servers: BenchServer[]): Promise<void> {
  await Promise.all(servers.map((s) => s.stop()));
}

/** The weekly report over the whole history, on a server started on it. */
async function weeklyFigures(env: NodeJS.ProcessEnv, history: History, runs: number) {
  const server = await startBenchServer(env);
  try {
    const url = `${server.base}/api/reports/weekly?from=${history.from}&to=${history.to}`;
    let weeks = 0;
    // The server's own CPU time a request is steadier than the wall clock on a shared machine.
    const json = await timeGet(url, runs, (body) => {
      const report = JSON.parse(body) as { weeks: Array<{ registered: { documents: number } }>; totals: { documents: number } };
      if (report.totals.documents !== history.documents) throw new Error(`weekly report: ${report.totals.documents} documents, ${history.documents} generated`);
      // every document is on its day's current borderou (the registered side is read too, not empty)
      const registered = report.weeks.reduce((sum, w) => sum + w.registered.documents, 0);
      if (registered !== history.documents) throw new Error(`weekly report: ${registered} registered, ${history.documents} generated`);
      weeks = report.weeks.length;
    }, server.cpuMs);
    const csv = await timeGet(`${url}&format=csv`, runs, undefined, server.cpuMs);
    const [weeklyReportMs, weeklyReportCpuMs, weeklyReportCsvMs, weeklyReportCsvCpuMs] = [json.ms, json.cpuMs, csv.ms, csv.cpuMs];
    return { weeks, weeklyReportMs, weeklyReportCsvMs, weeklyReportCpuMs, weeklyReportCsvCpuMs };
  } finally {
    await server.stop();
  }
}

/** CPU ms the servers (and PostgreSQL's backends, on that engine, also those that exit meanwhile) use a report while `send` runs. */
async function withCpu(servers: BenchServer[], database: string | null, count: number, send: () => Promise<number>): Promise<{ rate: number; cpuMs: number }> {
  const cpu = () => servers.reduce((sum, s) => sum + s.cpuMs(), 0);
  const start = cpu();
  const postgres = database === null ? null : postgresCpuMeter(database);
  try {
    const rate = await send();
    return { rate, cpuMs: (cpu() - start + (postgres?.stop() ?? 0)) / count };
  } finally {
    postgres?.stop();
  }
}

/** Reports per second on a new database (`env`): one instance, then two; and the CPU ms a report. */
async function throughput(env: NodeJS.ProcessEnv, count: number, concurrency: number): Promise<EngineBenchResult['reportsPerSecond']> {
  const database = env.DATABASE_URL === undefined ? null : new URL(env.DATABASE_URL).pathname.slice(1);
  const first = await startBenchServer(env);
  const servers = [first];
  try {
    const stations: { name: string; token: string }[] = [];
    for (let i = 1; i <= concurrency; i++) stations.push({ name: `ghiseu-${i}`, token: await addStation(first.base, `ghiseu-${i}`) });
    const one = await withCpu(servers, database, count, () => sendReports([first.base], stations, 0, count));
    servers.push(await startBenchServer(env));
    const two = await withCpu(servers, database, count, () => sendReports(servers.map((s) => s.base), stations, count, count));
    return { one: one.rate, two: two.rate, cpuMsOne: one.cpuMs, cpuMsTwo: two.cpuMs };
  } finally {
    await stopAll(servers);
  }
}

async function withTempPostgres<T>(use: (url: string) => Promise<T>): Promise<T> {
  const name = `ss_bench_tp_${process.pid}`;
  const drop = () => admin(BENCH_DATABASE_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  await drop();
  await admin(BENCH_DATABASE_URL, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`));
  try {
    return await use(withDatabase(BENCH_DATABASE_URL, name));
  } finally {
    await drop();
  }
}

export async function runServerBench(options: ServerBenchOptions = {}, log: (line: string) => void = () => {}): Promise<ServerBenchResult> {
  const years = options.years ?? 10;
  const reportCount = options.reportCount ?? 1000;
  const concurrency = options.concurrency ?? 16;
  const weeklyRuns = options.weeklyRuns ?? 9;
  const engines: EngineBenchResult[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'server-bench-'));
  try {
    log(`SQLite: the ${years}-year history (generated once, then cached)…`);
    const lite = sqliteHistory(years);
    const liteWeekly = await weeklyFigures({ DATA_DIR: lite.dataDir }, lite, weeklyRuns);
    const liteRate = await throughput({ DATA_DIR: join(scratch, 'sqlite') }, reportCount, concurrency);
    engines.push({ engine: 'sqlite', history: lite, ...liteWeekly, bytesPerMillionDocuments: (lite.bytes / lite.documents) * 1e6, reportsPerSecond: liteRate });

    const problem = await postgresProblem();
    if (problem === null) {
      log(`PostgreSQL: the ${years}-year history (generated once, then cached)…`);
      const big = await postgresHistory(BENCH_DATABASE_URL, years);
      const bigWeekly = await weeklyFigures({ DATA_DIR: join(scratch, 'pg-data'), DATABASE_URL: big.url }, big, weeklyRuns);
      const bigRate = await withTempPostgres((url) => throughput({ DATA_DIR: join(scratch, 'pg-data'), DATABASE_URL: url }, reportCount, concurrency));
      engines.push({ engine: 'postgres', history: big, ...bigWeekly, bytesPerMillionDocuments: (big.bytes / big.documents) * 1e6, reportsPerSecond: bigRate });
    }
    return { reportCount, concurrency, engines, postgresSkipped: problem };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The figures as rows: [label, value, note]. */
export function serverBenchRows(result: ServerBenchResult): [string, string, string][] {
  const round = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const rows: [string, string, string][] = [];
  for (const e of result.engines) {
    const name = e.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const made = e.history.generatedS === null ? 'cached' : `generated in ${round(e.history.generatedS)} s`;
    rows.push([`${name}: weekly report over ${e.weeks} weeks (${round(e.history.documents)} documents, ${OFFICES} offices), JSON / CSV, ms`,
      `${round(e.weeklyReportMs)} / ${round(e.weeklyReportCsvMs)}`, `median; target < 50; ${made}`]);
    rows.push([`${name}: the same, the server process's CPU ms a request (${e.engine === 'postgres' ? 'PostgreSQL\'s own not included, ' : ''}steadier under load)`,
      `${round(e.weeklyReportCpuMs, 1)} / ${round(e.weeklyReportCsvCpuMs, 1)}`, 'mean of the timed runs']);
    rows.push([`${name}: database size per million documents, MB`, round(e.bytesPerMillionDocuments / 1024 / 1024), `${round(e.history.bytes / 1024 / 1024)} MB in all`]);
    rows.push([`${name}: batch reports accepted per second (10 documents each, ${result.concurrency} stations at once), one / two instances`,
      `${round(e.reportsPerSecond.one)} / ${round(e.reportsPerSecond.two)}`, `${result.reportCount} reports each`]);
    rows.push([`${name}: the same, CPU ms a report (server processes${e.engine === 'postgres' ? ' and PostgreSQL' : ''}), one / two instances`,
      `${round(e.reportsPerSecond.cpuMsOne, 1)} / ${round(e.reportsPerSecond.cpuMsTwo, 1)}`, 'the senders not included; PostgreSQL: the backends of the run']);
  }
  if (result.postgresSkipped !== null) rows.push(['PostgreSQL', 'skipped', `no server at BENCH_DATABASE_URL: ${result.postgresSkipped}`]);
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--years');
  const result = await runServerBench({ years: at > 0 ? Number(process.argv[at + 1]) : 10 }, (line) => process.stderr.write(`${line}\n`));
  for (const [label, value, note] of serverBenchRows(result)) process.stdout.write(`${label}: ${value}${note ? ` (${note})` : ''}\n`);
}

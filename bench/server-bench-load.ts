/**
 * The registry server as the bench drives it: real `node bin/server.js serve` processes on loopback
 * (one or two on the same database), the weekly report timed over HTTP, and batch reports of ten
 * documents sent by concurrent senders (one station each), each report to a random instance.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { localDay } from '../server/src/lib/dates.ts';
import { cpuMsOfStat, readStatFields } from './proc-cpu.ts';
import type { BatchReport } from '../shared/src/schemas/batch-report.ts';

const SERVER_BIN = fileURLToPath(new URL('../bin/server.js', import.meta.url));
const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

export interface BenchServer {
  base: string;
  /** CPU milliseconds the server process has used so far (every thread; Linux /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** User + system CPU time of a process in ms (proc-cpu.ts). */
function processCpuMs(pid: number | string): number {
  return cpuMsOfStat(readStatFields(pid));
}

/** CPU ms so far of each PostgreSQL backend connected to `database` (their title names it; Linux /proc), by pid and start time. */
function backendCpuMs(database: string): Map<string, number> {
  const backends = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.split(' ').includes(database)) continue;
      const fields = readStatFields(pid);
      // pid and start time: a pid used again by a new backend is another backend
      backends.set(`${pid}:${fields[19]}`, cpuMsOfStat(fields));
    } catch {
      // the process ended meanwhile
    }
  }
  return backends;
}

/**
 * Counts the CPU ms the PostgreSQL backends of `database` use from now until `stop()`: each backend's
 * time at the start is recorded, backends that start later count from 0, and the backends are read
 * again every `everyMs` so that one which exits before the end (a pooled connection closed when
 * idle) still counts up to its last reading (at most `everyMs` of its work is missed).
 */
export function postgresCpuMeter(database: string, everyMs = 100): { stop(): number } {
  const first = backendCpuMs(database);
  const last = new Map(first);
  const read = (): void => {
    for (const [backend, ms] of backendCpuMs(database)) last.set(backend, ms);
  };
  const timer = setInterval(read, everyMs);
  timer.unref();
  let total: number | undefined;
  return {
    stop() {
      if (total !== undefined) return total;
      clearInterval(timer);
      read();
      total = 0;
      for (const [backend, ms] of last) total += ms - (first.get(backend) ?? 0);
      return total;
    },
  };
}

/** One server process with `env` (DATA_DIR, DATABASE_URL…) on a free port; resolves once it listens. */
export function startBenchServer(env: NodeJS.ProcessEnv): Promise<BenchServer> {
  const child: ChildProcess = spawn(process.execPath, [SERVER_BIN, 'serve'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: BENCH_ADMIN_TOKEN, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const m = /ascultă la (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) {
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        resolve({ base: m[1]!, cpuMs: () => processCpuMs(child.pid!), stop: () => { child.kill('SIGTERM'); return exited; } });
      }
    });
    void exited.then(() => reject(new Error(`server exited before listening:\n${stderr}`)));
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const hex = (text: string): string => createHash('sha256').update(text).digest('hex');
const admin = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };

/**
 * Median milliseconds of `runs` GETs after one warm-up; `check` sees the first answer. With `cpuMs`
 * (the server's CPU clock), also the server's mean CPU milliseconds a timed GET.
 */
export async function timeGet(url: string, runs: number, check: (body: string) => void = () => {}, cpuMs?: () => number): Promise<{ ms: number; cpuMs: number }> {
  const times: number[] = [];
  let cpuStart = 0;
  for (let i = 0; i <= runs; i++) {
    if (i === 1) cpuStart = cpuMs?.() ?? 0;
    const t0 = performance.now();
    const response = await fetch(url, { headers: admin });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status} ${body.slice(0, 200)}`);
    if (i === 0) check(body);
    else times.push(performance.now() - t0);
  }
  return { ms: median(times), cpuMs: cpuMs ? (cpuMs() - cpuStart) / runs : Number.NaN };
}

export async function addStation(base: string, name: string): Promise<string> {
  const res = await fetch(`${base}/api/stations`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  if (res.status !== 201) throw new Error(`station ${name}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
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

/**
 * Sends `count` reports, one sender per station (`stations`: name and token) sending its own reports
 * one after another, each to a random base; returns reports accepted per second.
 */
export async function sendReports(bases: string[], stations: { name: string; token: string }[], first: number, count: number): Promise<number> {
  const day = localDay(new Date(), 'Europe/Bucharest');
  let next = 0;
  const worker = async ({ name, token }: { name: string; token: string }): Promise<void> => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    while (next < count) {
      const body = JSON.stringify(benchReport(name, first + next++, day));
      const base = bases[Math.floor(Math.random() * bases.length)]!;
      const response = await fetch(`${base}/api/batches`, { method: 'POST', headers, body });
      await response.arrayBuffer();
      if (response.status !== 201) throw new Error(`batch report: HTTP ${response.status}`);
    }
  };
  const t0 = performance.now();
  await Promise.all(stations.map(worker));
  return count / ((performance.now() - t0) / 1000);
}

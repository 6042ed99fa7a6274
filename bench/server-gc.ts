/**
 * Does the registry server need bin/station.js's GC flag? Its GC pauses, counted by kind, with and
 * without `--initial-old-space-size=64`, on real server processes: the ten-year weekly report (JSON
 * and CSV) on the bench's cached SQLite history, and batch reports (10 documents each, 8 stations at
 * once) on a new registry. The counts (how many mark-compacts a request) are what to compare on a
 * loaded machine; the pause times stretch with the load.
 *   node --import tsx bench/server-gc.ts /tmp/scan-station-bench/sqlite-<key> <from> <to>   (ROUNDS=2)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addStation, sendReports } from './server-bench-load.ts';
import { cpuMsOfStat, readStatFields } from './proc-cpu.ts';
const SERVER_BIN = fileURLToPath(new URL('../bin/server.js', import.meta.url));
const OBSERVE = new URL('./gc-observe.mjs', import.meta.url).href;
const TOKEN = 'bench-admin-token-0123456789abcdef';
const [historyDir, from, to] = process.argv.slice(2);
const cpuOf = (pid: number) => cpuMsOfStat(readStatFields(pid));

/** A server with `flags`; `warm` then, counted from a SIGUSR2 on, `work` (returns its request count). */
async function run(flags: string[], dataDir: string, warm: (base: string) => Promise<unknown>, work: (base: string) => Promise<number>) {
  const out = join(mkdtempSync(join(tmpdir(), 'h5-gc-')), 'gc.json');
  const child = spawn(process.execPath, [...flags, '--import', OBSERVE, SERVER_BIN, 'serve'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'warn', DATA_DIR: dataDir, GC_OUT: out },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const closed = new Promise((r) => child.once('close', r));
  const base = await new Promise<string>((resolve) => {
    let err = '';
    child.stderr!.on('data', (c) => { err += c; const m = /ascultă la (http:\/\/127\.0\.0\.1:\d+)/.exec(err); if (m) resolve(m[1]!); });
  });
  await warm(base);
  child.kill('SIGUSR2');
  await new Promise((r) => setTimeout(r, 300));
  const cpu0 = cpuOf(child.pid!);
  const count = await work(base);
  const cpu = cpuOf(child.pid!) - cpu0;
  child.kill('SIGTERM');
  await closed;
  const r = JSON.parse(readFileSync(out, 'utf8')) as { totals: Record<string, { count: number; ms: number }>; peakRssKb: number };
  const gcMs = Object.values(r.totals).reduce((a, b) => a + b.ms, 0);
  const by = Object.entries(r.totals).map(([k, v]) => `${k} ${v.count}×/${v.ms.toFixed(0)} ms`).join(', ');
  return { gcMsPer: gcMs / count, cpuMsPer: cpu / count, peakRssMb: r.peakRssKb / 1024, by };
}

const get = async (u: string) => {
  const r = await fetch(u, { headers: { authorization: `Bearer ${TOKEN}` } });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(String(r.status));
};
const rounds = Number(process.env.ROUNDS ?? 2);
for (let round = 0; round < rounds; round++) for (const flags of [[], ['--initial-old-space-size=64']]) {
  const label = flags.length ? 'flag' : 'none';
  const url = (base: string) => `${base}/api/reports/weekly?from=${from}&to=${to}`;
  const reports = await run(flags, historyDir!, async (base) => {
    for (let i = 0; i < 3; i++) { await get(url(base)); await get(`${url(base)}&format=csv`); }
  }, async (base) => {
    for (let i = 0; i < 20; i++) { await get(url(base)); await get(`${url(base)}&format=csv`); }
    return 40;
  });
  console.log(`round ${round} ${label} weekly ten-year JSON+CSV: GC ms a request ${reports.gcMsPer.toFixed(2)}, server CPU ms a request ${reports.cpuMsPer.toFixed(1)}, peak RSS ${reports.peakRssMb.toFixed(0)} MB; ${reports.by}`);
  const fresh = mkdtempSync(join(tmpdir(), 'h5-gc-reg-'));
  let stations: { name: string; token: string }[] = [];
  const batches = await run(flags, fresh, async (base) => {
    stations = await Promise.all(Array.from({ length: 8 }, async (_, i) => ({ name: `s-${i}`, token: await addStation(base, `s-${i}`) })));
    await sendReports([base], stations, 0, 100);
  }, async (base) => {
    await sendReports([base], stations, 100, 600);
    return 600;
  });
  console.log(`round ${round} ${label} batch reports: GC ms a report ${batches.gcMsPer.toFixed(3)}, server CPU ms a report ${batches.cpuMsPer.toFixed(2)}, peak RSS ${batches.peakRssMb.toFixed(0)} MB; ${batches.by}`);
  rmSync(fresh, { recursive: true, force: true });
}

/**
 * The real server process (`node bin/server.js serve`): started with PORT/DATA_DIR, used over HTTP,
 * stopped with SIGTERM, restarted, and the data is still there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { borderouCsv } from './helpers/borderou-csv.ts';
import { batchReport, tempDir } from './helpers/test-app.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'server.js');
const children = new Set<ChildProcess>();

interface Running {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
}

function start(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { children.delete(child); resolve(code); }));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /ascultă la (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match) resolve({ child, base: match[1]!, exited });
    });
    child.stdout!.resume();
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
}

function run(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  return new Promise((resolve) => child.once('exit', (code) => { children.delete(child); resolve({ code, stdout }); }));
}

afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
});

describe('the real server process', () => {
  it('serves, stops on SIGTERM, restarts and finds its data again', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const admin = { authorization: `Bearer ${adminToken}` };

    // A station created by the CLI while the server runs (both use the same SQLite file).
    const added = await run(['station', 'add', 'ghiseu-1'], dataDir);
    expect(added.code).toBe(0);
    const stationToken = /^(sst_\S+)$/m.exec(added.stdout)![1]!;
    const station = { authorization: `Bearer ${stationToken}`, 'content-type': 'application/json' };

    const report = batchReport('ghiseu-1', 'lot-1');
    const recorded = await fetch(`${first.base}/api/batches`, { method: 'POST', headers: station, body: JSON.stringify(report) });
    expect(recorded.status).toBe(201);
    const csv = borderouCsv([['84512/27.09.2021', 'Direcția Urbanism', '2'], ['84514/27.09.2021', 'Cabinet Primar']]);
    const uploaded = await fetch(`${first.base}/api/borderouri`, { method: 'POST', headers: { ...admin, 'content-type': 'text/csv' }, body: csv as BodyInit });
    expect(uploaded.status).toBe(201);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await start(dataDir);
    expect(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()).toBe(adminToken);
    const again = await fetch(`${second.base}/api/batches`, { method: 'POST', headers: station, body: JSON.stringify(report) });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe('already-recorded');
    const recon = await fetch(`${second.base}/api/reconciliation?date=2021-09-27`, { headers: admin });
    const body = (await recon.json()) as { matched: Array<{ registrationNumber: string }>; missing: Array<{ registrationNumber: string }> };
    expect(body.matched.map((m) => m.registrationNumber)).toEqual(['84512/27.09.2021']);
    expect(body.missing.map((m) => m.registrationNumber)).toEqual(['84514/27.09.2021']);
    const stations = await fetch(`${second.base}/api/stations`, { headers: admin });
    expect(((await stations.json()) as { stations: Array<{ name: string; batches: number }> }).stations)
      .toMatchObject([{ name: 'ghiseu-1', batches: 1 }]);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});

/**
 * The real server process (`node bin/server.js serve`): started with PORT/DATA_DIR, used over HTTP,
 * stopped with SIGTERM, restarted, and the data is still there; on SQLite and on PostgreSQL (DATABASE_URL).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, describeEngines, type TestDatabase } from '../support/postgres.ts';
import { borderouCsv } from './helpers/borderou-csv.ts';
import { killServerProcesses, runServerCommand as run, startServer as start } from './helpers/server-process.ts';
import { batchReport, tempDir } from './helpers/test-app.ts';

const databases: TestDatabase[] = [];
afterEach(async () => {
  killServerProcesses();
  for (const d of databases.splice(0)) await d.drop();
});

describeEngines('the real server process', (engine) => {
  it('serves, stops on SIGTERM, restarts and finds its data again', async () => {
    const dataDir = tempDir();
    const env: NodeJS.ProcessEnv = {};
    if (engine === 'postgres') {
      const database = await createTestDatabase();
      databases.push(database);
      env.DATABASE_URL = database.url;
    }
    const first = await start(dataDir, env);
    const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const admin = { authorization: `Bearer ${adminToken}` };

    // A station created by the CLI while the server runs (both use the same database).
    const added = await run(['station', 'add', 'ghiseu-1'], dataDir, env);
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

    const second = await start(dataDir, env);
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

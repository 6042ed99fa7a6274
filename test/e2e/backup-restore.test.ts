/**
 * Backups while the registry runs, restored, on both engines, as the README tells an administrator:
 * SQLite with `server backup --out`, PostgreSQL with `pg_dump -Fc` and `pg_restore` into a new
 * database. A backup taken while four writers keep sending reports restores to a consistent registry
 * (every report acknowledged before the backup began, whole batches, weekly totals equal to its
 * documents); a backup taken once they stop restores to a server that shows exactly the weekly
 * report of the original.
 */
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../support/postgres.ts';
import { killAll, startServerProcess } from '../support/real-processes.ts';
import { backupAndRestore } from '../support/registry-backup.ts';
import { registryStore, type RegistryStore } from '../support/registry-stores.ts';
import { fleetReport } from '../support/station-fleet.ts';
import { makeTempDir } from '../support/temp-dirs.ts';

const ADMIN_TOKEN = 'e2e-backup-restore-admin-012345';
const WRITERS = 4;

let tmp: { dir: string; cleanup: () => Promise<void> };
const stores: RegistryStore[] = [];
beforeEach(async () => {
  tmp = await makeTempDir('e2e-backup-');
});
afterEach(async () => {
  killAll();
  for (const s of stores.splice(0)) await s.close();
  await tmp.cleanup();
});

const AT = new Date();
const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest' }).format(new Date(AT.getTime() + offset * 86_400_000));
const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function weekly(base: string): Promise<{ totals: { documents: number; sheets: number; pages: number }; weeks: unknown[] }> {
  const res = await fetch(`${base}/api/reports/weekly?from=${day(-7)}&to=${day(7)}`, { headers: admin });
  expect(res.status).toBe(200);
  return (await res.json()) as Awaited<ReturnType<typeof weekly>>;
}

async function serve(store: RegistryStore) {
  return startServerProcess({ dataDir: store.dataDir, adminToken: ADMIN_TOKEN, cwd: tmp.dir, env: store.env });
}

describeEngines('a backup of the running registry, restored', (engine) => {
  it('while reports keep coming: a consistent snapshot; once they stop: the same weekly report as the original', async () => {
    const live = await registryStore(engine, path.join(tmp.dir, 'live'));
    stores.push(live);
    const server = await serve(live);
    const created = await fetch(`${server.base}/api/stations`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'ghiseu-1' }) });
    expect(created.status).toBe(201);
    const token = ((await created.json()) as { token: string }).token;
    const send = async (n: number) => {
      const res = await fetch(`${server.base}/api/batches`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(fleetReport('ghiseu-1', 1, n, AT)),
      });
      expect(res.status).toBe(201);
    };
    for (let n = 0; n < 10; n++) await send(n);

    // --- four writers keep reporting while the backup is taken --------------------------------
    const acknowledged = new Set<string>();
    let next = 10;
    let stop = false;
    let wake: (() => void) | null = null;
    const writers = Array.from({ length: WRITERS }, async () => {
      while (!stop) {
        const n = next++;
        await send(n);
        acknowledged.add(fleetReport('ghiseu-1', 1, n, AT).batchId);
        wake?.();
      }
    });
    await new Promise<void>((resolve) => { wake = () => acknowledged.size >= 8 && resolve(); });
    const ackedBefore = [...acknowledged];
    const online = await backupAndRestore(engine, live, tmp.dir, 'online');
    stores.push(online);
    const ackedDuring = acknowledged.size - ackedBefore.length;
    stop = true;
    await Promise.all(writers);

    const restored = await serve(online);
    const batches = await online.batches();
    const ids = batches.map((b) => b.batchId);
    for (const id of [...Array.from({ length: 10 }, (_, n) => fleetReport('ghiseu-1', 1, n, AT).batchId), ...ackedBefore]) expect(ids).toContain(id);
    expect(ids.length).toBeLessThan(next + 1);
    const documents = await online.documents();
    for (const b of batches) expect(documents.filter((d) => d.batchId === b.batchId)).toHaveLength(b.documentCount); // whole batches
    expect((await weekly(restored.base)).totals).toEqual({
      documents: documents.length,
      sheets: documents.reduce((t, d) => t + d.sheets, 0),
      pages: documents.reduce((t, d) => t + d.pages, 0),
    });
    expect((await restored.stop()).code).toBe(0);

    // --- nothing coming in: the restored registry is the original --------------------------------
    const quiet = await backupAndRestore(engine, live, tmp.dir, 'quiet');
    stores.push(quiet);
    const again = await serve(quiet);
    const original = await weekly(server.base);
    expect(original.totals.documents).toBeGreaterThan(documents.length - 1);
    expect(await weekly(again.base)).toEqual(original);
    expect(await quiet.documents()).toEqual(await live.documents());
    expect((await again.stop()).code).toBe(0);
    expect((await server.stop()).code).toBe(0);
    console.info(`${engine} backup: ${batches.length} batches in the online backup (${ackedDuring} acknowledged while it ran), ${next} sent in all`);
  }, 240_000);
});

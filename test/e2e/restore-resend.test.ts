/**
 * The registry's database restored from a backup loses the reports acknowledged after the backup;
 * the station's outbox has them marked delivered. With real server processes on each engine (SQLite
 * `server backup`, PostgreSQL `pg_dump`/`pg_restore`) and the station's own outbox code: reports
 * delivered, a backup, more delivered (and a corrected version of an earlier batch), the backup
 * restored. Plain delivery sends nothing; the reconciliation (driven by an injected time, never the
 * wall clock) puts back exactly the reports the restored registry lacks, they are sent once, and the
 * restored registry's weekly report equals the original's, with no batch or document twice.
 */
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { BatchReport } from '../../shared/src/schemas/batch-report.ts';
import { createBatchJournal } from '../../station/src/journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../../station/src/journal/open-journal.ts';
import { createOutbox } from '../../station/src/journal/outbox-repository.ts';
import { RECONCILE_EVERY_MS, RECONCILE_WINDOW_DAYS, reconcileDelivered, reconcileIfDue } from '../../station/src/report/outbox-reconcile.ts';
import { deliverDue } from '../../station/src/report/outbox-sender.ts';
import { RegistryClient } from '../../station/src/report/registry-client.ts';
import { outboxView } from '../../station/src/web/outbox-words.ts';
import { logSink } from '../server/helpers/log-sink.ts';
import { describeEngines } from '../support/postgres.ts';
import { killAll, startServerProcess } from '../support/real-processes.ts';
import { restoreBackup, takeBackup } from '../support/registry-backup.ts';
import { registryStore, type RegistryStore } from '../support/registry-stores.ts';
import { fleetReport } from '../support/station-fleet.ts';
import { makeTempDir } from '../support/temp-dirs.ts';

const ADMIN_TOKEN = 'e2e-restore-resend-admin-0123456';
const STATION = 'ghiseu-1';

let tmp: { dir: string; cleanup: () => Promise<void> };
let journal: JournalDb | null = null;
const stores: RegistryStore[] = [];
beforeEach(async () => {
  tmp = await makeTempDir('e2e-restore-resend-');
});
afterEach(async () => {
  killAll();
  journal?.close();
  journal = null;
  for (const s of stores.splice(0)) await s.close();
  await tmp.cleanup();
});

const AT = new Date();
const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest' }).format(new Date(AT.getTime() + offset * 86_400_000));
const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
const report = (r: number): BatchReport => fleetReport(STATION, 1, r, AT);

async function weekly(base: string): Promise<{ totals: { documents: number; sheets: number; pages: number }; weeks: unknown[] }> {
  const res = await fetch(`${base}/api/reports/weekly?from=${day(-7)}&to=${day(7)}`, { headers: admin });
  expect(res.status).toBe(200);
  return (await res.json()) as Awaited<ReturnType<typeof weekly>>;
}

describeEngines('a registry restored from a backup: the station sends again what it lost', (engine) => {
  it('exactly the reports acknowledged after the backup (a corrected version too), once; the weekly report is the original', async () => {
    const live = await registryStore(engine, path.join(tmp.dir, 'live'));
    stores.push(live);
    const serve = async (store: RegistryStore) =>
      startServerProcess({ dataDir: store.dataDir, adminToken: ADMIN_TOKEN, cwd: tmp.dir, env: store.env });
    const server = await serve(live);
    const created = await fetch(`${server.base}/api/stations`, { method: 'POST', headers: admin, body: JSON.stringify({ name: STATION }) });
    expect(created.status).toBe(201);
    const token = ((await created.json()) as { token: string }).token;

    journal = openJournal(path.join(tmp.dir, 'station', 'journal.sqlite'));
    const outbox = createOutbox(journal);
    const batches = createBatchJournal(journal);
    /** A batch completed on the station: its report queued in the same transaction. */
    const complete = (r: BatchReport) => {
      batches.start({ id: r.batchId, kind: 'split', outDir: path.join(tmp.dir, 'station', r.batchId), options: {} });
      batches.complete(r.batchId, JSON.stringify({ batchId: r.batchId }), () => outbox.enqueue(r.batchId, r));
    };
    const sink = logSink();
    const log = pino({ level: 'info' }, sink.stream);
    const deliver = (client: RegistryClient) => deliverDue(outbox, client, log, { all: true, stationName: STATION });

    // --- five reports delivered, then the backup ------------------------------------------------
    const liveClient = new RegistryClient({ url: server.base, token });
    for (let r = 0; r < 5; r++) complete(report(r));
    expect((await deliver(liveClient)).delivered).toHaveLength(5);
    const t0 = new Date();
    expect(await reconcileIfDue(outbox, liveClient, log, { now: t0, stationName: STATION })).toEqual({ checked: 5, requeued: [] });
    const file = await takeBackup(engine, live, tmp.dir, 'restored');

    // --- after the backup: three new reports and version 2 of lot-001 (one more document) -------
    for (let r = 5; r < 8; r++) complete(report(r));
    const first = report(1);
    const corrected: BatchReport = { ...first, version: 2, documents: [...first.documents, { ...report(9).documents[0]! }] };
    outbox.resend(first.batchId, corrected);
    const after = await deliver(liveClient);
    expect(after.delivered.sort()).toEqual(['lot-001', 'lot-005', 'lot-006', 'lot-007']);
    const original = await weekly(server.base);
    const originalBatches = await live.batches();
    const originalDocuments = await live.documents();
    expect((await server.stop()).code).toBe(0);

    // --- the registry restored from the backup: the later reports are gone -----------------------
    const restored = await restoreBackup(engine, file, tmp.dir, 'restored');
    stores.push(restored);
    const again = await serve(restored);
    const client = new RegistryClient({ url: again.base, token });
    expect((await weekly(again.base)).totals.documents).toBeLessThan(original.totals.documents);
    expect(await deliver(client)).toMatchObject({ delivered: [], alreadyRecorded: [], pending: 0 }); // the hole: nothing is waiting

    // not due yet (checked at t0, an hour apart): nothing asked, nothing changed
    expect(await reconcileIfDue(outbox, client, log, { now: new Date(t0.getTime() + RECONCILE_EVERY_MS - 1), stationName: STATION })).toBeNull();
    expect(outbox.pending()).toEqual([]);

    const found = await reconcileIfDue(outbox, client, log, { now: new Date(t0.getTime() + RECONCILE_EVERY_MS), stationName: STATION });
    expect(found?.checked).toBe(8);
    expect(found?.requeued.sort()).toEqual(['lot-001', 'lot-005', 'lot-006', 'lot-007']);
    const missingLines = sink.lines().filter((l) => String(l.msg).startsWith('delivered report missing on the registry'));
    expect(missingLines.map((l) => [l.batchId, l.version, l.registryVersion]).sort()).toEqual([
      ['lot-001', 2, 1], ['lot-005', 1, null], ['lot-006', 1, null], ['lot-007', 1, null],
    ]);
    // the clerk's outbox page says why they wait again
    for (const view of outbox.pending().map((item) => outboxView(item))) {
      expect(view).toMatchObject({ state: 'waiting', attempts: 0, reason: expect.stringContaining('Registratura primise acest raport, dar nu îl mai are') });
    }

    const resent = await deliver(client);
    expect(resent.delivered.sort()).toEqual(['lot-001', 'lot-005', 'lot-006', 'lot-007']);
    expect(resent.alreadyRecorded).toEqual([]);
    expect(await weekly(again.base)).toEqual(original);
    expect(await restored.batches()).toEqual(originalBatches);
    expect(await restored.documents()).toEqual(originalDocuments);
    const versions = await fetch(`${again.base}/api/batches/${STATION}/lot-001/versions`, { headers: admin });
    expect(((await versions.json()) as { currentVersion: number }).currentVersion).toBe(2);

    // asked again: the registry holds everything now, nothing goes back in the queue, nothing is sent
    expect(await reconcileDelivered(outbox, client, log, { now: new Date(t0.getTime() + 2 * RECONCILE_EVERY_MS), stationName: STATION })).toEqual({ checked: 8, requeued: [] });
    expect(await deliver(client)).toMatchObject({ delivered: [], alreadyRecorded: [], pending: 0 });
    // reports delivered more than the window ago are asked about only while among the newest RECONCILE_WINDOW_COUNT
    const later = new Date(Date.now() + (RECONCILE_WINDOW_DAYS + 1) * 86_400_000);
    expect(await reconcileDelivered(outbox, client, log, { now: later, stationName: STATION })).toEqual({ checked: 8, requeued: [] });
    expect(await reconcileDelivered(outbox, client, log, { now: later, stationName: STATION, windowCount: 0 })).toEqual({ checked: 0, requeued: [] });
    expect((await again.stop()).code).toBe(0);
  }, 240_000);
});

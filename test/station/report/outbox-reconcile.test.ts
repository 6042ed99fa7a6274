/**
 * The reconciliation's own rules over a real journal file (the whole story, with a registry
 * restored from a backup on both engines, is test/e2e/restore-resend.test.ts): at most once an hour
 * by the injected time, in parts of HELD_BATCHES_MAX, a report the registry holds in the same or a
 * newer version left alone, a registry that cannot be asked changing nothing, and the clerk's line.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HELD_BATCHES_MAX } from '../../../shared/src/schemas/held-batches.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { missingRo } from '../../../station/src/cli/station-context.ts';
import { syncCommand } from '../../../station/src/cli/sync-command.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { createBatchJournal } from '../../../station/src/journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { RECONCILE_EVERY_MS, RECONCILE_RETRY_MS, reconcileIfDue } from '../../../station/src/report/outbox-reconcile.ts';
import { RegistryClient } from '../../../station/src/report/registry-client.ts';
import { logSink } from '../../server/helpers/log-sink.ts';
import { freePort, splitSummary, startRegistry, summaryDocument } from '../../support/registry-app.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
let db: JournalDb;
let outbox: Outbox;
const T0 = new Date('2026-11-30T08:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

beforeEach(async () => {
  tmp = await makeTempDir('outbox-reconcile-');
  db = openJournal(tmp.dir);
  outbox = createOutbox(db);
});
afterEach(async () => {
  db.close();
  await tmp.cleanup();
});

/** `n` batches completed and delivered (lot-0000…), each with `version`. */
function delivered(n: number, version = 1): void {
  const journal = createBatchJournal(db);
  db.transaction(() => { // one commit (one fsync) for hundreds of batches
    for (let i = 0; i < n; i++) {
      const id = `lot-${String(i).padStart(4, '0')}`;
      journal.start({ id, kind: 'split', outDir: `/out/${id}`, options: {} });
      journal.complete(id, '{}', () => outbox.enqueue(id, { batchId: id, ...(version > 1 ? { version } : {}) }));
      outbox.markDelivered(id, T0, 'ghiseu-1');
    }
  })();
}

/** A registry that holds the batches of `held` (id → version) and counts the questions. */
function fakeRegistry(held: Map<string, number>) {
  const asked: number[] = [];
  return {
    asked,
    heldBatches: async (ids: readonly string[]) => {
      asked.push(ids.length);
      return new Map(ids.map((id) => [id, held.get(id) ?? null]));
    },
  };
}

/** A real HTTP server on loopback that records each request (`METHOD /path`) before `answer` handles it. */
async function loopbackServer(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    requests,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('reconcileIfDue', () => {
  it('asks in parts of at most HELD_BATCHES_MAX, then not again within the hour; a clock set back asks again', async () => {
    delivered(HELD_BATCHES_MAX + 3);
    const registry = fakeRegistry(new Map([['lot-0001', 1], ['lot-0002', 1]]));
    const log = pino({ level: 'silent' });
    const found = await reconcileIfDue(outbox, registry, log, { now: T0, stationName: 'ghiseu-1' });
    expect(registry.asked).toEqual([HELD_BATCHES_MAX, 3]);
    expect(found?.checked).toBe(HELD_BATCHES_MAX + 3);
    expect(found?.requeued).toHaveLength(HELD_BATCHES_MAX + 1);
    expect(outbox.lastReconciledAt()).toEqual(T0);
    expect(await reconcileIfDue(outbox, registry, log, { now: later(RECONCILE_EVERY_MS - 1), stationName: 'ghiseu-1' })).toBeNull();
    expect(registry.asked).toHaveLength(2);
    expect(await reconcileIfDue(outbox, registry, log, { now: later(-1), stationName: 'ghiseu-1' })).toEqual({ checked: 2, requeued: [] });
    expect(registry.asked).toEqual([HELD_BATCHES_MAX, 3, 2]);
  });

  it('a report delivered while the station\'s clock ran far behind is still asked about once the clock is right: the newest reports count whatever their date', async () => {
    delivered(3);
    outbox.markDelivered('lot-0000', later(-90 * 86_400_000), 'ghiseu-1'); // the clock said September
    const registry = fakeRegistry(new Map([['lot-0001', 1], ['lot-0002', 1]]));
    const found = await reconcileIfDue(outbox, registry, pino({ level: 'silent' }), { now: T0, stationName: 'ghiseu-1' });
    expect(found).toEqual({ checked: 3, requeued: ['lot-0000'] });
    // beyond both the days and the count: not asked (the count is the newest reports, in the order queued)
    outbox.markDelivered('lot-0000', later(-90 * 86_400_000), 'ghiseu-1');
    const fewer = await reconcileIfDue(outbox, fakeRegistry(new Map()), pino({ level: 'silent' }), { now: later(RECONCILE_EVERY_MS), stationName: 'ghiseu-1', windowCount: 2 });
    expect(fewer).toEqual({ checked: 2, requeued: ['lot-0001', 'lot-0002'] });
  });

  it('the newest reports counted are delivered ones under the station\'s name: reports still waiting or delivered under another name take none of the count', async () => {
    delivered(3);
    outbox.markDelivered('lot-0002', later(-90 * 86_400_000), 'ghiseu-1'); // the newest delivered: the clock said September
    const journal = createBatchJournal(db);
    for (const id of ['lot-0003', 'lot-0004']) {
      journal.start({ id, kind: 'split', outDir: `/out/${id}`, options: {} });
      journal.complete(id, '{}', () => outbox.enqueue(id, { batchId: id }));
    }
    outbox.markDelivered('lot-0004', T0, 'ghiseu-vechi'); // queued last, delivered under another name
    // lot-0003 delivered under the station's name, then corrected: waiting again, its name kept
    outbox.markDelivered('lot-0003', T0, 'ghiseu-1');
    outbox.resend('lot-0003', { batchId: 'lot-0003', version: 2 }, T0);
    const registry = fakeRegistry(new Map([['lot-0000', 1], ['lot-0001', 1]]));
    const found = await reconcileIfDue(outbox, registry, pino({ level: 'silent' }), { now: T0, stationName: 'ghiseu-1', windowCount: 1 });
    expect(found).toEqual({ checked: 3, requeued: ['lot-0002'] });
  });

  it('by default the newest 2 × HELD_BATCHES_MAX reports are asked about whatever their date (two questions), not one more', async () => {
    delivered(2 * HELD_BATCHES_MAX + 1);
    db.prepare('UPDATE outbox SET delivered_at = ?').run(later(-90 * 86_400_000).toISOString()); // all out of the days' window
    const registry = fakeRegistry(new Map());
    const found = await reconcileIfDue(outbox, registry, pino({ level: 'silent' }), { now: T0, stationName: 'ghiseu-1' });
    expect(registry.asked).toEqual([HELD_BATCHES_MAX, HELD_BATCHES_MAX]);
    expect(found?.checked).toBe(2 * HELD_BATCHES_MAX);
    expect(found?.requeued).not.toContain('lot-0000'); // the oldest queued is the one left out
  });

  it('a report delivered under an earlier name of the station is never asked about (re-sent under the new name it would count twice)', async () => {
    delivered(2);
    const registry = fakeRegistry(new Map());
    expect(await reconcileIfDue(outbox, registry, pino({ level: 'silent' }), { now: T0, stationName: 'ghiseu-nou' })).toEqual({ checked: 0, requeued: [] });
    expect(registry.asked).toEqual([]);
    expect(outbox.pending()).toEqual([]);
  });

  it('a report the registry holds in its version or a newer one stays delivered; a lower one goes back in the queue', async () => {
    delivered(3, 2);
    const registry = fakeRegistry(new Map([['lot-0000', 2], ['lot-0001', 5], ['lot-0002', 1]]));
    expect(await reconcileIfDue(outbox, registry, pino({ level: 'silent' }), { now: T0, stationName: 'ghiseu-1' })).toEqual({ checked: 3, requeued: ['lot-0002'] });
    expect(outbox.pending().map((i) => [i.batchId, i.missingAt])).toEqual([['lot-0002', T0.toISOString()]]);
  });

  it('a registry that cannot be asked changes nothing, is asked again only some minutes later (no answer) or at the next hourly slot (older server), logged once per change', async () => {
    delivered(2);
    const sink = logSink();
    const log = pino({ level: 'info' }, sink.stream);
    const silent = await loopbackServer((_req, res) => res.socket?.destroy()); // takes the request, never answers
    const older = await loopbackServer((_req, res) => { res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"Resursa nu există."}}'); });
    try {
      const ask = (server: { base: string }, at: Date) =>
        reconcileIfDue(outbox, new RegistryClient({ url: server.base, token: 'sst_x', timeoutMs: 10_000 }), log, { now: at, stationName: 'ghiseu-1' });
      // no answer: remembered, asked again only after RECONCILE_RETRY_MS, not at every delivery
      expect(await ask(silent, T0)).toBeNull();
      expect(await ask(silent, later(30_000))).toBeNull();
      expect(await ask(silent, later(RECONCILE_RETRY_MS - 1))).toBeNull();
      expect(silent.requests).toHaveLength(1);
      expect(await ask(silent, later(RECONCILE_RETRY_MS))).toBeNull();
      expect(silent.requests).toHaveLength(2);
      // an older server (404): asked again only at the next hourly slot
      const t1 = later(2 * RECONCILE_RETRY_MS);
      expect(await ask(older, t1)).toBeNull();
      expect(await ask(older, new Date(t1.getTime() + RECONCILE_RETRY_MS))).toBeNull();
      expect(await ask(older, new Date(t1.getTime() + RECONCILE_EVERY_MS - 1))).toBeNull();
      expect(older.requests).toHaveLength(1);
      expect(await ask(older, new Date(t1.getTime() + RECONCILE_EVERY_MS))).toBeNull();
      expect(older.requests).toEqual(['POST /api/batches/held', 'POST /api/batches/held']);
      expect(outbox.lastReconciledAt()).toBeNull();
      expect(outbox.pending()).toEqual([]);
      expect(sink.lines().filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
        'could not ask the registry which delivered reports it holds; asked again in a few minutes',
        'the registry does not answer which delivered reports it holds (older server?); asked again hourly',
      ]);
      // a check that succeeds again clears the failure (and says so once)
      const registry = fakeRegistry(new Map([['lot-0000', 1], ['lot-0001', 1]]));
      expect(await reconcileIfDue(outbox, registry, log, { now: new Date(t1.getTime() + 2 * RECONCILE_EVERY_MS), stationName: 'ghiseu-1' })).toEqual({ checked: 2, requeued: [] });
      expect(outbox.reconcileFailure()).toBeNull();
      expect(sink.lines().filter((l) => l.msg === 'the registry answers which delivered reports it holds again')).toHaveLength(1);
    } finally {
      await silent.close();
      await older.close();
    }
  });
});

describe('the clerk\'s line', () => {
  it('counts in Romanian and says the reports were queued again', () => {
    expect(missingRo(1)).toBe('Registratura nu mai avea 1 raport primit mai demult (probabil și-a restaurat baza de date dintr-o copie de siguranță): a fost pus din nou în coada de trimitere.');
    expect(missingRo(3)).toContain('nu mai avea 3 rapoarte primite mai demult');
    expect(missingRo(20)).toContain('nu mai avea 20 de rapoarte primite mai demult');
    expect(missingRo(20)).toContain('au fost puse din nou în coada de trimitere.');
  });
});

describe('at a delivery (`station sync`, the end of a batch, «Trimite din nou»)', () => {
  it('delivers first and asks nothing more of a registry that did not answer the delivery', async () => {
    const silent = await loopbackServer((_req, res) => res.socket?.destroy());
    try {
      const journal = createBatchJournal(db);
      const summary = splitSummary('lot-1', [summaryDocument('84512/27.09.2021', 2)]);
      journal.start({ id: 'lot-1', kind: 'split', outDir: path.join(tmp.dir, 'lot-1'), options: {} });
      journal.complete('lot-1', JSON.stringify(summary), () => outbox.enqueue('lot-1', batchReportFrom(summary, 'statia-1')));
      const io = captureIo({ cwd: tmp.dir, env: { STATION_DATA_DIR: tmp.dir, STATION_NAME: 'statia-1', STATION_SERVER_URL: silent.base, STATION_TOKEN: 'sst_x' } });
      await syncCommand([], io);
      expect(io.out()).toContain('Raportul nu a putut fi trimis');
      expect(silent.requests).toEqual(['POST /api/batches']);
      expect(outbox.reconcileFailure()).toBeNull();
    } finally {
      await silent.close();
    }
  });

  it('a report the registry lost is found and sent again on its own, and the clerk is told; asked again only an hour later', async () => {
    const registry = await startRegistry();
    try {
      const token = await registry.addStation('statia-1');
      const journal = createBatchJournal(db);
      for (const id of ['lot-1', 'lot-2']) {
        const summary = splitSummary(id, [summaryDocument(`${id === 'lot-1' ? 84512 : 84513}/27.09.2021`, 2)]);
        journal.start({ id, kind: 'split', outDir: path.join(tmp.dir, id), options: {} });
        journal.complete(id, JSON.stringify(summary), () => outbox.enqueue(id, batchReportFrom(summary, 'statia-1')));
      }
      const sync = async () => {
        const io = captureIo({ cwd: tmp.dir, env: { STATION_DATA_DIR: tmp.dir, STATION_NAME: 'statia-1', STATION_SERVER_URL: registry.base, STATION_TOKEN: token } });
        const code = await syncCommand([], io);
        return { code, out: io.out() };
      };
      expect(await sync()).toEqual({ code: 0, out: 'Raport trimis la registratură (2).\n' });
      // the registry loses lot-2 (what a restore from an older backup does to it)
      const ref = registry.count("SELECT id FROM batches WHERE batch_id = 'lot-2'");
      registry.app.db.transaction(() => {
        for (const table of ['documents', 'batch_versions']) registry.app.db.prepare(`DELETE FROM ${table} WHERE batch_ref = ?`).run(ref);
        registry.app.db.prepare('DELETE FROM batches WHERE id = ?').run(ref);
      })();
      expect(await sync()).toEqual({ code: 0, out: 'Niciun raport în așteptare: nimic de trimis.\n' }); // asked a moment ago: not yet
      outbox.setReconciledAt(new Date(Date.now() - RECONCILE_EVERY_MS - 60_000));
      expect(await sync()).toEqual({ code: 0, out: `${missingRo(1)} Raport trimis la registratură (1).\n` });
      expect(registry.count("SELECT COUNT(*) FROM batches WHERE batch_id = 'lot-2'")).toBe(1);
      expect(registry.count('SELECT COUNT(*) FROM documents')).toBe(2);
      expect(outbox.get('lot-2')).toMatchObject({ deliveredAt: expect.any(String), missingAt: expect.any(String) });
    } finally {
      await registry.close();
    }
  });
});

/**
 * The reconciliation's own rules over a real journal file (the whole story, with a registry
 * restored from a backup on both engines, is test/e2e/restore-resend.test.ts): at most once an hour
 * by the injected time, in parts of HELD_BATCHES_MAX, a report the registry holds in the same or a
 * newer version left alone, a registry that cannot be asked changing nothing, and the clerk's line.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HELD_BATCHES_MAX } from '../../../shared/src/schemas/held-batches.ts';
import path from 'node:path';
import { missingRo } from '../../../station/src/cli/station-context.ts';
import { syncCommand } from '../../../station/src/cli/sync-command.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { createBatchJournal } from '../../../station/src/journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { RECONCILE_EVERY_MS, reconcileIfDue } from '../../../station/src/report/outbox-reconcile.ts';
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

  it('a registry that cannot be asked (nothing listening, or an older server without the question) changes nothing and is asked at the next delivery', async () => {
    delivered(2);
    const sink = logSink();
    const log = pino({ level: 'info' }, sink.stream);
    const nobody = new RegistryClient({ url: `http://127.0.0.1:${await freePort()}`, token: 'sst_x', timeoutMs: 5_000 });
    const older = { heldBatches: async () => { throw Object.assign(new Error('HTTP 404'), { code: 'SERVER_UNREACHABLE' }); } };
    for (const client of [nobody, older]) {
      expect(await reconcileIfDue(outbox, client, log, { now: T0, stationName: 'ghiseu-1' })).toBeNull();
      expect(outbox.lastReconciledAt()).toBeNull();
      expect(outbox.pending()).toEqual([]);
    }
    expect(sink.lines().filter((l) => l.msg === 'could not ask the registry which delivered reports it holds; asked again at the next delivery').map((l) => l.code))
      .toEqual(['SERVER_UNREACHABLE', 'SERVER_UNREACHABLE']);
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

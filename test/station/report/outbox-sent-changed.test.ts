/**
 * A report's row changed while the report was on its way, over a real journal file and the real
 * registry server (in-process, real HTTP on loopback; between them a loopback relay that holds each
 * request until the test lets it go): the clerk saved corrections (a new version queued) or another
 * process over the same journal (`station sync` beside `station ui`) sent it too, its claim on the
 * report lapsed (outbox-lease.test.ts: while it holds, the other process skips it). The outcome of
 * the sending is not recorded over the changed row: the corrected version is still sent, and a
 * delivery is counted once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { silentLogger } from '../../../station/src/log/logger.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { claimLeaseMs, deliverDue } from '../../../station/src/report/outbox-sender.ts';
import { REQUEST_TIMEOUT_MS, type RegistryClient } from '../../../station/src/report/registry-client.ts';
import { startHoldingRelay, startOutboxWithRegistry, type HoldingRelay, type OutboxWithRegistry } from '../../support/outbox-with-registry.ts';
import { splitSummary, summaryDocument } from '../../support/registry-app.ts';

const log = silentLogger();
let env: OutboxWithRegistry;
let outbox: Outbox;
let relay: HoldingRelay;
let relayClient: RegistryClient;

beforeEach(async () => {
  env = await startOutboxWithRegistry({ prefix: 'outbox-sent-changed-' });
  outbox = env.outbox;
  relay = await startHoldingRelay(env.registry.base);
  relayClient = env.client(relay.base);
});
afterEach(async () => {
  await relay.close();
  await env.close();
});

const summaryOf = (version?: number) => ({ ...splitSummary('lot-1', [summaryDocument('84512/27.09.2021', 2), ...(version ? [summaryDocument('84513/27.09.2021', 1)] : [])]), ...(version ? { version } : {}) });

function queue(): void {
  const { journal } = env;
  journal.start({ id: 'lot-1', kind: 'split', outDir: '/out/lot-1', options: {} });
  journal.complete('lot-1', JSON.stringify(summaryOf()), () => outbox.enqueue('lot-1', batchReportFrom(summaryOf(), 'statia-1')));
}
const heldVersion = () => env.registry.count("SELECT version FROM batches WHERE batch_id = 'lot-1'");

describe('a report whose row changed while it was on its way', () => {
  it('corrections saved meanwhile (version 2 queued): version 1 delivered is not taken for version 2, which the next pass sends', async () => {
    queue();
    // the clerk saves corrections while version 1 is on its way (as commit-corrections does it: resend)
    relay.arrived = async () => outbox.resend('lot-1', batchReportFrom(summaryOf(2), 'statia-1'));
    const first = await deliverDue(outbox, relayClient, log, { stationName: 'statia-1' });
    expect(first).toMatchObject({ delivered: ['lot-1'], pending: 1 });
    expect(heldVersion()).toBe(1);
    // old code: marked delivered (with version 2's payload), so the next pass sent nothing and the registry kept version 1
    expect(outbox.get('lot-1')).toMatchObject({ deliveredAt: null, attempts: 0 });

    relay.arrived = async () => {};
    expect(await deliverDue(outbox, relayClient, log, { stationName: 'statia-1' })).toMatchObject({ delivered: ['lot-1'], pending: 0 });
    expect(heldVersion()).toBe(2);
    expect(outbox.get('lot-1')).toMatchObject({ deliveredAt: expect.any(String), attempts: 1 });
  });

  it('two processes over one journal send it at once (the first one\'s claim lapsed on its way): the registry records it once and the station counts one delivery', async () => {
    queue();
    const otherDb = openJournal(env.dataDir); // `station sync` in another process: its own connection to the same journal file
    try {
      const otherOutbox = createOutbox(otherDb);
      // both requests reach the relay before either goes on; then the first is answered before the second is sent
      let bothIn!: () => void;
      const both = new Promise<void>((resolve) => (bothIn = resolve));
      let firstAnswered!: () => void;
      const firstDone = new Promise<void>((resolve) => (firstAnswered = resolve));
      relay.arrived = async (n) => {
        if (n === 2) bothIn();
        await both;
        if (n === 2) await firstDone;
      };
      // the other process's pass comes when the first's claim has lapsed (a sender stalled past its lease)
      const lapsed = new Date(Date.now() + claimLeaseMs(REQUEST_TIMEOUT_MS) + 1_000);
      const results = await Promise.all([
        deliverDue(outbox, relayClient, log, { stationName: 'statia-1' }).finally(() => firstAnswered()),
        deliverDue(otherOutbox, relayClient, log, { stationName: 'statia-1', now: lapsed }).finally(() => firstAnswered()),
      ]);
      expect(results.flatMap((r) => [...r.delivered, ...r.alreadyRecorded]).sort()).toEqual(['lot-1', 'lot-1']);
      expect(env.registry.count("SELECT COUNT(*) FROM batches WHERE batch_id = 'lot-1'")).toBe(1);
      // old code: both marked it, attempts 2 and the first delivery's time overwritten
      expect(outbox.get('lot-1')).toMatchObject({ deliveredAt: expect.any(String), attempts: 1 });
    } finally {
      otherDb.close();
    }
  });
});

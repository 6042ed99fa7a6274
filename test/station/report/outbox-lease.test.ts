/**
 * Two processes over one journal (`station ui`'s background sender beside `station sync --watch`): a
 * report is claimed by the process sending it, so the other never sends it at the same time. A real
 * journal file opened twice (two connections: two processes), the real registry server (in-process,
 * real HTTP on loopback) behind a loopback relay that counts the reports posted and can hold each
 * request until the test lets it go. Time is the passes' injected clock: nothing waits on the wall clock.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { silentLogger } from '../../../station/src/log/logger.ts';
import { claimLeaseMs, deliverAndReconcile, deliverDue } from '../../../station/src/report/outbox-sender.ts';
import { REQUEST_TIMEOUT_MS, type RegistryClient } from '../../../station/src/report/registry-client.ts';
import { startHoldingRelay, startOutboxWithRegistry, type HoldingRelay, type OutboxWithRegistry } from '../../support/outbox-with-registry.ts';
import { freePort, summaryDocument } from '../../support/registry-app.ts';

const log = silentLogger();
const LEASE = claimLeaseMs(REQUEST_TIMEOUT_MS);
/** station ui's journal, outbox and registry; station sync's own connection to the same journal file. */
let env: OutboxWithRegistry;
let syncDb: JournalDb;
let ui: Outbox;
let sync: Outbox;
let relay: HoldingRelay;
/** A client that goes through the relay. */
let client: RegistryClient;

beforeEach(async () => {
  env = await startOutboxWithRegistry({ prefix: 'outbox-lease-' });
  ui = env.outbox;
  syncDb = openJournal(env.dataDir);
  sync = createOutbox(syncDb);
  relay = await startHoldingRelay(env.registry.base);
  client = env.client(relay.base);
});
afterEach(async () => {
  await relay.close();
  if (syncDb.open) syncDb.close();
  await env.close();
});

/** A completed batch with its report queued (by station ui's connection). */
const queue = (id = 'lot-1') => void env.queue(id, [summaryDocument('84512/27.09.2021', 2)]);
/** The report's claim, read by station sync's connection (station ui's may be closed: crashed). */
const claimOf = (id = 'lot-1') => syncDb.prepare('SELECT claimed_by AS claimedBy, claim_until AS claimUntil FROM outbox WHERE batch_id = ?').get(id);
const released = { claimedBy: null, claimUntil: null };
const recorded = (id = 'lot-1') => env.recorded(id);
const at = (t: Date) => ({ stationName: 'statia-1', now: t, clock: () => t });

describe('a report claimed by the process sending it', () => {
  it('two processes pass at once: one posts the report, the other skips it while it is on its way (not failed); one POST reaches the registry', async () => {
    queue();
    // station ui's report held at the relay until station sync's pass has ended
    let syncDone!: () => void;
    const syncPassed = new Promise<void>((resolve) => (syncDone = resolve));
    relay.arrived = async (n) => {
      if (n === 1) await syncPassed;
    };
    const [fromUi, fromSync] = await Promise.all([
      deliverAndReconcile(ui, client, log, { stationName: 'statia-1' }),
      deliverAndReconcile(sync, client, log, { stationName: 'statia-1' }).finally(() => syncDone()),
    ]);
    // old code: station sync posted it too (2 POSTs, its pass counted it already-recorded)
    expect(relay.posted).toBe(1);
    expect(fromUi.result).toMatchObject({ delivered: ['lot-1'], failed: [], pending: 0 });
    expect(fromSync.result).toMatchObject({ delivered: [], alreadyRecorded: [], failed: [], attention: [] });
    expect(recorded()).toBe(1);
    expect(ui.get('lot-1')).toMatchObject({ deliveredAt: expect.any(String), attempts: 1, lastError: null });
    expect(claimOf()).toEqual(released);
  });

  it('a claim never released whose process may still run holds the report until it lapses, then the other process sends it', async () => {
    queue();
    const t0 = new Date();
    // station ui claims it and records nothing (its connection closed, the claim left; its process, this one, still runs:
    // as a sender stuck, or one of another computer over a shared journal, which cannot be told from one still sending)
    expect(ui.claim('lot-1', t0)).toMatchObject({ batchId: 'lot-1' });
    env.db.close();
    const until = new Date(t0.getTime() + LEASE);
    expect(claimOf()).toEqual({ claimedBy: expect.stringMatching(new RegExp(`^${process.pid}@`)), claimUntil: until.toISOString() });
    expect(LEASE).toBeGreaterThan(REQUEST_TIMEOUT_MS);

    // station sync just before the claim lapses: skipped, still waiting, nothing counted against it
    const before = await deliverDue(sync, client, log, at(new Date(until.getTime() - 1)));
    expect(before).toEqual({ delivered: [], alreadyRecorded: [], superseded: [], failed: [], attention: [], pending: 1 });
    expect(sync.get('lot-1')).toMatchObject({ deliveredAt: null, attempts: 0, lastError: null });
    expect(relay.posted).toBe(0);
    // its loop sleeps until the claim lapses, not a busy 200 ms poll
    expect(sync.nextDueAt()).toEqual(until);

    // once it lapsed: station sync sends it, once
    const after = await deliverDue(sync, client, log, at(new Date(until.getTime() + 1)));
    expect(after).toMatchObject({ delivered: ['lot-1'], failed: [], pending: 0 });
    expect(relay.posted).toBe(1);
    expect(recorded()).toBe(1);
    expect(claimOf()).toEqual(released);
    expect(sync.get('lot-1')).toMatchObject({ attempts: 1, deliveredAt: expect.any(String) });
  });

  it('a claim of a process no longer running on this computer (killed while sending) is taken at once; one of another computer is not', async () => {
    queue();
    const t0 = new Date();
    const gone = spawnSync(process.execPath, ['-e', '']).pid; // a process that ran here and ended
    const claimBy = (id: string) => syncDb.prepare("UPDATE outbox SET claimed_by = ?, claim_until = ? WHERE batch_id = 'lot-1'").run(id, new Date(t0.getTime() + LEASE).toISOString());
    // the same process id on another computer (a journal on a shared folder): it may be sending, left until it lapses
    claimBy(`${gone}@alt-calculator/${randomUUID()}`);
    expect(await deliverDue(sync, client, log, at(t0))).toMatchObject({ delivered: [], failed: [], pending: 1 });
    expect(relay.posted).toBe(0);
    // killed on this computer: no need to wait for the lease
    claimBy(`${gone}@${hostname()}/${randomUUID()}`);
    expect(await deliverDue(sync, client, log, at(t0))).toMatchObject({ delivered: ['lot-1'], failed: [], pending: 0 });
    expect(relay.posted).toBe(1);
    expect(claimOf()).toEqual(released);
  });

  it('released once delivered: nothing left claimed, the other process finds nothing to send', async () => {
    queue();
    const t0 = new Date();
    expect((await deliverDue(ui, client, log, at(t0))).delivered).toEqual(['lot-1']);
    expect(claimOf()).toEqual(released);
    expect(await deliverDue(sync, client, log, { ...at(t0), all: true })).toMatchObject({ delivered: [], alreadyRecorded: [], pending: 0 });
    expect(relay.posted).toBe(1);
  });

  it('released after a failed delivery: the other process retries it when due, within what would have been the lease', async () => {
    queue();
    const t0 = new Date();
    const down = env.client(`http://127.0.0.1:${await freePort()}`);
    const failed = await deliverDue(ui, down, log, at(t0));
    expect(failed.failed.map((f) => [f.batchId, f.code, f.retryable])).toEqual([['lot-1', 'SERVER_UNREACHABLE', true]]);
    expect(claimOf()).toEqual(released);
    // the backoff (2 s ± 25 %) past, the lease (a minute) not: station sync sends it
    const t1 = new Date(t0.getTime() + 3_000);
    expect(t1.getTime()).toBeLessThan(t0.getTime() + LEASE);
    expect(await deliverDue(sync, client, log, at(t1))).toMatchObject({ delivered: ['lot-1'], failed: [], pending: 0 });
    expect(sync.get('lot-1')).toMatchObject({ deliveredAt: expect.any(String), attempts: 2 });
    expect(relay.posted).toBe(1);
    expect(recorded()).toBe(1);
  });

  it('released when refused for good: once the clerk puts it back, the other process sends it at once', async () => {
    queue();
    const t0 = new Date();
    // sent under another station's name: 403, set aside for the clerk
    const refused = await deliverDue(ui, client, log, { ...at(t0), stationName: 'statie' });
    expect(refused.attention).toEqual(['lot-1']);
    expect(claimOf()).toEqual(released);
    expect(ui.requeue('lot-1', t0)).toBe(true);
    expect(await deliverDue(sync, client, log, at(t0))).toMatchObject({ delivered: ['lot-1'], pending: 0 });
    expect(relay.posted).toBe(2);
    expect(recorded()).toBe(1);
  });
});

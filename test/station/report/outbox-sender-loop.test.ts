/**
 * runSender's loop (`station sync --watch`, `station ui`'s background sender) over a real journal file
 * and the real registry server (in-process, real HTTP on loopback): many passes leave no abort listener
 * behind on the stop signal (no MaxListenersExceededWarning), a stop during a pass ends the loop with no
 * sleep, a pass that throws does not end the loop, and a report that failed is sent again once its
 * backoff is past. Passes are driven by the loop's wake-up and its onPass report, its sleep is an hour
 * or on a clock the test moves: nothing waits on the wall clock.
 */
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalDb } from '../../../station/src/journal/open-journal.ts';
import type { Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { silentLogger } from '../../../station/src/log/logger.ts';
import { runSender, type SendResult, type SenderLoopOptions } from '../../../station/src/report/outbox-sender.ts';
import { RegistryClient } from '../../../station/src/report/registry-client.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { startOutboxWithRegistry, type OutboxWithRegistry } from '../../support/outbox-with-registry.ts';
import { freePort, splitSummary, summaryDocument } from '../../support/registry-app.ts';

const HOUR = 3_600_000;
/** The loop's clock: an hour ahead of the wall clock, so every queued report is due (the wall clock is never waited on). */
const clock = () => new Date(Date.now() + HOUR);
let env: OutboxWithRegistry;
let db: JournalDb;
let outbox: Outbox;
let client: RegistryClient;

beforeEach(async () => {
  env = await startOutboxWithRegistry({ prefix: 'outbox-loop-' });
  ({ db, outbox } = env);
  client = env.client();
});
afterEach(() => env.close());

const queue = (id: string) => void env.queue(id, [summaryDocument('84512/27.09.2021', 1)]);
const recorded = (id: string) => env.recorded(id);
const run = (signal: AbortSignal, loop: SenderLoopOptions, log = silentLogger()) => runSender(outbox, client, log, signal, 'statia-1', { pollMs: HOUR, ...loop });

describe('runSender', () => {
  it('many passes, each after a sleep ended by a wake-up: the stop signal keeps at most the one listener of the sleep, and no MaxListenersExceededWarning', async () => {
    const PASSES = 60; // past the 10 listeners an EventTarget warns at, several times over
    const warnings: Error[] = [];
    const onWarning = (w: Error) => void warnings.push(w);
    process.on('warning', onWarning);
    const stop = new AbortController();
    const wakeUp = new EventTarget();
    const atPass: number[] = [];
    const asleep: number[] = [];
    const delivered: string[][] = [];
    let passes = 0;
    let done!: () => void;
    const allDone = new Promise<void>((resolve) => (done = resolve));
    const running = run(stop.signal, {
      now: clock,
      wakeUp,
      onPass: ({ result }) => {
        passes += 1;
        delivered.push(result.delivered);
        atPass.push(getEventListeners(stop.signal, 'abort').length);
        if (passes > PASSES) return done();
        // once the loop sleeps again (it does so before it yields: onPass is followed by the sleep, synchronously),
        // a report is queued and the sleep ended
        setImmediate(() => {
          asleep.push(getEventListeners(stop.signal, 'abort').length);
          queue(`lot-${passes}`);
          wakeUp.dispatchEvent(new Event('wake'));
        });
      },
    });
    try {
      await allDone;
    } finally {
      stop.abort();
      await running;
      process.off('warning', onWarning);
    }
    // each pass after the first sent its report: the send's own listeners came and went too
    expect(delivered).toEqual([[], ...Array.from({ length: PASSES }, (_, i) => [`lot-${i + 1}`])]);
    expect(atPass).toEqual(Array(PASSES + 1).fill(0)); // between two sleeps, none left
    expect(asleep).toEqual(Array(PASSES).fill(1)); // during a sleep, its own
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    expect(recorded(`lot-${PASSES}`)).toBe(1);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('stopped after a pass, before its sleep: returns with no sleep (an hour\'s poll)', async () => {
    queue('lot-1');
    const stop = new AbortController();
    // a loop that slept after the stop would wait the hour: this await would never end (the test's own limit fails it)
    await run(stop.signal, { onPass: () => stop.abort() });
    expect(outbox.get('lot-1')).toMatchObject({ attempts: 1, deliveredAt: expect.any(String) });
    expect(recorded('lot-1')).toBe(1);
  });

  describe('stopped while a report is on its way', () => {
    let stalled: Server;
    afterEach(async () => {
      stalled.closeAllConnections();
      await new Promise((resolve) => stalled.close(resolve));
    });

    it('returns with no sleep; the report is marked once, not delivered, and the next run delivers it once', async () => {
      queue('lot-1');
      const stop = new AbortController();
      // a registry that takes the report and never answers; the stop comes as the request arrives
      stalled = createServer(() => stop.abort());
      await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
      const stalledClient = new RegistryClient({ url: `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`, token: 'x' });
      const passes: number[] = [];
      await runSender(outbox, stalledClient, silentLogger(), stop.signal, 'statia-1', { pollMs: HOUR, onPass: ({ result }) => void passes.push(result.failed.length) });
      expect(passes).toEqual([1]); // one pass, its send cut short
      expect(outbox.get('lot-1')).toMatchObject({ attempts: 1, deliveredAt: null, attentionAt: null });

      const again = new AbortController();
      await run(again.signal, { now: clock, onPass: () => again.abort() }); // its backoff past on the loop's clock
      expect(outbox.get('lot-1')).toMatchObject({ attempts: 2, deliveredAt: expect.any(String) });
      expect(recorded('lot-1')).toBe(1);
    });
  });

  it('a pass that throws (a damaged row in the outbox) is logged and the loop goes on: a later pass delivers', async () => {
    env.journal.start({ id: 'lot-damaged', kind: 'split', outDir: '/out/lot-damaged', options: {} });
    env.journal.complete('lot-damaged', JSON.stringify(splitSummary('lot-damaged', [summaryDocument('84599/27.09.2021', 1)])), () => {
      const at = new Date().toISOString();
      db.prepare("INSERT INTO outbox (batch_id, payload_json, created_at, next_attempt_at) VALUES ('lot-damaged', '{not json', ?, ?)").run(at, at);
    });
    const lines: { msg: string; err?: { message: string } }[] = [];
    let failedPass!: () => void;
    const failed = new Promise<void>((resolve) => (failedPass = resolve));
    const log = pino({ level: 'info' }, new Writable({
      write(chunk: Buffer, _enc, cb) {
        const line = JSON.parse(chunk.toString()) as { msg: string; err?: { message: string } };
        lines.push(line);
        if (line.msg.startsWith('delivery pass failed')) failedPass();
        cb();
      },
    }));
    const stop = new AbortController();
    const wakeUp = new EventTarget();
    let delivered!: () => void;
    const deliveredPass = new Promise<void>((resolve) => (delivered = resolve));
    const running = run(stop.signal, { now: clock, wakeUp, onPass: ({ result }) => result.delivered.includes('lot-1') && delivered() }, log);
    try {
      // old code: the pass's error ended runSender (its promise rejected), and nothing was sent again
      await Promise.race([failed, running.then(() => { throw new Error('runSender returned before its stop'); })]);
      db.prepare("DELETE FROM outbox WHERE batch_id = 'lot-damaged'").run(); // the clerk's fix
      queue('lot-1');
      wakeUp.dispatchEvent(new Event('wake'));
      await deliveredPass;
    } finally {
      stop.abort();
      await running; // resolves: it stopped on its signal
    }
    expect(lines.find((l) => l.msg.startsWith('delivery pass failed'))?.err?.message).toMatch(/JSON/);
    expect(recorded('lot-1')).toBe(1);
  });

  it('the server is down, comes back on the same port, and the sender delivers once its backoff is past on the loop\'s clock', async () => {
    queue('lot-1');
    // The server's port as the station sees it: nothing listens there, then a relay to the registry.
    const port = await freePort();
    const open = new Set<Socket>();
    const relay = createTcpServer((socket) => {
      open.add(socket);
      const upstream = connect(env.registry.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    // the loop's time and its sleeps move only when the test says so (the report due from the start)
    const timers = new ManualClock();
    const base = Date.now();
    const now = () => new Date(base + timers.now());
    const passes: SendResult[] = [];
    let passed: () => void = () => {};
    const ac = new AbortController();
    const running = runSender(outbox, env.client(`http://127.0.0.1:${port}`), silentLogger(), ac.signal, 'statia-1', {
      pollMs: 30_000,
      now,
      timers,
      onPass: ({ result }) => {
        passes.push(result);
        passed();
      },
    });
    try {
      await timers.waiting(); // the first pass is over: the loop sleeps on its clock
      expect(passes.map((p) => p.failed.map((f) => f.code))).toEqual([['SERVER_UNREACHABLE']]);
      expect(outbox.get('lot-1')).toMatchObject({ attempts: 1, deliveredAt: null });
      const backoff = outbox.nextDueAt()!.getTime() - now().getTime();
      expect(backoff).toBeGreaterThanOrEqual(1_500); // backoffMs(0): 2 s ± 25 %, on the loop's clock
      expect(backoff).toBeLessThanOrEqual(2_500);
      await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));

      // the server is back, but the backoff is not past: the loop still sleeps, nothing is sent
      timers.advance(backoff - 1);
      expect(passes).toHaveLength(1);
      expect(timers.pending).toBe(1);
      const second = new Promise<void>((resolve) => (passed = resolve));
      timers.advance(1);
      await second;
      // one failed attempt, then one delivery after the backoff (no hammering in between)
      expect(passes.map((p) => p.delivered)).toEqual([[], ['lot-1']]);
      expect(outbox.get('lot-1')).toMatchObject({ attempts: 2, deliveredAt: expect.any(String) });
      expect(recorded('lot-1')).toBe(1);
    } finally {
      ac.abort();
      await running;
      for (const socket of open) socket.destroy(); // the client's kept-alive connections
      if (relay.listening) await new Promise((resolve) => relay.close(resolve));
    }
  });
});

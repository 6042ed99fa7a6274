/**
 * `station sync --watch` (runSender) stopped (Ctrl+C: its AbortSignal) while it reads the registry's
 * 201 answer: the registry accepted the report, so it is delivered with no error (it was marked
 * delivered with an INTERNAL last error). A 2xx whose body is not the registry's answer, read to the
 * end, is not taken for a delivery: retried (sending again is idempotent). The registry is the real
 * one (in-process, real HTTP); between it and the station a loopback server passes the registry's
 * status and headers on, then stalls the body. The stop comes once the answer's headers have reached
 * the station's fetch (undici's `undici:request:headers` channel, then the next turn of the event loop,
 * when fetch has given the response and the body is being read): an event, not a time.
 * That timing relies on undici giving fetch's Response in microtasks after the `undici:request:headers`
 * channel: an undici version that changed it would make this test hang or fail, never pass wrongly.
 */
import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { silentLogger } from '../../../station/src/log/logger.ts';
import { deliverDue, runSender } from '../../../station/src/report/outbox-sender.ts';
import { startOutboxWithRegistry, type OutboxWithRegistry } from '../../support/outbox-with-registry.ts';
import { summaryDocument, type RegistryApp } from '../../support/registry-app.ts';

const log = silentLogger();
let env: OutboxWithRegistry;
let outbox: Outbox;
let registry: RegistryApp;
let relay: Server;
let relayBase: string;
/** What the relay does with the registry's answer: stall after the headers and a few bytes, or end with a body that is not the registry's. */
let answer: 'stall' | 'garbled' = 'stall';

beforeEach(async () => {
  env = await startOutboxWithRegistry({ prefix: 'outbox-stalled-' });
  ({ outbox, registry } = env);
  relay = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void fetch(`${registry.base}${req.url}`, { method: req.method, headers: { 'content-type': 'application/json', authorization: String(req.headers.authorization) }, body: Buffer.concat(chunks) })
        .then(async (r) => {
          const text = await r.text();
          if (answer === 'garbled') return void res.writeHead(r.status, { 'content-type': 'text/html' }).end('<html>proxy</html>');
          res.writeHead(r.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
          res.write(text.slice(0, 5)); // the rest never comes
        });
    });
  });
  relay.listen(0, '127.0.0.1');
  await once(relay, 'listening');
  relayBase = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
});
afterEach(async () => {
  relay.closeAllConnections();
  await new Promise((resolve) => relay.close(resolve));
  await env.close();
});

const queue = (id: string) => void env.queue(id, [summaryDocument('84512/27.09.2021', 2)]);
const recorded = (id: string) => env.recorded(id);

describe('a report whose 2xx answer is not read to the end', () => {
  it('station sync --watch stopped while reading the registry\'s 201: delivered, no error; the registry has it once', async () => {
    queue('lot-oprit');
    const stop = new AbortController();
    const headers = diagnostics.channel('undici:request:headers');
    // Ctrl+C once the relay's 201 is in and its body is being read (not at the relay's own request to the registry)
    const onHeaders = (m: unknown) => {
      if ((m as { request: { origin: string } }).request.origin === relayBase) setImmediate(() => stop.abort());
    };
    headers.subscribe(onHeaders);
    try {
      await runSender(outbox, env.client(relayBase), log, stop.signal, 'statia-1');
    } finally {
      headers.unsubscribe(onHeaders);
    }
    expect(stop.signal.aborted).toBe(true);
    expect(outbox.get('lot-oprit')).toMatchObject({ deliveredAt: expect.any(String), lastError: null }); // lastError INTERNAL on the old code
    expect(outbox.pending()).toEqual([]);
    expect(recorded('lot-oprit')).toBe(1);
  });

  it('a 2xx whose body is not the registry\'s answer: not delivered, retried (INTERNAL); sent again it is already-recorded, once', async () => {
    queue('lot-neclar');
    answer = 'garbled';
    try {
      const first = await deliverDue(outbox, env.client(relayBase), log, { stationName: 'statia-1' });
      expect(first.failed).toEqual([{ batchId: 'lot-neclar', code: 'INTERNAL', message: expect.stringContaining('nu a putut fi citit'), retryable: true }]);
      expect(outbox.get('lot-neclar')).toMatchObject({ deliveredAt: null, lastError: expect.stringMatching(/^INTERNAL: /) });
    } finally {
      answer = 'stall';
    }
    const again = await deliverDue(outbox, env.client(), log, { stationName: 'statia-1', all: true });
    expect(again.alreadyRecorded).toEqual(['lot-neclar']);
    expect(outbox.get('lot-neclar')).toMatchObject({ deliveredAt: expect.any(String) });
    expect(recorded('lot-neclar')).toBe(1);
  });
});

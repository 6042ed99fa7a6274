/**
 * A registry that answers with an error of its own (5xx) is not «a server that cannot be reached»:
 * the check of delivered reports (POST /api/batches/held) and a report's delivery get SERVER_ERROR
 * and words saying the server answered with an error, from `station outbox reconcile`, `station sync`
 * and the outbox page; a server nothing listens on stays SERVER_UNREACHABLE. Either way the registry
 * is asked nothing more in that pass. The real CLI in-process, the real registry for the deliveries
 * that succeed, a loopback server answering 503 for the failing one.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../station/src/cli/main.ts';
import type { Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { outboxView } from '../../../station/src/web/outbox-words.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { startOutboxWithRegistry, type OutboxWithRegistry } from '../../support/outbox-with-registry.ts';
import { freePort, summaryDocument, type RegistryApp } from '../../support/registry-app.ts';

/** The station's journal (its outbox read by the test) and the registry; the CLI opens the journal itself. */
let env: OutboxWithRegistry;
let registry: RegistryApp;
let failing: Server;
let failingBase: string;
/** What the failing registry was asked: method and path. */
let asked: string[];

beforeEach(async () => {
  env = await startOutboxWithRegistry({ prefix: 'registry-5xx-', stationName: 'ghiseu-1', dataFolder: 'data' });
  registry = env.registry;
  asked = [];
  failing = createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'INTERNAL', message: 'Eroare internă.' } }));
  });
  failing.listen(0, '127.0.0.1');
  await once(failing, 'listening');
  failingBase = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
});
afterEach(async () => {
  failing.closeAllConnections();
  await new Promise((resolve) => failing.close(resolve));
  await env.close();
});

function queue(...ids: string[]): void {
  for (const id of ids) env.queue(id, [summaryDocument('84512/27.09.2021', 2)]);
}
const outbox = <T>(fn: (o: Outbox) => T): T => fn(env.outbox);
async function station(args: string[], url: string) {
  const io = captureIo({ cwd: env.dir, env: { STATION_DATA_DIR: env.dataDir, STATION_SERVER_URL: url, STATION_TOKEN: env.token, STATION_NAME: 'ghiseu-1' } });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('a registry answering 503', () => {
  it('station outbox reconcile: SERVER_ERROR, «a răspuns cu o eroare», not «nu poate fi contactat»; nothing listening stays SERVER_UNREACHABLE', async () => {
    queue('lot-1');
    expect((await station(['sync'], registry.base)).code).toBe(0); // delivered: now there is something to ask about

    const r = await station(['outbox', 'reconcile'], failingBase);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Eroare \[SERVER_ERROR\]: Serverul registraturii a răspuns cu o eroare \(503\) la întrebarea ce rapoarte are/); // [SERVER_UNREACHABLE] on the old code
    expect(r.err).not.toContain('nu poate fi contactat');
    expect(asked).toEqual(['POST /api/batches/held']);

    const down = await station(['outbox', 'reconcile'], `http://127.0.0.1:${await freePort()}`);
    expect(down.err).toMatch(/^Eroare \[SERVER_UNREACHABLE\]: Serverul registraturii \(http:\/\/127\.0\.0\.1:\d+\) nu poate fi contactat\./);
  });

  it('a delivery answered 503: SERVER_ERROR in the outbox and the outbox page\'s words; the first failure ends the pass, no check asked after it', async () => {
    queue('lot-1', 'lot-2');
    const r = await station(['sync'], failingBase);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Raportul nu a putut fi trimis. Serverul registraturii a răspuns cu o eroare temporară (503). Rămâne în coadă');
    expect(asked).toEqual(['POST /api/batches']); // not the second report, not the held-reports question
    const item = outbox((o) => o.get('lot-1')!);
    expect(item.lastError).toMatch(/^SERVER_ERROR: /); // SERVER_UNREACHABLE on the old code
    const view = outboxView(item);
    expect(view.reason).toContain('a răspuns cu o eroare');
    expect(view.reason).not.toContain('nu răspunde'); // the old words: «(rețeaua sau serverul este oprit)»
  });

  it('the hourly check answered 503 after nothing had to go out: remembered as SERVER_ERROR 503', async () => {
    queue('lot-1');
    expect((await station(['sync'], registry.base)).code).toBe(0);
    outbox((o) => o.setReconciledAt(new Date(Date.now() - 2 * 3600_000))); // the last check two hours ago: due
    const r = await station(['sync'], failingBase);
    expect(r.out).toContain('Niciun raport în așteptare');
    expect(asked).toEqual(['POST /api/batches/held']);
    expect(outbox((o) => o.reconcileFailure())?.code).toBe('SERVER_ERROR 503');
  });
});

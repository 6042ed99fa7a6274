/**
 * The delivery line when the report is on its way from another process over the same journal
 * (`station sync --watch` beside `station ui`, bbae98e's claim): this process skipped it, so nothing was
 * sent from here, yet it still waits: the line says so, not «Niciun raport în așteptare». A real journal
 * file opened twice (two connections: two processes), the real registry on loopback.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { silentLogger } from '../../../station/src/log/logger.ts';
import { deliveryRo, sendingBlockRo, type Delivery } from '../../../station/src/report/delivery-words.ts';
import { deliverAndReconcile, deliverDue } from '../../../station/src/report/outbox-sender.ts';
import { startOutboxWithRegistry, type OutboxWithRegistry } from '../../support/outbox-with-registry.ts';

const log = silentLogger();
let env: OutboxWithRegistry;
let otherDb: JournalDb;
/** The other process's outbox (station sync --watch), on its own connection. */
let other: Outbox;

beforeEach(async () => {
  env = await startOutboxWithRegistry({ prefix: 'delivery-words-' });
  otherDb = openJournal(env.dataDir);
  other = createOutbox(otherDb);
});
afterEach(async () => {
  if (otherDb.open) otherDb.close();
  await env.close();
});

/** One delivery by station ui, as deliverNow makes it (every waiting report), in facts. */
async function deliverFromUi(): Promise<Delivery> {
  const { result, requeued } = await deliverAndReconcile(env.outbox, env.client(), log, { all: true, stationName: env.stationName });
  return { outcome: 'attempted', result, requeued, attention: env.outbox.needingAttention().length };
}

describe('the delivery line while another process sends the report', () => {
  it('one report claimed by the other process: nothing sent from here, the report said to be on its way, not «nothing waiting»', async () => {
    env.queue('lot-1');
    expect(other.claim('lot-1', new Date())).toMatchObject({ batchId: 'lot-1' });
    const d = await deliverFromUi();
    expect(d.result).toMatchObject({ delivered: [], alreadyRecorded: [], failed: [], attention: [], pending: 1 });
    // old words: «Niciun raport în așteptare: nimic de trimis.» above «în așteptare: lotul lot-1» (station sync) / beside it in «Loturi»
    expect(deliveryRo(d, 'cli')).toBe('Niciun raport trimis de aici: raportul în așteptare îl trimite chiar acum alt program al stației („station ui” sau „station sync --watch”).');
    expect(deliveryRo(d, 'web')).toBe('Niciun raport trimis de aici: raportul în așteptare îl trimite chiar acum alt program al stației; starea lui se vede în pagina «Loturi».');
    expect(env.recorded('lot-1')).toBe(0);
  });

  it('two reports claimed by the other process: counted, in the plural', async () => {
    env.queue('lot-1');
    env.queue('lot-2');
    for (const id of ['lot-1', 'lot-2']) expect(other.claim(id, new Date())).not.toBeNull();
    const d = await deliverFromUi();
    expect(deliveryRo(d, 'web')).toBe('Niciun raport trimis de aici: cele 2 rapoarte în așteptare le trimite chiar acum alt program al stației; starea lor se vede în pagina «Loturi».');
  });

  it('once the other process delivered it: nothing waiting, nothing to send', async () => {
    env.queue('lot-1');
    expect((await deliverDue(other, env.client(), log, { all: true, stationName: env.stationName })).delivered).toEqual(['lot-1']);
    const d = await deliverFromUi();
    expect(d.result).toMatchObject({ delivered: [], pending: 0 });
    expect(deliveryRo(d, 'cli')).toBe('Niciun raport în așteptare: nimic de trimis.');
    expect(deliveryRo(d, 'web')).toBe('Niciun raport în așteptare: nimic de trimis.');
  });
});

describe('the delivery line when the report could not be sent', () => {
  /** One attempt whose report failed with `message` (a temporary failure: it stays in the queue). */
  const failedWith = (code: string, message: string): Delivery => ({
    outcome: 'attempted',
    result: { delivered: [], alreadyRecorded: [], superseded: [], failed: [{ batchId: 'lot-1', code, message, retryable: true }], attention: [], pending: 1 },
    requeued: [],
    attention: 0,
  });

  it('the reason keeps its own full stop, as a sentence of its own: never «(…contactat.).»', () => {
    const unreachable = failedWith('SERVER_UNREACHABLE', 'Serverul registraturii (http://127.0.0.1:9) nu poate fi contactat.');
    // old words: «Raportul nu a putut fi trimis (Serverul registraturii (http://127.0.0.1:9) nu poate fi contactat.). Rămâne în coadă; …»
    expect(deliveryRo(unreachable, 'cli')).toBe('Raportul nu a putut fi trimis. Serverul registraturii (http://127.0.0.1:9) nu poate fi contactat. Rămâne în coadă; „station sync” îl retrimite.');
    expect(deliveryRo(unreachable, 'web')).toBe('Raportul nu a putut fi trimis. Serverul registraturii (http://127.0.0.1:9) nu poate fi contactat. '
      + 'Rămâne în coadă. Stația îl retrimite singură când registratura răspunde; starea lui se vede în pagina «Loturi».');
    expect(deliveryRo(failedWith('SERVER_ERROR', 'Serverul registraturii a răspuns cu o eroare temporară (503).'), 'cli'))
      .toBe('Raportul nu a putut fi trimis. Serverul registraturii a răspuns cu o eroare temporară (503). Rămâne în coadă; „station sync” îl retrimite.');
  });

  it('a reason without a full stop of its own gets one', () => {
    expect(deliveryRo(failedWith('INTERNAL', 'Error: socket hang up'), 'cli')).toBe('Raportul nu a putut fi trimis. Error: socket hang up. Rămâne în coadă; „station sync” îl retrimite.');
    for (const surface of ['cli', 'web'] as const) expect(deliveryRo(failedWith('INTERNAL', 'x'), surface)).not.toMatch(/\.\)\.|\.\./);
  });
});

describe('the station has no name for the registry', () => {
  it('the web app names no configuration key, says who can fix it and that the reports wait; the terminal keeps the keys', () => {
    const web = sendingBlockRo({ code: 'NO_STATION_NAME' }, 'web');
    expect(web).toBe('Stația nu are încă un nume pentru registratură, așa că rapoartele nu pot fi trimise; ele așteaptă în coadă și nu se pierd. Anunțați administratorul stației să îi pună numele, exact cum a fost creată stația la registratură.');
    expect(web).not.toMatch(/STATION_NAME|stationName|station /);
    expect(sendingBlockRo({ code: 'NO_STATION_NAME' }, 'cli')).toBe('Numele stației nu este configurat (STATION_NAME sau server.stationName, exact cum a fost creată stația pe server); rapoartele așteaptă în coadă.');
  });
});

/**
 * The web app's delivery through the courier (outbox-courier.ts: a batch's end, «Trimite din nou», corrections
 * saved) when the journal fails: the delivery's own error is what the caller gets, also when reading the outbox
 * again for the pages' 'outbox' event fails too (the journal busy past its timeout); that failure is logged, the
 * event still goes out (its count unknown) and the background sender is still woken. A real station context over
 * a real journal; the journal's failures are its outbox's reads made to throw (the delivery's and the re-read's
 * apart, so the test can tell which one reached the caller). Nothing reaches the registry: the delivery fails
 * before it asks.
 */
import path from 'node:path';
import { capturedLog, type LogLine } from '../../support/captured-log.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStationContext, type StationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { createEventHub, type UiEvent } from '../../../station/src/web/event-hub.ts';
import { createOutboxCourier } from '../../../station/src/web/outbox-courier.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
let station: StationContext;
/** The station's log, one parsed line each. */
let logged: LogLine[];

beforeEach(async () => {
  tmp = await makeTempDir('outbox-courier-');
  const captured = capturedLog('info');
  logged = captured.lines;
  // a registry configured (never reached: the delivery fails before it asks) and the station's name
  const env = { STATION_DATA_DIR: path.join(tmp.dir, 'data'), STATION_SERVER_URL: 'http://127.0.0.1:9', STATION_TOKEN: 'sst_x', STATION_NAME: 'ghiseu-1' };
  station = openStationContext(loadConfig({ env, cwd: tmp.dir }), captured.log);
});
afterEach(async () => {
  vi.restoreAllMocks();
  station.close();
  await tmp.cleanup();
});

/** An error as better-sqlite3 throws it when the journal stays locked past its busy timeout. */
const busy = (what: string) => Object.assign(new Error(`database is locked (${what})`), { code: 'SQLITE_BUSY' });

describe('courier.deliver with a failing journal', () => {
  it('the delivery\'s own error reaches the caller, not the re-read\'s; the re-read\'s failure is logged; the pages are told, the sender woken', async () => {
    const hub = createEventHub();
    const events: UiEvent[] = [];
    hub.subscribe((e) => void events.push(e.data));
    const courier = createOutboxCourier(station, hub);
    let woken = 0;
    courier.attach({ wake: () => void woken++ });

    const delivering = busy('the delivery reads the queue');
    const reReading = busy('the re-read for the event');
    vi.spyOn(station.outbox, 'waiting').mockImplementation(() => {
      throw delivering;
    });
    vi.spyOn(station.outbox, 'pending').mockImplementation(() => {
      throw reReading;
    });

    // old code: rejected with the re-read's error (thrown from the finally over the delivery's), nothing logged, no event
    await expect(courier.deliver(['lot-1'])).rejects.toBe(delivering);
    expect(events).toEqual([{ event: 'outbox', queued: ['lot-1'], delivered: [], failed: [], requeued: [], pending: null, at: expect.any(String) }]);
    expect(woken).toBe(1);
    const errors = logged.filter((l) => l.level >= 50);
    expect(errors.map((l) => [l.msg, l.err?.message])).toEqual([['outbox could not be read for its change event; the pages read it again', 'database is locked (the re-read for the event)']]);
  });

  it('telling the pages throws too (a subscriber failing): still the delivery\'s own error for the caller, the failure logged', async () => {
    const hub = createEventHub();
    hub.subscribe(() => {
      throw new Error('a page\'s stream broke');
    });
    const courier = createOutboxCourier(station, hub);
    const delivering = busy('the delivery reads the queue');
    vi.spyOn(station.outbox, 'waiting').mockImplementation(() => {
      throw delivering;
    });
    // old code: rejected with the subscriber's error
    await expect(courier.deliver(['lot-1'])).rejects.toBe(delivering);
    expect(logged.filter((l) => l.level >= 50).map((l) => [l.msg, l.err?.message])).toEqual([['an outbox change could not be said to the pages', 'a page\'s stream broke']]);
  });
});

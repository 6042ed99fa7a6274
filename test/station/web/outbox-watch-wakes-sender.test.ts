/**
 * A report another program of the station queued (`station split` from a terminal, which may end before
 * it is sent) wakes the web app's background sender at the app's next check of the journal (outbox-watch.ts),
 * instead of waiting for the sender's next planned pass; a report the other program holds (it is sending it)
 * is left to it: the pass woken skips it, its claim refused. The other program is a second connection to the
 * same journal file (its own batch journal, its own outbox). The registry is configured where nothing answers:
 * a pass that attempts a report records SERVER_UNREACHABLE. Time: the watch's checks on a ManualClock, the
 * sender's sleep on another that never moves (it runs only when woken); the test waits for the pass's own
 * 'outbox' event, never for the wall clock.
 */
import path from 'node:path';
import { capturedLog, type LogLine } from '../../support/captured-log.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStationContext, type StationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { createBatchJournal } from '../../../station/src/journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import type { UiEvent } from '../../../station/src/web/event-hub.ts';
import { OUTBOX_WATCH_MS } from '../../../station/src/web/outbox-watch.ts';
import { buildUiApp, type UiApp } from '../../../station/src/web/ui-app.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { splitSummary, summaryDocument } from '../../support/registry-app.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const STATION = 'ghiseu-1';
let tmp: { dir: string; cleanup: () => Promise<void> };
let station: StationContext;
let ui: UiApp;
/** The watch's checks. */
let clock: ManualClock;
/** The background sender's sleep between passes: never moved, so it passes only when woken. */
let senderClock: ManualClock;
let events: UiEvent[];
let logged: LogLine[];
let otherDb: JournalDb;
let other: Outbox;

beforeEach(async () => {
  tmp = await makeTempDir('outbox-watch-sender-');
  const captured = capturedLog('debug');
  logged = captured.lines;
  const env = { STATION_DATA_DIR: path.join(tmp.dir, 'data'), STATION_SERVER_URL: 'http://127.0.0.1:9', STATION_TOKEN: 'sst_x', STATION_NAME: STATION };
  // debug: the sender's line for a report it skips (claimed by another process)
  station = openStationContext(loadConfig({ env, cwd: tmp.dir }), captured.log);
  clock = new ManualClock();
  senderClock = new ManualClock();
  ui = await buildUiApp(station, { env: process.env, outboxWatch: { clock }, backgroundSender: { timers: senderClock } });
  await ui.app.listen({ host: '127.0.0.1', port: 0 });
  events = [];
  ui.hub.subscribe((e) => void events.push(e.data));
  otherDb = openJournal(station.cfg.dataDir);
  other = createOutbox(otherDb);
  // the sender's first pass (an empty queue) is over: it sleeps
  await senderClock.waiting();
});
afterEach(async () => {
  await ui.app.close();
  if (otherDb.open) otherDb.close();
  station.close();
  await tmp.cleanup();
});

/** One check of the app later. */
const check = () => clock.advance(OUTBOX_WATCH_MS);

/** The other program ends a batch, its report queued in the same transaction (`station split` from a terminal). */
function otherQueues(batchId: string): void {
  const journal = createBatchJournal(otherDb);
  const summary = splitSummary(batchId, [summaryDocument('84512/27.09.2021', 2)]);
  journal.start({ id: batchId, kind: 'split', outDir: path.join(tmp.dir, 'loturi', batchId), workDir: null, options: {} });
  journal.complete(batchId, JSON.stringify(summary), () => other.enqueue(batchId, batchReportFrom(summary, STATION)));
}

/** The 'outbox' event of the sender's pass that attempted `batchId`, said or to come (a generous bound: the registry's address refuses at once). */
function attempted(batchId: string): Promise<UiEvent> {
  return new Promise((resolve, reject) => {
    const found = () => events.find((e) => e.event === 'outbox' && e.failed.includes(batchId));
    const said = found();
    if (said) return resolve(said);
    const bound = setTimeout(() => {
      off();
      reject(new Error(`no delivery attempt of ${batchId}: the background sender was not woken`));
    }, 20_000);
    const off = ui.hub.subscribe(() => {
      const e = found();
      if (!e) return;
      clearTimeout(bound);
      off();
      resolve(e);
    });
  });
}

describe('a report another program of the station queued', () => {
  it('wakes the background sender at the next check: it is attempted then, not at the sender\'s next planned pass', async () => {
    expect(senderClock.pending).toBe(1);
    otherQueues('LOT-TERMINAL');
    check();
    // the sender's sleep ended (old code: it sleeps on until its poll, 30 s on the real clock)
    expect(senderClock.pending).toBe(0);
    expect(await attempted('LOT-TERMINAL')).toMatchObject({ failed: ['LOT-TERMINAL'], pending: 1 });
    expect(station.outbox.get('LOT-TERMINAL')).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/^SERVER_UNREACHABLE/), sendingElsewhere: false });

    // its own pass's change is not another program's: the next checks do not wake it again
    await senderClock.waiting();
    check();
    check();
    expect(senderClock.pending).toBe(1);
  });

  it('one the other program is sending is left to it: the pass woken skips it (its claim refused) and attempts only the other', async () => {
    otherQueues('LOT-TRIMIS-DE-ALT-PROGRAM');
    expect(other.claim('LOT-TRIMIS-DE-ALT-PROGRAM', new Date())).not.toBeNull(); // `station split` sends it now
    check();
    // held elsewhere: nothing for this sender to take, it sleeps on
    expect(senderClock.pending).toBe(1);

    otherQueues('LOT-TERMINAL');
    check();
    expect(senderClock.pending).toBe(0);
    expect(await attempted('LOT-TERMINAL')).toMatchObject({ failed: ['LOT-TERMINAL'] });
    // the held one was read first (queued first) and skipped: never sent twice at once
    expect(logged.filter((l) => l.msg === 'report claimed by another process or no longer waiting: skipped').map((l) => l.batchId)).toEqual(['LOT-TRIMIS-DE-ALT-PROGRAM']);
    expect(station.outbox.get('LOT-TRIMIS-DE-ALT-PROGRAM')).toMatchObject({ attempts: 0, lastError: null, sendingElsewhere: true });
    expect(otherDb.prepare("SELECT claimed_by FROM outbox WHERE batch_id = 'LOT-TRIMIS-DE-ALT-PROGRAM'").pluck().get()).toBe(other.claimant);
  });
});

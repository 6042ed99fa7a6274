/**
 * The web app says to its pages an outbox change another program of the station committed (outbox-watch.ts):
 * the other program is a second connection to the same journal file (`station sync --watch`, a second
 * `station ui`: its own batch journal, its own outbox). Exactly one 'outbox' event for each change seen once
 * the app's clock has moved one check on; none for its commits that leave the outbox alone, none again for
 * the app's own changes its courier already said; one when another program's claim ends with nothing committed
 * (its holder killed while sending). A journal that cannot be read at a check is logged once and the checks go on; the app's close leaves no timer. Real journal file, the app listening on loopback; time is
 * a ManualClock, never the wall clock.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import path from 'node:path';
import { capturedLog, type LogLine } from '../../support/captured-log.ts';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
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
import { rawRequest } from '../../support/ui-harness.ts';

const STATION = 'ghiseu-1';
let tmp: { dir: string; cleanup: () => Promise<void> };
let station: StationContext;
let ui: UiApp;
let clock: ManualClock;
let events: UiEvent[];
let logged: LogLine[];
/** The other program: its own connection to the journal file. */
let otherDb: JournalDb;
let other: Outbox;

beforeEach(async () => {
  tmp = await makeTempDir('outbox-watch-');
  const captured = capturedLog('info');
  logged = captured.lines;
  // a registry configured where nothing answers: the app's own «Trimite din nou» fails, and says so
  const env = { STATION_DATA_DIR: path.join(tmp.dir, 'data'), STATION_SERVER_URL: 'http://127.0.0.1:9', STATION_TOKEN: 'sst_x', STATION_NAME: STATION };
  station = openStationContext(loadConfig({ env, cwd: tmp.dir }), captured.log);
  clock = new ManualClock();
  ui = await buildUiApp(station, { env: process.env, outboxWatch: { clock } });
  await ui.app.listen({ host: '127.0.0.1', port: 0 });
  events = [];
  ui.hub.subscribe((e) => void events.push(e.data));
  otherDb = openJournal(station.cfg.dataDir);
  other = createOutbox(otherDb);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await ui.app.close();
  if (otherDb.open) otherDb.close();
  station.close();
  await tmp.cleanup();
});

const outboxEvents = () => events.filter((e) => e.event === 'outbox');
/** One check of the app later. */
const check = () => clock.advance(OUTBOX_WATCH_MS);

/** The other program starts a batch (nothing in the outbox yet), then ends it, its report queued in the same transaction. */
function otherStarts(batchId: string): () => void {
  const journal = createBatchJournal(otherDb);
  const summary = splitSummary(batchId, [summaryDocument('84512/27.09.2021', 2)]);
  journal.start({ id: batchId, kind: 'split', outDir: path.join(tmp.dir, 'loturi', batchId), workDir: null, options: {} });
  return () => journal.complete(batchId, JSON.stringify(summary), () => other.enqueue(batchId, batchReportFrom(summary, STATION)));
}

describe('outbox changes another program of the station commits', () => {
  it('one event for each change, after one check; none for a commit that leaves the outbox alone', () => {
    const ends = otherStarts('LOT-ALT');
    check();
    expect(outboxEvents()).toEqual([]); // a batch started: the outbox is as it was

    ends();
    expect(outboxEvents()).toEqual([]); // not before the app looks (old code: never)
    check();
    expect(outboxEvents()).toEqual([{ event: 'outbox', queued: [], delivered: [], failed: [], requeued: [], pending: 1, at: expect.any(String) }]);
    check();
    check();
    expect(outboxEvents()).toHaveLength(1); // said once, not at every check

    // the other program takes it to send it («se trimite acum» on the pages), then delivers it, as its sender does
    expect(other.claim('LOT-ALT', new Date())).not.toBeNull();
    check();
    expect(outboxEvents()).toHaveLength(2);
    expect(other.markDelivered('LOT-ALT', new Date(), STATION)).toBe(true);
    check();
    expect(outboxEvents()).toHaveLength(3);
    expect(outboxEvents()[2]).toMatchObject({ pending: 0 });

    // two changes between two checks: one event
    otherStarts('LOT-ALT-2')();
    other.claim('LOT-ALT-2', new Date());
    check();
    expect(outboxEvents()).toHaveLength(4);

    // another commit of the other program beside the outbox (the station's identity, a batch's pages): none
    otherDb.prepare("UPDATE batches SET options_json = '{\"x\":1}' WHERE id = 'LOT-ALT'").run();
    check();
    expect(outboxEvents()).toHaveLength(4);
  });

  it('a claim of another program that ends with nothing committed (its holder killed): one event, the list no longer says «se trimite acum»', async () => {
    otherStarts('LOT-ALT')();
    check();
    expect(outboxEvents()).toHaveLength(1);
    // `station sync --watch`, a real process of this computer, takes the report to send it (its claim written by the other connection)
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    onTestFinished(() => void holder.kill('SIGKILL'));
    await once(holder, 'spawn');
    const until = new Date(Date.now() + station.outbox.leaseMs).toISOString();
    otherDb.prepare("UPDATE outbox SET claimed_by = ?, claim_until = ? WHERE batch_id = 'LOT-ALT'").run(`${holder.pid}@${hostname()}/00000000-0000-0000-0000-00000000a1a1`, until);
    check();
    expect(outboxEvents()).toHaveLength(2);
    expect(station.outbox.get('LOT-ALT')).toMatchObject({ sendingElsewhere: true });
    check();
    check();
    expect(outboxEvents()).toHaveLength(2); // still held: nothing to say

    // killed while sending: no outcome written, its claim stays in the journal, nothing committed
    const version = station.db.pragma('data_version', { simple: true });
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    expect(station.outbox.get('LOT-ALT')).toMatchObject({ sendingElsewhere: false, attempts: 0 });
    expect(otherDb.prepare("SELECT claim_until FROM outbox WHERE batch_id = 'LOT-ALT'").pluck().get()).toBe(until);
    check();
    expect(station.db.pragma('data_version', { simple: true })).toBe(version);
    // old code: none (data_version did not move), the page kept «se trimite acum» until a reload
    expect(outboxEvents()).toHaveLength(3);
    expect(outboxEvents()[2]).toEqual({ event: 'outbox', queued: [], delivered: [], failed: [], requeued: [], pending: 1, at: expect.any(String) });

    // said once; no claim of another that could end is left: the checks no longer ask after holders
    const kill = vi.spyOn(process, 'kill');
    check();
    check();
    expect(outboxEvents()).toHaveLength(3);
    expect(kill).not.toHaveBeenCalled();
  });

  it('the app\'s own change, said by its courier, is not said again when the other program next commits', async () => {
    // the app's own batch, its report queued (its own connection), then «Trimite din nou»: the registry does not answer
    station.journal.start({ id: 'LOT-AICI', kind: 'split', outDir: path.join(tmp.dir, 'loturi', 'LOT-AICI'), workDir: null, options: {} });
    const summary = splitSummary('LOT-AICI', [summaryDocument('84520/27.09.2021', 1)]);
    station.journal.complete('LOT-AICI', JSON.stringify(summary), () => station.outbox.enqueue('LOT-AICI', batchReportFrom(summary, STATION)));
    const { port, secret } = { port: (ui.app.server.address() as { port: number }).port, secret: ui.guard.secret };
    ui.guard.setPort(port);
    const res = await rawRequest(port, 'POST', '/api/outbox/retry', { host: `127.0.0.1:${port}`, 'x-station-secret': secret, 'content-type': 'application/json' }, '{}');
    expect(res.status, res.body).toBe(200);
    expect(outboxEvents()).toHaveLength(1); // the courier's
    expect(station.outbox.get('LOT-AICI')).toMatchObject({ attempts: 1 });

    // the other program commits something beside the outbox: the outbox is the one the pages already read
    otherStarts('LOT-ALT');
    check();
    expect(outboxEvents()).toHaveLength(1);
  });

  it('a journal that cannot be read at a check: logged once, the checks go on and say the change once it can', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const pragma = vi.spyOn(station.db, 'pragma').mockImplementation(() => {
      throw busy;
    });
    const ends = otherStarts('LOT-ALT');
    ends();
    for (let i = 0; i < 5; i++) check();
    expect(outboxEvents()).toEqual([]);
    const warned = logged.filter((l) => l.level === 40);
    expect(warned.map((l) => l.msg)).toEqual(['outbox watch: the journal could not be read; checking again later']);

    pragma.mockRestore();
    check();
    expect(outboxEvents()).toHaveLength(1);
    expect(logged.filter((l) => l.level === 40)).toHaveLength(1);
    expect(logged.map((l) => l.msg)).toContain('outbox watch: the journal can be read again');
  });

  it('the app\'s close stops the checks: no timer left, nothing said after', async () => {
    expect(clock.pending).toBe(1);
    await ui.app.close();
    expect(clock.pending).toBe(0);
    otherStarts('LOT-ALT')();
    check();
    expect(outboxEvents()).toEqual([]);
  });
});

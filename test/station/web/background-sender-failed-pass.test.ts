/**
 * A pass of `station ui`'s background sender that delivers a report and then throws (a journal write
 * refused after the delivery was recorded: here the reconciliation's table gone) still tells the pages:
 * one 'outbox' event, so «Loturi» reads the outbox again instead of showing the report waiting until some
 * later change. Real registry on loopback, the real web app and journal; the pass is followed through the
 * station's own log line (no wall-clock wait).
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStationContext, type StationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import type { UiEvent } from '../../../station/src/web/event-hub.ts';
import { buildUiApp, type UiApp } from '../../../station/src/web/ui-app.ts';
import { splitSummary, startRegistry, summaryDocument, type RegistryApp } from '../../support/registry-app.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const STATION = 'ghiseu-1';
const HOUR = 3_600_000;
let tmp: { dir: string; cleanup: () => Promise<void> };
let registry: RegistryApp;
let station: StationContext | undefined;
let ui: UiApp | undefined;

beforeEach(async () => {
  tmp = await makeTempDir('ui-failed-pass-');
  registry = await startRegistry();
});
afterEach(async () => {
  await ui?.app.close();
  station?.close();
  await registry.close();
  await tmp.cleanup();
});

describe('station ui: a background pass that throws after delivering', () => {
  it('still says the outbox changed: one \'outbox\' event, the report shown delivered at the next read', async () => {
    // the station's log, read line by line: the pass that failed is awaited on its own log line
    let passFailed!: () => void;
    const failedLogged = new Promise<void>((resolve) => (passFailed = resolve));
    const lines = new Writable({
      write(chunk: Buffer, _enc, done) {
        if (String(chunk).includes('delivery pass failed')) passFailed();
        done();
      },
    });
    const token = await registry.addStation(STATION);
    const dataDir = path.join(tmp.dir, 'data');
    const cfg = loadConfig({ env: { STATION_DATA_DIR: dataDir, STATION_SERVER_URL: registry.base, STATION_TOKEN: token, STATION_NAME: STATION }, cwd: tmp.dir });
    station = openStationContext(cfg, pino({ level: 'info' }, lines));
    // a batch ended with the registry unasked (station ui not started yet): its report waits
    const summary = splitSummary('lot-1', [summaryDocument('84512/27.09.2021', 2)]);
    station.journal.start({ id: 'lot-1', kind: 'split', outDir: path.join(tmp.dir, 'loturi', 'lot-1'), workDir: null, options: {} });
    station.journal.complete('lot-1', JSON.stringify(summary), () => station!.outbox.enqueue('lot-1', batchReportFrom(summary, STATION)));
    // the journal refuses what the pass does after the delivery (the hourly check's table gone)
    station.db.exec('DROP TABLE outbox_reconciliation');

    ui = await buildUiApp(station, { env: process.env, backgroundSender: { now: () => new Date(Date.now() + HOUR), pollMs: HOUR } });
    const events: UiEvent[] = [];
    ui.hub.subscribe((e) => void events.push(e.data));
    await ui.app.listen({ host: '127.0.0.1', port: 0 }); // the sender's first pass: lot-1 delivered, then the throw
    await failedLogged;

    expect(registry.count('SELECT COUNT(*) FROM batches WHERE batch_id = ?', 'lot-1')).toBe(1);
    expect(station.outbox.get('lot-1')).toMatchObject({ deliveredAt: expect.any(String), attempts: 1 });
    // old code: no event (onPass is not called for a pass that threw), «Loturi» kept the report «în așteptare»
    expect(events.filter((e) => e.event === 'outbox')).toEqual([{ event: 'outbox', queued: [], delivered: [], failed: [], requeued: [], pending: 0, at: expect.any(String) }]);
  });
});

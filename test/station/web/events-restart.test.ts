/**
 * A page left open while the station restarts: the new process numbers its events from 1 again, so the
 * page's «after event n» would skip the new run's first n events (a finished run still shown scanning).
 * In real headless Chromium, the scan page follows a run of the first process, the station goes away and
 * comes back on the same address (same secret, same data) with another run: the page shows the new run,
 * folded from nothing, not the old one nor the two mixed.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { buildUiApp, type UiApp } from '../../../station/src/web/ui-app.ts';
import type { UiEvent } from '../../../station/src/web/event-hub.ts';
import { createUiGuard } from '../../../station/src/web/ui-guard.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { ARTIFACTS, launchChromium, startUi, type RunningUi } from '../../support/ui-harness.ts';

let browser: Browser;
let first: RunningUi | undefined;
let second: UiApp | undefined;
let closeSecond: (() => void) | undefined;
let root: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('ui-events-restart-'));
  first = await startUi(path.join(root, 'data'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await first?.close();
  await second?.app.close();
  closeSecond?.();
  await cleanup();
});

/** The station started again on `port` (same data, same secret), its hub holding `events`. */
async function restart(port: number, secret: string, events: UiEvent[]): Promise<void> {
  const cfg = loadConfig({ env: { STATION_DATA_DIR: path.join(root, 'data'), STATION_BARCODE_WORKERS: '1' }, cwd: path.join(root, 'data') });
  const station = openStationContext(cfg);
  closeSecond = () => station.close();
  second = await buildUiApp(station, { guard: createUiGuard(secret) });
  for (const e of events) second.hub.publish(e);
  await second.app.listen({ host: '127.0.0.1', port });
  second.guard.setPort(port);
}

const page = (seq: number) => ({ event: 'page' as const, seq, page: `p${seq}.jpg`, fate: 'document', document: '84513/27.09.2021', lag: 0 });

describe('the event stream across a station restart', () => {
  it('a page reconnecting to a new process reads its stream from the first event', async () => {
    const ui = first!;
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await tab.goto(`${ui.base}/#cheie=${ui.secret}`);
    ui.hub.publish({ event: 'runner', state: 'scanning', batchId: 'LOT-VECHI' });
    ui.hub.publish({ event: 'batch-start', batchId: 'LOT-VECHI', resumed: false, replayedFiles: 0 });
    for (let seq = 0; seq < 6; seq++) ui.hub.publish(page(seq));
    await tab.getByRole('heading', { name: 'Lotul LOT-VECHI' }).waitFor();
    await expect.poll(async () => tab.getByTestId('processed').textContent()).toBe('6');

    // the station goes away (every connection dropped) and comes back on the same address, with a run of its own
    const port = ui.port;
    ui.app.server.closeAllConnections();
    await ui.close();
    first = undefined;
    await restart(port, ui.secret, [
      { event: 'runner', state: 'scanning', batchId: 'LOT-NOU' },
      { event: 'batch-start', batchId: 'LOT-NOU', resumed: false, replayedFiles: 0 },
      page(0),
      page(1),
    ]);
    await tab.getByRole('heading', { name: 'Lotul LOT-NOU' }).waitFor();
    await expect.poll(async () => tab.getByTestId('processed').textContent()).toBe('2');
    await tab.screenshot({ path: path.join(ARTIFACTS, 'station-events-restart.png'), fullPage: true });

    // once more, and this time the station has no run: what the page knew of LOT-NOU is not shown as current
    second!.app.server.closeAllConnections();
    await second!.app.close();
    closeSecond!();
    await restart(port, ui.secret, [{ event: 'runner', state: 'idle', batchId: null }]);
    await tab.getByRole('heading', { name: 'Lotul LOT-NOU' }).waitFor({ state: 'detached' });
    await tab.getByRole('button', { name: 'Pornește scanarea' }).waitFor();
    await tab.close();
  }, 180_000);
});

/**
 * «Loturi» follows the station's background sender in real headless Chromium (real registry server
 * in-process, real HTTP on loopback): a report left waiting by a registry outage is shown as waiting;
 * the registry comes back, the background sender delivers it, and the page the clerk is looking at
 * shows it delivered (gone from «Rapoarte netrimise», the batch «raportat») with no reload and no
 * button pressed. Two pages open on «Loturi»: «Trimite din nou» in one (the registry down) shows the
 * failed attempt in the other; the line it said («Netrimis încă…») is replaced once the background
 * sender delivers the report («Între timp, raportul lotului … a ajuns la registratură.»), never left
 * beside a list that says otherwise. The sender's time is its injected clock and its wake-up, never
 * the wall clock. Screenshots go to test-artifacts/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deliverNow } from '../../../station/src/cli/station-context.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { deliveryRo } from '../../../station/src/report/delivery-words.ts';
import type { UiEvent } from '../../../station/src/web/event-hub.ts';
import { openBatches } from '../../support/browser-suite.ts';
import { splitSummary, summaryDocument } from '../../support/registry-app.ts';
import { useStationWithRegistry } from '../../support/station-registry-suite.ts';
import { ARTIFACTS } from '../../support/ui-harness.ts';

const STATION = 'ghiseu-1';
const HOUR = 3_600_000;
/** How far the background sender's clock is ahead of the wall clock. */
let ahead = 0;
// the sender sleeps an hour between passes: it runs when the test wakes it, not when the wall clock says
const suite = useStationWithRegistry('ui-outbox-live-', { stationName: STATION, backgroundSender: { now: () => new Date(Date.now() + ahead), pollMs: HOUR } });

describe('«Loturi» while the station delivers the outbox on its own', () => {
  it('a waiting report is shown delivered once the background sender delivers it, without a reload', async () => {
    expect(suite.ui.sender()).not.toBeNull();
    await suite.registry.stop(); // the registry goes down (its data stays)

    // a batch ends during the outage: its report waits in the outbox (as scan-runner delivers it at the end)
    const summary = splitSummary('LOT-ASTEAPTA', [summaryDocument('84520/27.09.2021', 2)]);
    suite.ui.station.journal.start({ id: 'LOT-ASTEAPTA', kind: 'split', outDir: path.join(suite.ui.station.cfg.dataDir, 'loturi', 'LOT-ASTEAPTA'), workDir: null, options: {} });
    suite.ui.station.journal.complete('LOT-ASTEAPTA', JSON.stringify(summary), () => suite.ui.station.outbox.enqueue('LOT-ASTEAPTA', batchReportFrom(summary, STATION)));
    expect(deliveryRo(await deliverNow(suite.ui.station), 'web')).toContain('Raportul nu a putut fi trimis');

    const page = await openBatches(suite.browser, suite.ui);
    const outbox = page.getByRole('table', { name: 'Rapoarte netrimise' });
    const waiting = outbox.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'LOT-ASTEAPTA' }) });
    await waiting.getByText('în așteptare').waitFor();
    const batchState = page.getByRole('table', { name: 'Loturile stației, cele mai noi primele' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'LOT-ASTEAPTA' }) });
    await batchState.getByText('în coada de trimitere').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-live-waiting.png'), fullPage: true });
    // the same document all along: a reload (or a navigation) would lose this mark
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    // the registry is back on the same address; the report's retry time passes on the sender's clock and its
    // sleep ends: the sender delivers it, and the clerk presses nothing
    await suite.restartRegistry();
    ahead = HOUR;
    suite.ui.sender()!.wake();

    await page.getByText('Niciun raport nu așteaptă trimiterea.').waitFor();
    await batchState.getByText('raportat').waitFor();
    expect(await page.getByRole('table', { name: 'Rapoarte netrimise' }).count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(suite.ui.station.outbox.get('LOT-ASTEAPTA')!.deliveredAt).not.toBeNull();
    expect(suite.registry.count('SELECT COUNT(*) FROM batches WHERE batch_id = ?', 'LOT-ASTEAPTA')).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-live-delivered.png'), fullPage: true });
    await page.close();
  });

  it('«Trimite din nou» in one page shows in the other and wakes the sender; its line is replaced when the sender delivers the report', async () => {
    // the sender's clock an hour ahead: a report a failed attempt puts off is due for it at once
    ahead = HOUR;
    await suite.registry.stop();
    const summary = splitSummary('LOT-NOTA', [summaryDocument('84521/27.09.2021', 1)]);
    suite.ui.station.journal.start({ id: 'LOT-NOTA', kind: 'split', outDir: path.join(suite.ui.station.cfg.dataDir, 'loturi', 'LOT-NOTA'), workDir: null, options: {} });
    suite.ui.station.journal.complete('LOT-NOTA', JSON.stringify(summary), () => suite.ui.station.outbox.enqueue('LOT-NOTA', batchReportFrom(summary, STATION)));

    const [acting, watching] = [await openBatches(suite.browser, suite.ui), await openBatches(suite.browser, suite.ui)];
    const waitingRow = (page: Page) => page.getByRole('table', { name: 'Rapoarte netrimise' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'LOT-NOTA' }) });
    for (const page of [acting, watching]) await waitingRow(page).getByText('Așteaptă trimiterea.').waitFor();
    await watching.evaluate(() => Object.assign(window, { sameDocument: true }));

    // the app's 'outbox' events from now on; the sender's own pass after the click (woken: it sleeps an hour otherwise)
    // turns its clock an hour back as it is said, so that it sleeps again (not a pass every 200 ms while the registry is down)
    const events: UiEvent[] = [];
    let senderPassed!: () => void;
    const senderPass = new Promise<void>((resolve) => (senderPassed = resolve));
    const off = suite.ui.hub.subscribe(({ data }) => {
      if (data.event !== 'outbox') return;
      events.push(data);
      if (data.queued.length === 0 && data.failed.includes('LOT-NOTA')) {
        ahead = -HOUR;
        senderPassed();
      }
    });

    // the registry is down: the attempt fails, the acting page says so, the other one shows the attempts and why (old code: unchanged)
    await waitingRow(acting).getByRole('button', { name: 'Trimite din nou raportul lotului LOT-NOTA' }).click();
    const notice = acting.getByRole('status').filter({ hasText: /registratur/ });
    await notice.getByText('Niciun raport nu a ajuns la registratură. Netrimis încă: 1 raport; motivul este scris în listă.').waitFor();
    await senderPass; // old code: the sender slept its hour
    off();
    // one event for «Trimite din nou» (queued, tried, failed), then the sender's own attempt
    expect(events.slice(0, 2)).toEqual([
      { event: 'outbox', queued: ['LOT-NOTA'], delivered: [], failed: ['LOT-NOTA'], requeued: [], pending: 1, at: expect.any(String) },
      { event: 'outbox', queued: [], delivered: [], failed: ['LOT-NOTA'], requeued: [], pending: 1, at: expect.any(String) },
    ]);
    await waitingRow(watching).getByText('Serverul registraturii nu răspunde (rețeaua sau serverul este oprit).').waitFor();
    await waitingRow(watching).getByRole('cell', { name: '2', exact: true }).waitFor(); // «Încercări»: the clerk's and the sender's
    expect(suite.ui.station.outbox.get('LOT-NOTA')).toMatchObject({ attempts: 2, deliveredAt: null });
    await notice.getByText('Niciun raport nu a ajuns la registratură. Netrimis încă: 1 raport; motivul este scris în listă.').waitFor(); // still true
    await acting.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-notice-not-sent.png'), fullPage: true });

    // the registry is back, the report's time comes on the sender's clock, its sleep ends: it delivers the report.
    // The acting page's list reads again: its line no longer says «Netrimis» (old code: it did, above «Niciun raport…»)
    await suite.restartRegistry();
    ahead = HOUR;
    suite.ui.sender()!.wake();
    for (const page of [acting, watching]) await page.getByText('Niciun raport nu așteaptă trimiterea.').waitFor();
    await notice.getByText('Între timp, raportul lotului LOT-NOTA a ajuns la registratură.', { exact: true }).waitFor();
    expect(await acting.getByText(/Netrimis încă/).count()).toBe(0);
    expect(await watching.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(suite.ui.station.outbox.get('LOT-NOTA')!.deliveredAt).not.toBeNull();
    await acting.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-notice-replaced.png'), fullPage: true });
    await acting.close();
    await watching.close();
  });
});

/**
 * «Loturi» follows what another program of the station does with the outbox (`station sync --watch`
 * beside `station ui` over one journal: a second connection to the same journal file, its own outbox and
 * batch journal): the report it was sending («se trimite acum») goes from the list once it delivered it,
 * a report it queued appears, one the registry refused says so, the report it held when it was killed no longer
 * says «se trimite acum» (its claim ended with nothing committed) — all without a reload (the web app looks
 * at the journal, outbox-watch.ts, and sends its pages the 'outbox' event). Real registry on loopback,
 * real HTTP, real headless Chromium, the app's real clock (its checks every 2 s; the test waits for what
 * the clerk would see, up to the browser's generous wait); the screenshots go to test-artifacts/.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createBatchJournal } from '../../../station/src/journal/batch-journal.ts';
import type { JournalDb } from '../../../station/src/journal/open-journal.ts';
import type { Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { openBatches } from '../../support/browser-suite.ts';
import { splitSummary, summaryDocument } from '../../support/registry-app.ts';
import { useOtherProgram, useStationWithRegistry } from '../../support/station-registry-suite.ts';
import { ARTIFACTS } from '../../support/ui-harness.ts';

const STATION = 'ghiseu-1';
const ELSEWHERE = 'Se trimite chiar acum din alt program al stației.';
const suite = useStationWithRegistry('ui-outbox-changed-elsewhere-', { stationName: STATION });

/** The other program of the station (station sync --watch): its own connection to the journal file, its outbox. */
const otherProgram = useOtherProgram(suite);

/** A batch ended in the journal of `db` (this app's or the other program's), its report queued in the same transaction. */
function finishedBatch(db: JournalDb, outbox: Outbox, batchId: string, id: string): void {
  const summary = splitSummary(batchId, [summaryDocument(id, 2)]);
  const journal = createBatchJournal(db);
  journal.start({ id: batchId, kind: 'split', outDir: path.join(suite.ui.station.cfg.dataDir, 'loturi', batchId), workDir: null, options: {} });
  journal.complete(batchId, JSON.stringify(summary), () => outbox.enqueue(batchId, batchReportFrom(summary, STATION)));
}

const outboxRow = (page: Page, batchId: string) => page.getByRole('table', { name: 'Rapoarte netrimise' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });
const batchRow = (page: Page, batchId: string) => page.getByRole('table', { name: 'Loturile stației, cele mai noi primele' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });

describe('«Loturi» while another program of the station changes the outbox', () => {
  it('its report delivered goes from the list, one it queued appears, one refused says so: no reload', async () => {
    const { station } = suite.ui;
    finishedBatch(station.db, station.outbox, 'LOT-ALT-PROGRAM', '84512/27.09.2021');
    finishedBatch(station.db, station.outbox, 'LOT-ASTEAPTA', '84513/27.09.2021');
    // station sync --watch claims it: it is sending it now
    expect(otherProgram.outbox.claim('LOT-ALT-PROGRAM', new Date())).toMatchObject({ batchId: 'LOT-ALT-PROGRAM' });

    const page = await openBatches(suite.browser, suite.ui);
    const sending = outboxRow(page, 'LOT-ALT-PROGRAM');
    await sending.getByText(ELSEWHERE).waitFor();
    expect(await sending.getByRole('cell').nth(2).innerText()).toBe('se trimite acum');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-changed-elsewhere-before.png'), fullPage: true });
    // a mark only this loaded page carries: a reload would lose it
    await page.evaluate(() => void ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // the other program delivers it, as its sender does (the outcome recorded, its claim released)
    expect(otherProgram.outbox.markDelivered('LOT-ALT-PROGRAM', new Date(), STATION)).toBe(true);
    // old page: «se trimite acum» stays until the clerk reloads
    await sending.waitFor({ state: 'detached' });
    await batchRow(page, 'LOT-ALT-PROGRAM').getByText('raportat').waitFor();
    expect(await outboxRow(page, 'LOT-ASTEAPTA').getByRole('cell').nth(2).innerText()).toBe('în așteptare');

    // the other program ends a batch of its own: its report appears in the queue, the batch in «Loturi»
    finishedBatch(otherProgram.db, otherProgram.outbox, 'LOT-DIN-ALT-PROGRAM', '84514/27.09.2021');
    await outboxRow(page, 'LOT-DIN-ALT-PROGRAM').waitFor();
    await batchRow(page, 'LOT-DIN-ALT-PROGRAM').getByText('în coada de trimitere').waitFor();

    // the registry refuses the other program's report for its content
    expect(otherProgram.outbox.claim('LOT-DIN-ALT-PROGRAM', new Date())).not.toBeNull();
    expect(otherProgram.outbox.markAttention('LOT-DIN-ALT-PROGRAM', 'VALIDATION_FAILED: documents/0/pages must be >= 1', [{ path: 'documents/0/pages', reason: 'must be >= 1' }])).toBe(true);
    await outboxRow(page, 'LOT-DIN-ALT-PROGRAM').getByRole('cell', { name: 'refuzat de server' }).waitFor();

    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-changed-elsewhere.png'), fullPage: true });
    await page.close();
  }, 180_000);

  it('its program killed while sending (no outcome written, nothing committed): «se trimite acum» ends without a reload', async () => {
    const { station } = suite.ui;
    finishedBatch(station.db, station.outbox, 'LOT-PROGRAM-OPRIT', '84515/27.09.2021');
    // `station sync --watch`, a real process of this computer, holds its claim (written by the other connection)
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    onTestFinished(() => void holder.kill('SIGKILL'));
    await once(holder, 'spawn');
    // the app has seen the claim (its 'outbox' event) before the page opens: the page's next read is for what comes after
    const claimSeen = new Promise<void>((resolve) => {
      const off = suite.ui.hub.subscribe((e) => {
        if (e.data.event === 'outbox') resolve(off());
      });
    });
    otherProgram.db.prepare("UPDATE outbox SET claimed_by = ?, claim_until = ? WHERE batch_id = 'LOT-PROGRAM-OPRIT'")
      .run(`${holder.pid}@${hostname()}/00000000-0000-0000-0000-00000000b2b2`, new Date(Date.now() + station.outbox.leaseMs).toISOString());
    await claimSeen;

    const page = await openBatches(suite.browser, suite.ui);
    const row = outboxRow(page, 'LOT-PROGRAM-OPRIT');
    await row.getByText(ELSEWHERE).waitFor();
    expect(await row.getByRole('cell').nth(2).innerText()).toBe('se trimite acum');
    await page.evaluate(() => void ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    holder.kill('SIGKILL');
    await once(holder, 'exit');
    // old watch: the journal unchanged, the page kept «se trimite acum» until the clerk reloaded it
    await row.getByRole('cell', { name: 'în așteptare' }).waitFor();
    expect(await row.getByText(ELSEWHERE).count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-holder-killed.png'), fullPage: true });
    await page.close();
  }, 180_000);
});

/**
 * The batches page's outbox in real headless Chromium against a real registry server (in-process,
 * real HTTP on loopback): a report the server refuses for its content is shown as refused, with
 * the server's problems and what to do; a revoked station key is said in words a clerk understands;
 * «Trimite din nou» sends one report or all; and a report sent again from one page is shown sent by
 * another page open on «Loturi», with no reload (the station's 'outbox' event). Screenshots go to
 * test-artifacts/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { openBatches } from '../../support/browser-suite.ts';
import { REGISTRY_ADMIN_TOKEN, splitSummary, summaryDocument } from '../../support/registry-app.ts';
import { useStationWithRegistry } from '../../support/station-registry-suite.ts';
import { ARTIFACTS } from '../../support/ui-harness.ts';

const STATION = 'ghiseu-1';
const suite = useStationWithRegistry('ui-outbox-', { stationName: STATION });

const report = (batchId: string, id: string) => batchReportFrom(splitSummary(batchId, [summaryDocument(id, 2)]), STATION);

/** A finished batch in the station's journal, its report put in the outbox as the batch completes. */
function finishedBatch(batchId: string, payload: unknown): void {
  const { journal, outbox } = suite.ui.station;
  journal.start({ id: batchId, kind: 'split', outDir: path.join(suite.ui.station.cfg.dataDir, 'loturi', batchId), workDir: null, options: { duplex: false, removeBlank: false, genericSeparators: [] } });
  journal.complete(batchId, JSON.stringify(splitSummary(batchId, [summaryDocument('84512/27.09.2021', 2)])), () => outbox.enqueue(batchId, payload));
}

const row = (page: Page, batchId: string) => page.getByRole('table', { name: 'Rapoarte netrimise' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });

describe('the outbox on the batches page', () => {
  // first: the next case revokes the station's key
  it('«Trimite din nou» in one page: another page open on «Loturi» shows the report sent, without a reload', async () => {
    finishedBatch('LOT-DOUA-PAGINI', report('LOT-DOUA-PAGINI', '84515/27.09.2021'));
    const [acting, watching] = [await openBatches(suite.browser, suite.ui), await openBatches(suite.browser, suite.ui)];
    for (const page of [acting, watching]) await row(page, 'LOT-DOUA-PAGINI').getByText('în așteptare').waitFor();
    const batchRow = watching.getByRole('table', { name: 'Loturile stației, cele mai noi primele' }).getByRole('row').filter({ has: watching.getByRole('rowheader', { name: 'LOT-DOUA-PAGINI' }) });
    await batchRow.getByText('în coada de trimitere').waitFor();
    // the same document all along: a reload (or a navigation) would lose this mark
    await watching.evaluate(() => Object.assign(window, { sameDocument: true }));

    await row(acting, 'LOT-DOUA-PAGINI').getByRole('button', { name: 'Trimite din nou raportul lotului LOT-DOUA-PAGINI' }).click();
    await acting.getByRole('status').getByText('Trimis la registratură: 1 raport.').waitFor();

    // the other page, untouched: its list and the batch's state follow (old code: they stayed as they were)
    await watching.getByText('Niciun raport nu așteaptă trimiterea.').waitFor();
    await batchRow.getByText('raportat').waitFor();
    expect(await watching.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await watching.getByRole('status').filter({ hasText: 'Trimis la registratură' }).count()).toBe(0); // the notice is the acting page's
    expect(suite.ui.station.outbox.get('LOT-DOUA-PAGINI')!.deliveredAt).not.toBeNull();
    await watching.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-other-page.png'), fullPage: true });
    await acting.close();
    await watching.close();
  }, 180_000);

  it('shows what the server refused and why, in plain words, and sends again', async () => {
    finishedBatch('LOT-BUN', report('LOT-BUN', '84512/27.09.2021'));
    const bad = report('LOT-GRESIT', '84513/27.09.2021');
    finishedBatch('LOT-GRESIT', { ...bad, documents: bad.documents.map((d) => ({ ...d, pages: -3 })) });

    const page = await openBatches(suite.browser, suite.ui);
    await row(page, 'LOT-GRESIT').getByText('Așteaptă trimiterea.').waitFor();
    // the list asked again after «Trimite din nou»: what was sent is not said yet beside the list from before
    const sentSaid = page.getByRole('status').filter({ hasText: /^Trimis la registratură/ });
    const saidBeforeList: number[] = [];
    await page.route('**/api/outbox', async (route) => {
      saidBeforeList.push(await sentSaid.count());
      await route.continue();
    });
    await page.getByRole('button', { name: 'Trimite din nou toate rapoartele' }).click();
    await sentSaid.getByText('Trimis la registratură: 1 raport. Netrimis încă: 1 raport; motivul este scris în listă.').waitFor();
    await page.unroute('**/api/outbox');
    // the first list asked after the click (the page's own, or the one the station's 'outbox' event asks) is asked before anything is said
    expect(saidBeforeList[0]).toBe(0);
    expect(suite.ui.station.outbox.get('LOT-BUN')!.deliveredAt).not.toBeNull();
    expect(await row(page, 'LOT-BUN').count()).toBe(0); // the list shown with the message is the one after the sending

    // refused for its content: said so, with the server's problems and what to do; not retried on its own
    const refused = row(page, 'LOT-GRESIT');
    await refused.getByText('refuzat de server').waitFor();
    expect(await refused.textContent()).toContain('Serverul a refuzat raportul: datele lui nu sunt complete sau corecte');
    expect(await refused.textContent()).toContain('Un raport refuzat nu se mai trimite singur.');
    expect(await refused.getByRole('list', { name: 'Problemele găsite de server în raportul lotului LOT-GRESIT' }).getByRole('listitem').count()).toBeGreaterThan(0);
    await page.getByText('Un raport a fost refuzat de server și așteaptă o decizie.').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-refused.png'), fullPage: true });

    // the administrator revokes the station's key: the next report waits, and the clerk is told why
    const revoke = await fetch(`${suite.registry.base}/api/stations/${STATION}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${REGISTRY_ADMIN_TOKEN}` } });
    expect(revoke.status).toBeLessThan(300);
    finishedBatch('LOT-DOI', report('LOT-DOI', '84514/27.09.2021'));
    await page.getByRole('link', { name: 'Scanare' }).click();
    await page.getByRole('link', { name: 'Loturi' }).click();
    await row(page, 'LOT-DOI').getByRole('button', { name: 'Trimite din nou raportul lotului LOT-DOI' }).click();
    await page.getByRole('status').getByText('Niciun raport nu a ajuns la registratură. Netrimis încă: 1 raport; motivul este scris în listă.').waitFor();
    const waiting = row(page, 'LOT-DOI');
    await waiting.getByText('Serverul nu recunoaște stația: cheia stației este greșită sau a fost retrasă.').waitFor();
    expect(await waiting.textContent()).toContain('în așteptare');
    expect(await waiting.textContent()).toContain('Cereți administratorului o cheie nouă');
    expect(suite.ui.station.outbox.get('LOT-DOI')).toMatchObject({ deliveredAt: null, attentionAt: null, attempts: 1 });
    expect(suite.ui.station.outbox.get('LOT-GRESIT')).toMatchObject({ deliveredAt: null, attentionAt: expect.any(String), attempts: 1 }); // one report retried, not the others
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-revoked.png'), fullPage: true });
    await page.close();
  }, 180_000);
});

/**
 * The outbox changes the web app makes besides «Trimite din nou», said to every page open: a batch's
 * end (its report queued and delivered) and corrections saved on the review page (the corrected
 * report queued, tried) each publish one 'outbox' event with what they did, and «Loturi» open in
 * another page follows with no reload; the review page's line on the corrected report's delivery is
 * replaced once the report is delivered from another page. Real station app and registry on loopback, a real batch of
 * the sample's pages read from a folder, real headless Chromium. Screenshots go to test-artifacts/.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import type { StampedEvent, UiEvent } from '../../../station/src/web/event-hub.ts';
import { FILES_SOURCE } from '../../../station/src/web/scan-request.ts';
import { openBatches, openBatchReview } from '../../support/browser-suite.ts';
import { REPO_ROOT } from '../../support/split-run.ts';
import { useStationWithRegistry } from '../../support/station-registry-suite.ts';
import { ARTIFACTS } from '../../support/ui-harness.ts';

const STATION = 'ghiseu-1';
const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
const suite = useStationWithRegistry('ui-outbox-corrections-', { stationName: STATION });
let batchId: string;

/** The app's 'outbox' events while `act` runs (and until it settles). */
async function outboxEventsOf(act: () => Promise<void>): Promise<UiEvent[]> {
  const events: UiEvent[] = [];
  const off = suite.ui.hub.subscribe(({ data }: StampedEvent) => {
    if (data.event === 'outbox') events.push(data);
  });
  try {
    await act();
  } finally {
    off();
  }
  return events;
}

describe('the outbox changed by a batch and by corrections, said to every page', () => {
  it('a batch ends: its report queued and delivered, said in one event', async () => {
    const truth = JSON.parse(await readFile(path.join(SAMPLE, 'truth.json'), 'utf8')) as Truth;
    const folder = path.join(suite.root, 'scanate');
    await mkdir(folder, { recursive: true });
    for (const i of truth.images) await copyFile(path.join(SAMPLE, i.file), path.join(folder, i.file));
    const events = await outboxEventsOf(async () => {
      ({ batchId } = await suite.ui.runner.start({
        driver: FILES_SOURCE, request: { device: folder, source: 'adf', resolution: 300, mode: 'gray', options: {} },
        duplex: false, removeBlank: false, separators: [], outDir: path.join(suite.root, 'documente'),
      }));
      await suite.ui.runner.idle();
    });
    expect(suite.ui.station.outbox.get(batchId)!.deliveredAt).not.toBeNull();
    // old code: none (the pages learnt of it at the background sender's next pass)
    expect(events).toEqual([{ event: 'outbox', queued: [batchId], delivered: [batchId], failed: [], requeued: [], pending: 0, at: expect.any(String) }]);
  }, 120_000);

  it('corrections saved in one page: «Loturi» open in another shows the corrected report waiting, without a reload', async () => {
    await suite.registry.stop(); // the corrected report cannot go out: it waits, and the other page must show it

    const watching = await openBatches(suite.browser, suite.ui);
    const batchRow = watching.getByRole('table', { name: 'Loturile stației, cele mai noi primele' }).getByRole('row').filter({ has: watching.getByRole('rowheader', { name: batchId }) });
    await batchRow.getByText('raportat').waitFor();
    await watching.getByText('Niciun raport nu așteaptă trimiterea.').waitFor();
    await watching.evaluate(() => Object.assign(window, { sameDocument: true }));

    const acting = await openBatchReview(suite.browser, suite.ui, batchId);
    const events = await outboxEventsOf(async () => {
      await acting.getByRole('button', { name: 'Pagina 2', exact: true }).click();
      await acting.getByRole('button', { name: 'Rotește 90°' }).click();
      await acting.getByRole('button', { name: 'Salvează corecturile' }).click();
      await acting.getByRole('status').getByText(/Corecturile au fost salvate: versiunea 2/).waitFor();
    });
    expect(await acting.getByRole('status').filter({ hasText: /Corecturile au fost salvate/ }).textContent()).toContain('Raportul nu a putut fi trimis');
    // one event: version 2 queued, its delivery failed (old code: none)
    expect(events).toEqual([{ event: 'outbox', queued: [batchId], delivered: [], failed: [batchId], requeued: [], pending: 1, at: expect.any(String) }]);

    // the other page, untouched, follows: the batch's report waits again, in the queue's list (old code: «raportat», empty queue)
    const waiting = watching.getByRole('table', { name: 'Rapoarte netrimise' }).getByRole('row').filter({ has: watching.getByRole('rowheader', { name: batchId }) });
    await waiting.getByText('Serverul registraturii nu răspunde (rețeaua sau serverul este oprit).').waitFor();
    await batchRow.getByText('în coada de trimitere').waitFor();
    expect(await watching.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(suite.ui.station.outbox.get(batchId)).toMatchObject({ deliveredAt: null, attempts: 1 });
    await watching.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-corrections-other-page.png'), fullPage: true });
    await acting.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-corrections-saved.png'), fullPage: true });

    // the registry is back: «Trimite din nou» in the page that watched; the corrected report is the registry's version 2
    await suite.restartRegistry();
    await waiting.getByRole('button', { name: `Trimite din nou raportul lotului ${batchId}` }).click();
    await watching.getByRole('status').getByText('Trimis la registratură: 1 raport.').waitFor();
    await batchRow.getByText('raportat').waitFor();
    expect(suite.ui.station.outbox.get(batchId)!.deliveredAt).not.toBeNull();
    // the review page, untouched since its save: its batch reads «raportat», and its line no longer says the report
    // stays in the queue (old page: «Raportul nu a putut fi trimis… Rămâne în coadă» beside «Stare: raportat»)
    const saved = acting.getByRole('status').filter({ hasText: /Corecturile au fost salvate/ });
    await saved.getByText(`Corecturile au fost salvate: versiunea 2 a lotului. Documentele modificate au fost rescrise. Între timp, raportul lotului ${batchId} a ajuns la registratură.`).waitFor();
    await acting.getByText(/^Stare: raportat/).waitFor();
    expect(await saved.textContent()).not.toContain('Rămâne în coadă');
    await acting.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-corrections-then-sent.png'), fullPage: true });
    await acting.close();
    await watching.close();
  }, 180_000);
});

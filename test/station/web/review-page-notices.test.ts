/**
 * What the review page says beside the batch: why the batch's report has not reached the registry, in
 * «Loturi»'s words (outbox-words.ts) — refused by the server with what it found wrong, or failing to
 * leave; nothing once it is delivered — and a batch whose summary.json was damaged, named, where the
 * page said «Se încarcă…» for ever. Real station app on loopback (a registry address where nothing answers), real
 * batches of the sample's pages read from a folder, real journal and outbox, real headless Chromium;
 * screenshots go to test-artifacts/.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import { FILES_SOURCE } from '../../../station/src/web/scan-request.ts';
import { openBatchReview } from '../../support/browser-suite.ts';
import { REPO_ROOT } from '../../support/split-run.ts';
import { useStationWithUnreachableRegistry } from '../../support/station-registry-suite.ts';
import { ARTIFACTS } from '../../support/ui-harness.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
const suite = useStationWithUnreachableRegistry('ui-report-reason-', { stationName: 'ghiseu-1' });

/** A real batch of the sample's pages, read from a folder of its own: its id (its report is queued, the registry never answers). */
async function scannedBatch(name: string): Promise<string> {
  const truth = JSON.parse(await readFile(path.join(SAMPLE, 'truth.json'), 'utf8')) as Truth;
  const folder = path.join(suite.root, name);
  await mkdir(folder, { recursive: true });
  for (const i of truth.images) await copyFile(path.join(SAMPLE, i.file), path.join(folder, i.file));
  const { batchId } = await suite.ui.runner.start({
    driver: FILES_SOURCE, request: { device: folder, source: 'adf', resolution: 300, mode: 'gray', options: {} },
    duplex: false, removeBlank: false, separators: [], outDir: path.join(suite.root, `${name}-documente`),
  });
  await suite.ui.runner.idle();
  return batchId;
}

const REGION = 'Raportul lotului către registratură';

describe('the review page says why the batch\'s report has not reached the registry', () => {
  it('refused by the server: why, what it found wrong, and where «Trimite din nou» is (the link opens «Loturi»)', async () => {
    const batchId = await scannedBatch('refuzat');
    expect(suite.ui.station.outbox.markAttention(batchId, 'VALIDATION_FAILED: Serverul a refuzat raportul (400)', [{ path: 'documents[0].department', reason: 'structura „Urbanism 2” nu există' }])).toBe(true);
    const page = await openBatchReview(suite.browser, suite.ui, batchId);
    const region = page.getByRole('region', { name: REGION });
    await region.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-report-refused.png'), fullPage: true });
    expect(await region.textContent()).toContain('Raportul lotului nu a ajuns la registratură. Serverul a refuzat raportul: datele lui nu sunt complete sau corecte');
    const problems = region.getByRole('list', { name: `Problemele găsite de server în raportul lotului ${batchId}` });
    expect(await problems.getByRole('listitem').allTextContents()).toEqual(['documents[0].department: structura „Urbanism 2” nu există']);
    // the server's own words reach the clerk only as its problem list, never as the reason
    expect(await region.textContent()).not.toContain('(400)');
    await region.getByRole('link', { name: 'Loturi' }).click();
    await page.getByRole('heading', { name: 'Coada de trimitere' }).waitFor();
    expect(page.url()).toMatch(/#\/loturi$/);
    await page.close();
  }, 180_000);

  it('failing to leave (the registry does not answer): why, no problem list; delivered: nothing', async () => {
    const batchId = await scannedBatch('asteapta');
    // the background sender's own attempt, or this one: the registry's address answers nothing
    suite.ui.station.outbox.markFailed(batchId, 'SERVER_UNREACHABLE: connect ECONNREFUSED', new Date(Date.now() + 3_600_000));
    const page = await openBatchReview(suite.browser, suite.ui, batchId);
    const region = page.getByRole('region', { name: REGION });
    await region.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-report-waiting.png'), fullPage: true });
    expect(await region.textContent()).toContain('Serverul registraturii nu răspunde (rețeaua sau serverul este oprit).');
    expect(await region.getByRole('list').count()).toBe(0);
    expect(await region.textContent()).not.toContain('ECONNREFUSED');
    // delivered meanwhile (another program of the station): the page read again says nothing of it
    expect(suite.ui.station.outbox.markDelivered(batchId, new Date(), 'ghiseu-1')).toBe(true);
    await page.reload();
    await page.getByText(/Stare: raportat/).waitFor();
    expect(await page.getByRole('region', { name: REGION }).count()).toBe(0);
    await page.close();
  }, 180_000);
});

describe('the review page and a damaged summary', () => {
  it('says the summary is damaged, naming it, instead of «Se încarcă…» for ever; the batch stays listed', async () => {
    const batchId = await scannedBatch('deteriorat');
    const summaryFile = path.join(suite.ui.station.journal.get(batchId)!.outDir, 'summary.json');
    const text = await readFile(summaryFile, 'utf8');
    await writeFile(summaryFile, text.slice(0, Math.floor(text.length / 2))); // cut short, as a disk failure or a hand edit leaves it
    const page = await openBatchReview(suite.browser, suite.ui, batchId);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-damaged-summary.png'), fullPage: true });
    expect(await alert.textContent()).toBe(`Rezumatul lotului ${batchId} („${summaryFile}”) este deteriorat și nu poate fi citit, așa că lotul nu poate fi corectat. Anunțați administratorul stației.`);
    expect(await page.getByText('Se încarcă…').count()).toBe(0);
    await page.close();
  }, 180_000);
});

/**
 * The scan page in real headless Chromium against the real station web app: a batch scanned
 * from the browser through real scanimage (SANE's `test` backend), live counters and thumbnails,
 * then the batches page and the review page; and a jam through sane-airscan and the eSCL
 * emulator, resumed with «Continuă» from the dialog. Screenshots go to test-artifacts/.
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithTruth } from '../../../station/src/cli/demo-command.ts';
import { useBrowserSuite } from '../../support/browser-suite.ts';
import { startEsclEmulator, writeAirscanConfig } from '../../support/escl-emulator.ts';
import { loadSample, summaryOf } from '../../support/scan-results.ts';
import { REPO_ROOT } from '../../support/split-run.ts';
import { ARTIFACTS, startUi, type RunningUi } from '../../support/ui-harness.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
let browser: Browser;
let root: string;
let n = 0;
const suite = useBrowserSuite('ui-scan-'); // a station app and an emulator per case, closed after it
beforeAll(() => void ({ browser, root } = suite));

async function openStation(env: NodeJS.ProcessEnv = {}): Promise<{ page: Page; ui: RunningUi; dataDir: string }> {
  const dataDir = path.join(root, `case${++n}`, 'data');
  const ui = suite.ui = await startUi(dataDir, env);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
  await page.goto(`${ui.base}/#cheie=${ui.secret}`);
  await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();
  return { page, ui, dataDir };
}

describe('scanning from the browser', () => {
  it('SANE test backend: pick the scanner, start, watch pages and thumbnails arrive; the batch is in Loturi and opens for review', async () => {
    const { page, ui: station, dataDir } = await openStation();
    expect(page.url()).not.toContain('cheie='); // the secret leaves the address bar
    await page.getByRole('button', { name: 'Caută scanere' }).click();
    await page.getByRole('combobox', { name: 'Scaner', exact: true }).getByRole('option', { name: /test:0/ }).waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Scaner', exact: true }).selectOption('test:0');
    await page.getByLabel('Rezoluție (dpi)').getByRole('option', { name: '50', exact: true }).waitFor({ state: 'attached' }); // the scanner's own list
    await page.getByLabel('Alimentare').selectOption('adf');
    await page.getByLabel('Rezoluție (dpi)').selectOption('50');
    await page.getByLabel('Mod culoare').selectOption('gray');
    await page.getByLabel('Numele profilului').fill('Registratură test 50 dpi');
    await page.getByRole('button', { name: 'Salvează profilul' }).click();
    await page.getByText('Profilul «Registratură test 50 dpi» a fost salvat.').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-form.png'), fullPage: true });

    await page.getByRole('button', { name: 'Pornește scanarea' }).click();
    await page.getByText(/Lot încheiat: 10 pagini/).waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('scanned').textContent()).toBe('10');
    expect(await page.getByTestId('processed').textContent()).toBe('10');
    const thumbs = page.getByRole('list', { name: 'Ultimele pagini scanate' }).locator('img');
    await expect.poll(() => thumbs.count(), { timeout: 30_000 }).toBe(10);
    await expect.poll(() => thumbs.first().evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-done.png'), fullPage: true });

    const batchId = station.runner.state().batchId!;
    const s = await summaryOf(path.join(dataDir, 'loturi', batchId));
    expect(s.pagesIn).toBe(10);
    // thumbnails were written during the batch, from the pipeline's own preview
    expect(station.station.journal.get(batchId)!.status).toBe('completed');

    await page.getByRole('link', { name: 'Loturi' }).click();
    const row = page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });
    await row.waitFor();
    expect(await row.textContent()).toContain('sane: test:0');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-batches.png'), fullPage: true });

    await row.getByRole('link', { name: 'Verifică' }).click();
    await page.getByRole('heading', { name: `Verificare lot ${batchId}` }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review.png'), fullPage: true });
    await page.getByRole('button', { name: 'Pagina 1', exact: true }).dblclick();
    const viewer = page.getByRole('dialog', { name: 'Pagina mărită' });
    await viewer.getByRole('img', { name: 'Pagina 1' }).waitFor();
    await expect.poll(() => viewer.getByRole('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.keyboard.press('ArrowRight');
    await viewer.getByRole('img', { name: 'Pagina 2' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-page-view.png') });
    await page.close();
  }, 240_000);

  it('eSCL emulator with a jam after page 5: the dialog says what to do, «Continuă» finishes the same batch whole', async () => {
    const { truth, pages } = await loadSample('simplex-symbologies');
    const caseDir = path.join(root, `case${n + 1}`);
    const emulator = suite.emulator = await startEsclEmulator({ pages, resolutions: [truth.dpi], jamAfterPage: 5, pagesWrittenUnder: path.join(caseDir, 'data', 'batches') });
    const saneDir = await writeAirscanConfig(path.join(caseDir, 'sane.d'), emulator.url);
    const { page, ui: station, dataDir } = await openStation({ SANE_CONFIG_DIR: saneDir });
    await page.getByRole('button', { name: 'Caută scanere' }).click();
    const scanner = page.getByRole('combobox', { name: 'Scaner', exact: true });
    await scanner.getByRole('option', { name: /airscan:e0:Emulator/ }).waitFor({ state: 'attached' });
    await scanner.selectOption('airscan:e0:Emulator');
    await page.getByLabel('Rezoluție (dpi)').getByRole('option', { name: String(truth.dpi), exact: true }).waitFor({ state: 'attached' });
    await page.getByLabel('Rezoluție (dpi)').selectOption(String(truth.dpi));
    await page.getByRole('button', { name: 'Pornește scanarea' }).click();

    const dialog = page.getByRole('dialog', { name: 'Scanerul s-a oprit' });
    await dialog.waitFor({ timeout: 120_000 });
    expect(await dialog.textContent()).toContain('Hârtia s-a blocat');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-jam-dialog.png') });
    emulator.clearJam();
    await dialog.getByRole('button', { name: 'Continuă' }).click();
    await page.getByText(new RegExp(`Lot încheiat: ${pages.length} pagini`)).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-jam-resumed.png'), fullPage: true });

    const batchId = station.runner.state().batchId!;
    const s = await summaryOf(path.join(dataDir, 'loturi', batchId));
    expect(compareWithTruth(s, truth)).toEqual([]);

    // the review page shows the documents with their pages, and the separators apart with their barcode
    await page.getByRole('link', { name: 'Verifică lotul' }).click();
    await page.getByRole('heading', { name: `Verificare lot ${batchId}` }).waitFor();
    for (const d of truth.documents) await page.getByRole('article', { name: `Documentul ${d.id}` }).waitFor();
    const separators = page.getByRole('list', { name: 'Separatoare' }).getByRole('listitem');
    expect(await separators.count()).toBe(s.separatorPages);
    expect(await separators.first().textContent()).toContain(truth.documents[0]!.id);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-escl.png'), fullPage: true });
    await page.getByRole('button', { name: 'Pagina 2', exact: true }).dblclick();
    const viewer = page.getByRole('dialog', { name: 'Pagina mărită' });
    await expect.poll(() => viewer.getByRole('img', { name: 'Pagina 2' }).evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-page-view-escl.png') });
    await page.close();
  }, 240_000);
  it('«Oprește» pauses the batch with its pages; Loturi shows it paused and «Continuă scanarea» finishes it whole', async () => {
    const { truth, pages } = await loadSample('simplex-symbologies');
    const caseDir = path.join(root, `case${n + 1}`);
    // the feeder stops after 4 sheets (a clerk stops while the scanner waits), then goes on when released
    const emulator = suite.emulator = await startEsclEmulator({ pages, resolutions: [truth.dpi], holdAfterPage: 4, pagesWrittenUnder: path.join(caseDir, 'data', 'batches') });
    const saneDir = await writeAirscanConfig(path.join(caseDir, 'sane.d'), emulator.url);
    const { page, ui: station, dataDir } = await openStation({ SANE_CONFIG_DIR: saneDir });
    await page.getByRole('button', { name: 'Caută scanere' }).click();
    await page.getByRole('combobox', { name: 'Scaner', exact: true }).getByRole('option', { name: /airscan:e0:Emulator/ }).waitFor({ state: 'attached' });
    await page.getByLabel('Rezoluție (dpi)').getByRole('option', { name: String(truth.dpi), exact: true }).waitFor({ state: 'attached' });
    await page.getByLabel('Rezoluție (dpi)').selectOption(String(truth.dpi));
    await page.getByRole('button', { name: 'Pornește scanarea' }).click();
    await expect.poll(async () => Number(await page.getByTestId('processed').textContent()), { timeout: 120_000 }).toBe(4);
    await page.getByRole('button', { name: /Oprește/ }).click();
    await page.getByText(/este în pauză, cu toate paginile scanate/).waitFor({ timeout: 60_000 });
    const batchId = station.runner.state().batchId!;
    expect(station.station.journal.get(batchId)!.status).toBe('paused');
    // sheets the scanner had pulled but not finished go back on the feeder, as the clerk would do
    await emulator.settled(); // the stopped scanimage's last requests are answered or dropped: delivered() is final
    const kept = (await readdir(path.join(dataDir, 'batches', batchId, 'pages'))).filter((f) => /^page-\d+\.pnm$/.test(f)).length;
    expect(kept).toBe(4);
    emulator.putBack(pages.slice(kept, emulator.delivered()));
    emulator.release();

    await page.getByRole('link', { name: 'Loturi' }).click();
    const row = page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });
    await row.getByText('în pauză').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-batches-paused.png'), fullPage: true });
    await row.getByRole('button', { name: 'Continuă scanarea' }).click();
    // the pause's own message may still be on the page until the resumed run's first event reaches it: another alert ends the wait
    const outcome = page.getByText(/Lot încheiat: \d+ pagini/).or(page.locator('.live [role="alert"]').filter({ hasNotText: /este în pauză/ }));
    await outcome.waitFor({ timeout: 120_000 });
    expect(await outcome.textContent()).toMatch(new RegExp(`Lot încheiat: ${pages.length} pagini`));
    const s = await summaryOf(path.join(dataDir, 'loturi', batchId));
    expect(compareWithTruth(s, truth)).toEqual([]);
    await page.close();
  }, 240_000);
  it('files already scanned: a folder split as `station split` does, followed live; the files stay where they are', async () => {
    const { truth } = await loadSample('simplex-symbologies');
    const folder = path.join(root, `scanate${n}`);
    await mkdir(folder, { recursive: true });
    for (const img of truth.images) await copyFile(path.join(SAMPLE, img.file), path.join(folder, img.file));
    const { page, ui: station, dataDir } = await openStation();
    await page.getByRole('radio', { name: 'Fișiere deja scanate' }).check();
    await page.getByLabel('Dosarul cu fișierele scanate').fill(folder);
    await page.getByRole('button', { name: 'Pornește scanarea' }).click();
    await page.getByText(new RegExp(`Lot încheiat: ${truth.images.length} pagini, ${truth.documents.length} documente`)).waitFor({ timeout: 120_000 });
    const batchId = station.runner.state().batchId!;
    const s = await summaryOf(path.join(dataDir, 'loturi', batchId));
    expect(compareWithTruth(s, truth)).toEqual([]);
    expect((await readdir(folder)).sort()).toEqual(truth.images.map((i) => i.file).sort());
    expect(station.station.journal.get(batchId)).toMatchObject({ kind: 'split', status: 'completed' });
    await page.close();
  }, 240_000);
});

/**
 * A label-separated batch stopped from the browser and resumed from «Loturi» is split the way it
 * was begun (the station's own configuration says `sheet`): every setting `station scan --resume`
 * restores, the separation included. Real watched folder, real Chromium; the review page then says
 * how each document was started. Screenshots go to test-artifacts/.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { labelledPage } from '../../support/make-labels.ts';
import { contentPage, toJpeg, type GrayCanvas } from '../../support/make-pages.ts';
import { checkSummary } from '../../support/split-run.ts';
import { dropInto, useWatchedFolderUi } from '../../support/browser-suite.ts';
import { ARTIFACTS, type RunningUi } from '../../support/ui-harness.ts';

let browser: Browser;
let ui: RunningUi;
let folder: string;
const suite = useWatchedFolderUi('ui-resume-label-'); // separation: sheet (the default)
beforeAll(() => void ({ browser, ui, folder } = suite));

/** Drops a page into the watched folder the way a scanner does: written aside, then renamed in. */
async function drop(name: string, page: Promise<GrayCanvas>): Promise<void> {
  await dropInto(folder, name, await toJpeg(await page, 85));
}

const label = (value: string) => ({ value, modulePx: 3 });

describe('resuming a paused label batch from the batches page', () => {
  it('keeps --separation label: labels start documents and stay their first pages, before and after the pause', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await page.goto(`${ui.base}/#cheie=${ui.secret}`);
    await page.getByRole('radio', { name: /Dosar urmărit/ }).check();
    await page.getByLabel('Dosarul urmărit').fill(folder);
    await page.getByLabel('Cum începe un document').selectOption('label');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-form-label.png'), fullPage: true });
    await page.getByRole('button', { name: 'Pornește scanarea' }).click();
    await page.getByRole('button', { name: /Oprește/ }).waitFor();

    await drop('p01.jpg', labelledPage(300, 1, label('84512/27.09.2021')));
    await drop('p02.jpg', contentPage(300, 2));
    await drop('p03.jpg', labelledPage(300, 3, label('1203/28.09.2021')));
    await expect.poll(async () => Number(await page.getByTestId('processed').textContent()), { timeout: 120_000 }).toBe(3);
    await page.getByRole('button', { name: /Oprește/ }).click();
    await page.getByText(/este în pauză, cu toate paginile scanate/).waitFor({ timeout: 60_000 });
    const batchId = ui.runner.state().batchId!;
    expect(ui.station.journal.get(batchId)).toMatchObject({ status: 'paused', options: { separation: 'label' } });

    // more pages arrive while the batch waits; the clerk resumes it from «Loturi»
    await drop('p04.jpg', contentPage(300, 4));
    await drop('p05.jpg', labelledPage(300, 5, label('77/29.09.2021')));
    await page.getByRole('link', { name: 'Loturi' }).click();
    const row = page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });
    await row.getByText('în pauză').waitFor();
    await row.getByRole('button', { name: 'Continuă scanarea' }).click();
    await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();
    await expect.poll(async () => Number(await page.getByTestId('processed').textContent()), { timeout: 120_000 }).toBe(5);
    await page.getByRole('button', { name: 'Încheie lotul' }).click();
    const ended = page.getByText(/Lot încheiat: \d+ pagini/);
    await ended.waitFor({ timeout: 120_000 });
    expect(await ended.textContent()).toMatch(/^Lot încheiat: 5 pagini, 3 documente, 0 separatoare/);

    const outDir = ui.station.journal.get(batchId)!.outDir;
    const s = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary;
    await checkSummary(outDir, s);
    expect(s.options).toMatchObject({ separation: 'label' });
    expect(s.documents.map((d) => [d.id, d.startedBy, d.pages])).toEqual([
      ['84512/27.09.2021', 'label', 2],
      ['1203/28.09.2021', 'label', 2],
      ['77/29.09.2021', 'label', 1],
    ]);
    expect([s.pagesIn, s.separatorPages, s.unassigned]).toEqual([5, 0, null]);

    // the review page says how the batch was split and how each document began
    await page.getByRole('link', { name: 'Verifică lotul' }).click();
    await page.getByRole('heading', { name: `Verificare lot ${batchId}` }).waitFor();
    await page.getByText('Documentele încep la etichetele de înregistrare (pagina etichetată rămâne în document).').waitFor();
    expect(await page.getByRole('article', { name: 'Documentul 1203/28.09.2021' }).textContent()).toContain('început de eticheta de pe pagina 3');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-label.png'), fullPage: true });
    await page.close();
  }, 300_000);
});

/**
 * A watched-folder batch paused («Oprește») and resumed («Continuă scanarea») from the web app ends
 * with every warning of its whole life, each once: a copy of a page already taken and a note that is
 * not a page, both named before the pause, are in summary.json, on the scan page after the resume and
 * on the batch's page. The review page of the batch while it runs (no summary yet) lists the warnings
 * so far. Real watched folder, real journal, real Chromium; screenshots go to test-artifacts/.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { SKIPPED_FILE_ADVICE } from '../../../station/src/inputs/expand-inputs.ts';
import { contentPage, separatorPage, toJpeg } from '../../support/make-pages.ts';
import { dropInto, openBatchReview, useWatchedFolderUi } from '../../support/browser-suite.ts';
import { ARTIFACTS, type RunningUi, startWatchedFolderBatch } from '../../support/ui-harness.ts';

let browser: Browser;
let ui: RunningUi;
let folder: string;
const suite = useWatchedFolderUi('ui-resume-warnings-');
beforeAll(() => void ({ browser, ui, folder } = suite));

const TAKEN = 'Fișierul „copie-p02.jpg” a fost deja preluat într-un lot (același conținut); nu a fost preluat din nou și a fost mutat în arhivă.';
const SKIPPED = `Fișierul „lista-zilei.txt” din dosarul urmărit nu este o imagine sau un PDF și nu a fost preluat. ${SKIPPED_FILE_ADVICE}`;
const heading = (n: number) => `Atenție: ${n} ${n === 1 ? 'avertisment' : 'avertismente'} pentru acest lot`;
const LIVE_WARNINGS_LABEL = 'Avertismentele lotului'; // the scan page's live region for them

/** The scan page's warnings once its live region lists `n` of them. */
async function liveWarnings(page: Page, n: number): Promise<string[]> {
  const region = page.getByRole('log', { name: LIVE_WARNINGS_LABEL }).getByRole('region', { name: heading(n) });
  await region.waitFor({ timeout: 120_000 });
  return region.getByRole('listitem').allTextContents();
}

describe('a watched-folder batch paused and resumed keeps the warnings of its whole life', () => {
  it('in summary.json, on the scan page after the resume and on the review page, running and ended', async () => {
    const page = await startWatchedFolderBatch(browser, ui, folder);

    const p02 = await toJpeg(await contentPage(300, 2), 85);
    await dropInto(folder, 'p01.jpg', await toJpeg(await separatorPage(300, { value: '84512/27.09.2021', format: 'Code128' }), 85));
    await dropInto(folder, 'p02.jpg', p02);
    await expect.poll(async () => Number(await page.getByTestId('processed').textContent()), { timeout: 120_000 }).toBe(2);
    // the same content again under another name, then a note: each named as it comes
    await dropInto(folder, 'copie-p02.jpg', p02);
    expect(await liveWarnings(page, 1)).toEqual([TAKEN]);
    await dropInto(folder, 'lista-zilei.txt', new TextEncoder().encode('lista de azi'));
    expect(await liveWarnings(page, 2)).toEqual([TAKEN, SKIPPED]);
    const batchId = ui.runner.state().batchId!;

    // the batch's review page while it runs (no summary yet): the warnings so far
    const running = await openBatchReview(browser, ui, batchId);
    const onRunning = running.getByRole('region', { name: heading(2) });
    await onRunning.waitFor({ timeout: 60_000 });
    expect(await onRunning.getByRole('listitem').allTextContents()).toEqual([TAKEN, SKIPPED]);
    await running.screenshot({ path: path.join(ARTIFACTS, 'station-review-running-warnings.png'), fullPage: true });
    await running.close();

    // «Oprește»: paused with its pages; then «Continuă scanarea» from «Loturi» (a new run, a new folder driver)
    await page.getByRole('button', { name: /Oprește/ }).click();
    await page.getByText(/este în pauză, cu toate paginile scanate/).waitFor({ timeout: 60_000 });
    await ui.runner.idle();
    expect(ui.station.journal.get(batchId)!.status).toBe('paused');
    await page.getByRole('link', { name: 'Loturi' }).click();
    const row = page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });
    await row.getByText('în pauză').waitFor();
    await row.getByRole('button', { name: 'Continuă scanarea' }).click();
    await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();
    await dropInto(folder, 'p03.jpg', await toJpeg(await contentPage(300, 3), 85));
    // 3 pages processed: the resumed run's events (its earlier warnings are said before its first page) have reached the page
    await expect.poll(async () => Number(await page.getByTestId('processed').textContent()), { timeout: 120_000 }).toBe(3);
    expect(await liveWarnings(page, 2)).toEqual([TAKEN, SKIPPED]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-resumed-warnings.png'), fullPage: true });

    await page.getByRole('button', { name: 'Încheie lotul' }).click();
    await page.getByText(/Lot încheiat: \d+ pagini/).waitFor({ timeout: 120_000 });
    const s = JSON.parse(await readFile(path.join(ui.station.journal.get(batchId)!.outDir, 'summary.json'), 'utf8')) as SplitSummary;
    expect(s.pagesIn).toBe(3);
    // each warning once, though the note was still in the folder when the resumed run looked again
    expect(s.warnings.filter((w) => w.code === 'FILE_ALREADY_TAKEN' || w.code === 'INPUT_SKIPPED')).toEqual([
      { code: 'FILE_ALREADY_TAKEN', message: TAKEN },
      { code: 'INPUT_SKIPPED', message: SKIPPED },
    ]);

    const ended = await openBatchReview(browser, ui, batchId);
    const onEnded = ended.getByRole('region', { name: heading(2) });
    await onEnded.waitFor();
    expect(await onEnded.getByRole('listitem').allTextContents()).toEqual([TAKEN, SKIPPED]);
    await ended.screenshot({ path: path.join(ARTIFACTS, 'station-review-resumed-warnings.png'), fullPage: true });
    await ended.close();
    await page.close();
  }, 400_000);
});

/**
 * A watched-folder batch run from the web app tells the clerk what the folder left out, as `station
 * scan` does: a file that is not a page, dropped among the pages, is named live on the scan page and,
 * once the batch ends, in its summary.json and on the batch's page — the same Romanian words.
 * Real watched folder, real Chromium; screenshots go to test-artifacts/.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { SKIPPED_FILE_ADVICE } from '../../../station/src/inputs/expand-inputs.ts';
import { contentPage, separatorPage, toJpeg } from '../../support/make-pages.ts';
import { dropInto, useWatchedFolderUi } from '../../support/browser-suite.ts';
import { ARTIFACTS, type RunningUi, startWatchedFolderBatch } from '../../support/ui-harness.ts';

let browser: Browser;
let ui: RunningUi;
let folder: string;
const suite = useWatchedFolderUi('ui-folder-warnings-');
beforeAll(() => void ({ browser, ui, folder } = suite));

const SKIPPED = `Fișierul „lista-zilei.txt” din dosarul urmărit nu este o imagine sau un PDF și nu a fost preluat. ${SKIPPED_FILE_ADVICE}`;
const HEADING = 'Atenție: 1 avertisment pentru acest lot';
const LIVE_WARNINGS_LABEL = 'Avertismentele lotului'; // the scan page's live region for them

describe('a watched-folder batch from the web app names the file it left out', () => {
  it('live on the scan page, in summary.json and on the batch\'s page', async () => {
    const page = await startWatchedFolderBatch(browser, ui, folder);
    // the live region is on the page, empty, before the first warning (one that appears already filled is often not read out)
    const live = page.getByRole('log', { name: LIVE_WARNINGS_LABEL });
    await live.waitFor({ state: 'attached' });
    expect(await live.getAttribute('aria-live')).toBe('polite');
    expect(await live.innerHTML()).toBe('');

    await dropInto(folder, 'p01.jpg', await toJpeg(await separatorPage(300, { value: '84512/27.09.2021', format: 'Code128' }), 85));
    await dropInto(folder, 'lista-zilei.txt', new TextEncoder().encode('lista de azi'));
    await dropInto(folder, 'p02.jpg', await toJpeg(await contentPage(300, 2), 85));
    await expect.poll(async () => Number(await page.getByTestId('processed').textContent()), { timeout: 120_000 }).toBe(2);

    // then the warning inside that same region: under a heading, as a list
    const region = live.getByRole('region', { name: HEADING });
    await region.waitFor({ timeout: 60_000 });
    expect(await region.getByRole('listitem').allTextContents()).toEqual([SKIPPED]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-folder-warning.png'), fullPage: true });

    await page.getByRole('button', { name: 'Încheie lotul' }).click();
    await page.getByText(/Lot încheiat: \d+ pagini/).waitFor({ timeout: 120_000 });
    const batchId = ui.runner.state().batchId!;
    const s = JSON.parse(await readFile(path.join(ui.station.journal.get(batchId)!.outDir, 'summary.json'), 'utf8')) as SplitSummary;
    expect(s.warnings).toContainEqual({ code: 'INPUT_SKIPPED', message: SKIPPED });
    expect(s.pagesIn).toBe(2);

    await page.getByRole('link', { name: 'Verifică lotul' }).click();
    await page.getByRole('heading', { name: `Verificare lot ${batchId}` }).waitFor();
    const onBatch = page.getByRole('region', { name: HEADING });
    await onBatch.waitFor();
    expect(await onBatch.getByRole('listitem').allTextContents()).toEqual([SKIPPED]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-folder-warning.png'), fullPage: true });
    await page.close();
  }, 300_000);
});

/**
 * The review page of a batch still scanning, in real headless Chromium: documents and pages appear
 * as they arrive (no reload), corrections are disabled with the reason in Romanian while it scans
 * and while it is paused, and the same open page becomes editable when the batch ends (here ended
 * from the review page itself with the pages it has). Real watched folder, stopped from a second tab.
 */
import { copyFile, mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import { REPO_ROOT } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { ARTIFACTS, launchChromium, startUi, type RunningUi } from '../../support/ui-harness.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
let browser: Browser;
let ui: RunningUi;
let root: string;
let cleanup: () => Promise<void>;
let folder: string;
let truth: Truth;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('ui-review-live-'));
  folder = path.join(root, 'ghiseu1');
  await mkdir(folder, { recursive: true });
  await mkdir(ARTIFACTS, { recursive: true });
  truth = JSON.parse(await readFile(path.join(SAMPLE, 'truth.json'), 'utf8')) as Truth;
  ui = await startUi(path.join(root, 'data'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ui?.close();
  await cleanup();
});

/** The sample's pages `from`..`to` (1-based) dropped into the watched folder: written aside, renamed in. */
async function drop(from: number, to: number): Promise<void> {
  for (const img of truth.images.slice(from - 1, to)) {
    await copyFile(path.join(SAMPLE, img.file), path.join(folder, `.${img.file}.part`));
    await rename(path.join(folder, `.${img.file}.part`), path.join(folder, img.file));
  }
}

async function open(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
  await page.goto(`${ui.base}/#cheie=${ui.secret}`);
  await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();
  return page;
}

describe('the review page of a batch during scanning', () => {
  it('shows pages live and read-only while scanning or paused; editable once the batch has ended', async () => {
    const scan = await open();
    await scan.getByRole('radio', { name: /Dosar urmărit/ }).check();
    await scan.getByLabel('Dosarul urmărit').fill(folder);
    await scan.getByRole('button', { name: 'Pornește scanarea' }).click();
    await drop(1, 5);
    await expect.poll(async () => Number(await scan.getByTestId('processed').textContent()), { timeout: 120_000 }).toBe(5);
    const batchId = ui.runner.state().batchId!;

    // the clerk follows the batch in the review page (its own tab) while it scans
    const review = await open();
    await review.evaluate((id) => void (location.hash = `#/lot/${id}`), batchId);
    await review.getByRole('heading', { name: `Verificare lot ${batchId}` }).waitFor();
    const note = review.getByRole('note');
    expect(await note.textContent()).toBe('Lotul se scanează acum: documentele și paginile apar aici pe măsură ce sosesc. Corecturile se pot face după ce lotul se încheie.');
    const doc = (id: string) => review.getByRole('article', { name: `Documentul ${id}` }).getByRole('listitem');
    await expect.poll(() => doc('84512/27.09.2021').count()).toBe(2);
    await review.getByRole('button', { name: 'Pagina 2', exact: true }).click();
    await review.getByText('Pagina selectată: 2 — documentul 84512/27.09.2021').waitFor();
    expect(await review.getByRole('button', { name: 'Rotește 90°' }).isDisabled()).toBe(true);
    await review.keyboard.press('r'); // keys do not correct either
    expect(await review.getByText('Corecturi nesalvate (0)').count()).toBe(1);

    // more pages arrive: the open page shows them without a reload
    await drop(6, 10);
    await expect.poll(() => doc('84515/27.09.2021').count(), { timeout: 120_000 }).toBe(2);
    expect(await doc('84514/27.09.2021').count()).toBe(1);
    await review.screenshot({ path: path.join(ARTIFACTS, 'station-review-live.png'), fullPage: true });

    // stopped: paused, still read-only, with what to do
    await scan.getByRole('button', { name: /Oprește/ }).click();
    await note.getByText(/^Lotul este în pauză: documentele lui se scriu abia când lotul se încheie/).waitFor({ timeout: 60_000 });
    expect(await review.getByRole('button', { name: 'Rotește 90°' }).isDisabled()).toBe(true);
    await review.screenshot({ path: path.join(ARTIFACTS, 'station-review-paused.png') });

    // ended from the review page with the pages it has (the scanner is not asked for more): the same page becomes editable
    await review.getByRole('button', { name: 'Încheie lotul cu paginile scanate până acum' }).click();
    await scan.getByText(/Lot încheiat: 10 pagini, 4 documente/).waitFor({ timeout: 120_000 });
    expect(ui.station.journal.get(batchId)!.status).toBe('completed');

    await note.waitFor({ state: 'detached', timeout: 60_000 });
    await review.getByText(/^Stare: (în coada de trimitere|încheiat) · /).waitFor(); // the batch's state (the same line always says «încheiat —» of its end time)
    await review.getByRole('button', { name: 'Pagina 2', exact: true }).click();
    await review.getByRole('button', { name: 'Rotește 90°' }).click();
    await review.getByText('Corecturi nesalvate (1)').waitFor();
    await review.screenshot({ path: path.join(ARTIFACTS, 'station-review-after-scan.png'), fullPage: true });
    await scan.close();
    await review.close();
  }, 300_000);
});

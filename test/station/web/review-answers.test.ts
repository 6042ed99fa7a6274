/**
 * The review page asks the station again for the batch at each event and for the layout at each
 * correction: two requests of one kind on two connections, their answers in either order. In real
 * headless Chromium the first answer is held back until the newer one has been drawn, then let
 * through: the page keeps what is true now (a batch ended, not «se scanează»; version 2 after a
 * save, not version 1).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import { answersRead, countAnswersRead, holdFirstAnswer } from '../../support/page-answers.ts';
import { REPO_ROOT, runSplit } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { ARTIFACTS, launchChromium, rawRequest, startUi, type RunningUi } from '../../support/ui-harness.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
const batchId = 'lot-raspunsuri';
let browser: Browser;
let ui: RunningUi;
let root: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('ui-review-answers-'));
  const truth = JSON.parse(await readFile(path.join(SAMPLE, 'truth.json'), 'utf8')) as Truth;
  const dataDir = path.join(root, 'data');
  const borderou = path.join(root, 'borderou.csv');
  await writeFile(borderou, ['numar_inregistrare;structura', ...truth.documents.map((d) => `${d.id};Registratură`), ''].join('\n'));
  const inputs = truth.images.map((i) => path.join(SAMPLE, i.file));
  const r = await runSplit([...inputs, '--out', path.join(root, 'documente'), '--batch-id', batchId, '--borderou', borderou, '--separator-pattern', '^8451[235]/\\d{2}\\.\\d{2}\\.\\d{4}$'], { cwd: root, dataDir });
  expect(r.code).toBe(0);
  ui = await startUi(dataDir);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ui?.close();
  await cleanup();
});

/** A page that counts the answers its code has read, on «Loturi». */
async function onBatches(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
  await countAnswersRead(page);
  await page.goto(`${ui.base}/#cheie=${ui.secret}`);
  await page.getByRole('link', { name: 'Loturi' }).click();
  return page;
}
const openReview = (page: Page, id: string) =>
  page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: id }) }).getByRole('link', { name: 'Verifică' }).click();

describe('the review page keeps only the newest answer', () => {
  it('the batch asked again at each event: an older answer (still scanning) arriving last does not bring «se scanează» back', async () => {
    const folder = path.join(root, 'ghiseu1');
    await mkdir(folder, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await countAnswersRead(page);
    await page.goto(`${ui.base}/#cheie=${ui.secret}`);
    await page.getByRole('radio', { name: /Dosar urmărit/ }).check();
    await page.getByLabel('Dosarul urmărit').fill(folder);
    await page.getByRole('button', { name: 'Pornește scanarea' }).click();
    await page.getByRole('button', { name: /Oprește/ }).waitFor();
    // the runner names its batch before the batch is in the journal: «Loturi» lists it from then on
    await expect.poll(() => { const b = ui.runner.state().batchId; return b !== null && ui.station.journal.get(b) !== null; }).toBe(true);
    const id = ui.runner.state().batchId!;
    const detailPath = `/api/batches/${id}`;
    let asked = 0;
    page.on('request', (r) => void (new URL(r.url()).pathname === detailPath && asked++));
    const first = await holdFirstAnswer(page, (u) => u.pathname === detailPath);
    await page.getByRole('link', { name: 'Loturi' }).click();
    await openReview(page, id);
    await first.held; // the station's answer of that moment: the batch is scanning
    const headers = { host: `127.0.0.1:${ui.port}`, 'x-station-secret': ui.secret, 'content-type': 'application/json' };
    expect((await rawRequest(ui.port, 'POST', '/api/scan/end', headers, '{}')).status).toBeLessThan(300);
    await ui.runner.idle(); // the station's events of the end: the page asks again
    const stateLine = page.getByText(/^Stare: /);
    await page.getByText(/^Stare: (?!se scanează)/).waitFor();
    await page.getByText(/Lotul se scanează acum/).waitFor({ state: 'detached' }); // the runner's «idle» folded in too
    await first.release();
    await expect.poll(async () => (await answersRead(page, detailPath)) === asked && asked >= 2).toBe(true); // every answer asked, the held one too, read and drawn
    expect(await stateLine.textContent()).not.toMatch(/se scanează/);
    expect(await page.getByText(/Lotul se scanează acum/).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-newest-detail.png'), fullPage: true });
    await page.close();
  }, 240_000);

  it('the layout asked again at a correction: an older layout (version 1) arriving after the save does not cover version 2', async () => {
    const page = await onBatches();
    // every layout the page asks, from its first: the page asks again whenever the batch is asked again
    // (at each event, those of the stream replayed when the page connects too), so not only once before the hold
    const layoutPath = `/api/batches/${batchId}/layout`;
    let asked = 0;
    page.on('request', (r) => void (new URL(r.url()).pathname === layoutPath && asked++));
    await openReview(page, batchId);
    const stateLine = page.getByText(/^Stare: /);
    await page.getByText(/^Stare: .* · versiunea 1 · /).waitFor();
    const first = await holdFirstAnswer(page, (u) => u.pathname === layoutPath);
    await page.getByRole('button', { name: 'Pagina 7', exact: true }).click();
    await page.getByRole('button', { name: 'Rotește 90°' }).click();
    await first.held; // the layout of version 1 with that rotation, kept back
    await page.getByText('Corecturi nesalvate (1)').waitFor();
    await page.getByRole('button', { name: 'Salvează corecturile' }).click();
    await page.getByText(/Corecturile au fost salvate: versiunea 2 a lotului/).waitFor();
    await page.getByText(/^Stare: .* · versiunea 2 · /).waitFor();
    await first.release();
    // every layout asked read and drawn, the held one too
    await expect.poll(async () => (await answersRead(page, layoutPath)) === asked).toBe(true);
    expect(await stateLine.textContent()).toMatch(/ · versiunea 2 · /);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-newest-layout.png'), fullPage: true });
    await page.close();
  });
});

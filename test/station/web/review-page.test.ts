/**
 * The review page in real headless Chromium: a batch whose separator for 84514 was missed (its
 * sheet and page went into 84513) is corrected by the clerk — pick the page, take the number
 * from the borderou's missing entries, «Devine separator»; a rotation made by mistake is undone;
 * «Salvează corecturile» — then the PDFs, summary.json (version 2), the journal and the outbox
 * are checked on disk. Screenshots go to test-artifacts/.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { compareWithTruth } from '../../../station/src/cli/demo-command.ts';
import { createCorrectionsJournal } from '../../../station/src/journal/batch-corrections.ts';
import { openBatchReview } from '../../support/browser-suite.ts';
import { pdfinfo } from '../../support/pdf-tools.ts';
import { checkSummary, REPO_ROOT, runSplit } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { ARTIFACTS, launchChromium, startUi, type RunningUi } from '../../support/ui-harness.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
const pages = async (f: string) => Number((await pdfinfo(f)).Pages);
let browser: Browser;
let ui: RunningUi;
let root: string;
let cleanup: () => Promise<void>;
let truth: Truth;
let outDir: string;
const batchId = 'lot-verificat';

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('ui-review-'));
  truth = JSON.parse(await readFile(path.join(SAMPLE, 'truth.json'), 'utf8')) as Truth;
  const dataDir = path.join(root, 'data');
  outDir = path.join(root, 'documente');
  const borderou = path.join(root, 'borderou.csv');
  await writeFile(borderou, ['numar_inregistrare;structura', ...truth.documents.map((d, i) => `${d.id};${['Direcția Juridică', 'Urbanism', 'Registratură', 'Cabinet Primar'][i]}`), ''].join('\n'));
  const inputs = truth.images.map((i) => path.join(SAMPLE, i.file));
  const r = await runSplit([...inputs, '--out', outDir, '--batch-id', batchId, '--borderou', borderou, '--separator-pattern', '^8451[235]/\\d{2}\\.\\d{2}\\.\\d{4}$'], { cwd: root, dataDir });
  expect(r.code).toBe(0);
  ui = await startUi(dataDir);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ui?.close();
  await cleanup();
});

describe('the review page corrects a missed separator', () => {
  it('«Devine separator» with the number from the borderou, undo, «Salvează corecturile»: PDFs, summary v2, journal, outbox', async () => {
    const page = await openBatchReview(browser, ui, batchId);
    const doc84513 = page.getByRole('article', { name: 'Documentul 84513/27.09.2021' });
    await expect.poll(() => doc84513.getByRole('listitem').count()).toBe(3);
    expect(await page.getByRole('complementary').textContent()).toContain('84514/27.09.2021 (Registratură)'); // missing in the reconciliation
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-missed-separator.png'), fullPage: true });

    // every unsaved correction can be undone, in any order, and redone
    const pendingList = page.getByRole('list', { name: 'Corecturi nesalvate' });
    const pendingNow = async () => ((await page.getByText(/^Corecturi nesalvate \(\d+\)$/).count()) && (await pendingList.count()) ? (await pendingList.getByRole('listitem').allTextContents()).map((t) => t.replace(/ anulează$/, '')) : []);
    await page.getByRole('button', { name: 'Pagina 7', exact: true }).click();
    await page.getByRole('button', { name: 'Rotește 90°' }).click();
    await page.getByRole('button', { name: 'Pagina 9', exact: true }).click();
    await page.getByRole('button', { name: 'Rotește 90°' }).click();
    await page.getByRole('button', { name: 'Scoate pagina' }).click();
    await page.getByText('Corecturi nesalvate (3)').waitFor();
    expect(await pendingNow()).toEqual(['Pagina 7 rotită cu 90°', 'Pagina 9 rotită cu 90°', 'Pagina 9 scoasă (păstrată separat)']);
    await page.getByRole('heading', { name: 'Pagini scoase de operator (1)' }).waitFor();
    await page.getByRole('button', { name: 'Anulează ultima corectură' }).click();
    await page.getByText('Corecturi nesalvate (2)').waitFor(); // each undo seen before the next
    await page.getByRole('button', { name: 'Anulează ultima corectură' }).click();
    await page.getByText('Corecturi nesalvate (1)').waitFor();
    await page.getByRole('button', { name: 'Refă corectura anulată (2)' }).click();
    await page.getByText('Corecturi nesalvate (2)').waitFor();
    expect(await pendingNow()).toEqual(['Pagina 7 rotită cu 90°', 'Pagina 9 rotită cu 90°']);
    // the same from the keyboard: Ctrl+Z undoes, Ctrl+Y and Shift+U redo, u undoes
    await page.keyboard.press('Control+z');
    await page.getByText('Corecturi nesalvate (1)').waitFor();
    await page.keyboard.press('Control+y');
    await page.getByText('Corecturi nesalvate (2)').waitFor();
    await page.keyboard.press('Shift+U');
    await page.getByText('Corecturi nesalvate (3)').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-undo-stack.png'), fullPage: true });
    // the first one taken back alone: the others stay, applied again by the station
    await page.getByRole('button', { name: 'Anulează corectura 1' }).click();
    await page.getByText('Corecturi nesalvate (2)').waitFor();
    expect(await pendingNow()).toEqual(['Pagina 9 rotită cu 90°', 'Pagina 9 scoasă (păstrată separat)']);
    await page.getByRole('heading', { name: 'Pagini scoase de operator (1)' }).waitFor();
    await page.getByRole('button', { name: 'Anulează ultima corectură' }).click();
    await page.getByText('Corecturi nesalvate (1)').waitFor();
    await page.getByRole('button', { name: 'Anulează ultima corectură' }).click();
    await page.getByText('Corecturi nesalvate (0)').waitFor();
    await expect.poll(() => page.getByRole('heading', { name: /Pagini scoase de operator/ }).count()).toBe(0); // the layout comes back from the station
    // the same from the keyboard: → to the next page, r rotates, u undoes
    await page.getByRole('button', { name: 'Pagina 7', exact: true }).click();
    await page.keyboard.press('ArrowRight');
    await page.getByText('Pagina selectată: 9 — documentul 84515/27.09.2021').waitFor();
    await page.keyboard.press('r');
    await page.getByRole('list', { name: 'Corecturi nesalvate' }).getByText('Pagina 9 rotită cu 90°').waitFor();
    await page.keyboard.press('u');
    await page.getByText('Corecturi nesalvate (0)').waitFor();
    // n: the number field, then Enter makes a new document from the selected page
    await page.getByRole('button', { name: 'Pagina 3', exact: true }).click();
    await page.keyboard.press('n');
    await page.keyboard.type('84515/27.09.2021');
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Corecturi nesalvate' }).getByText('Document nou 84515/27.09.2021 de la pagina 3').waitFor();
    await page.getByRole('button', { name: 'Anulează ultima corectură' }).click();
    await page.getByText('Corecturi nesalvate (0)').waitFor();

    // page 6 is the separator sheet of 84514, read as content
    await page.getByRole('button', { name: 'Pagina 6', exact: true }).click();
    await page.getByText('Pagina selectată: 6 — documentul 84513/27.09.2021').waitFor();
    await page.getByLabel('Număr de înregistrare').fill('84514/27.09.2021');
    await page.getByRole('button', { name: 'Devine separator' }).click();
    await page.getByRole('article', { name: 'Documentul 84514/27.09.2021' }).waitFor();
    await expect.poll(() => doc84513.getByRole('listitem').count()).toBe(1);
    expect(await page.getByRole('list', { name: 'Corecturi nesalvate' }).textContent()).toContain('Pagina 6 devine separator pentru 84514/27.09.2021');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-separator-fixed.png'), fullPage: true }); // the README's picture

    // an id that is not a registration number is refused, in Romanian, and changes nothing
    await page.getByRole('button', { name: 'Pagina 7', exact: true }).click();
    await page.getByLabel('Număr de înregistrare').fill('cerere fără număr');
    await page.getByRole('button', { name: 'Devine separator' }).click();
    await page.getByRole('alert').getByText(/nu este un număr de înregistrare valid/).waitFor();
    await page.getByText('Corecturi nesalvate (1)').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-corrected.png'), fullPage: true });

    await page.getByRole('button', { name: 'Salvează corecturile' }).click();
    await page.getByRole('status').getByText(/Corecturile au fost salvate: versiunea 2/).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-saved.png'), fullPage: true });

    const s = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary & { version: number; corrections: { what: string }[] };
    await checkSummary(outDir, s);
    expect(compareWithTruth(s, truth)).toEqual([]);
    expect(s.version).toBe(2);
    expect(s.corrections.map((c) => c.what)).toEqual(['Pagina 6 devine separator pentru 84514/27.09.2021']);
    expect(s.reconciliation!.missing).toEqual([]);
    expect(await pages(path.join(outDir, '84513_27.09.2021.pdf'))).toBe(1);
    expect(await pages(path.join(outDir, '84514_27.09.2021.pdf'))).toBe(1);
    expect(await pages(path.join(outDir, 'versiuni', 'v1', '84513_27.09.2021.pdf'))).toBe(3);
    expect(createCorrectionsJournal(ui.station.db).list(batchId).map((c) => c.kind)).toEqual(['to-separator']);
    const report = ui.station.outbox.get(batchId)!.payload as { documents: { id: string; pages: number }[] };
    expect(report.documents.map((d) => [d.id, d.pages])).toEqual(truth.documents.map((d) => [d.id, d.pages.length]));
    // the page shows the saved batch: version 2 (its layout from the station, not the message about the save), four documents, nothing pending
    await page.getByText(/^Stare: .* · versiunea 2 · /).waitFor();
    await page.getByText('Corecturi nesalvate (0)').waitFor();
    await expect.poll(() => page.getByRole('article', { name: /^Documentul / }).count()).toBe(4);

    // the corrected batch's handover lists, from the batches page, open as PDFs
    await page.getByRole('link', { name: 'Loturi' }).click();
    await page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) }).getByRole('button', { name: 'Liste de predare' }).click();
    const lists = page.getByRole('region', { name: `Liste de predare pentru lotul ${batchId}` });
    await lists.getByRole('link', { name: 'Registratură' }).waitFor();
    const pdf = await page.request.get(ui.base + (await lists.getByRole('link', { name: 'Registratură' }).getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-batches-handover.png'), fullPage: true });
    await page.close();
  }, 240_000);

  it('«Schimbă numărul»: the document, its heading and its PDF link are named by the new number (screen readers too)', async () => {
    const page = await openBatchReview(browser, ui, batchId);
    const before = page.getByRole('article', { name: 'Documentul 84515/27.09.2021' });
    await before.getByRole('link', { name: 'PDF-ul documentului 84515/27.09.2021' }).waitFor();
    await before.getByRole('button').first().click();
    await page.getByLabel('Număr de înregistrare').fill('84512/28.09.2021');
    await page.getByRole('button', { name: 'Schimbă numărul documentului 84515/27.09.2021' }).click();
    await page.getByRole('list', { name: 'Corecturi nesalvate' }).getByText(/primește numărul 84512\/28\.09\.2021/).waitFor();
    await page.getByRole('button', { name: 'Salvează corecturile' }).click();
    const savedAs = page.getByRole('status').getByText(/Corecturile au fost salvate: versiunea \d+/);
    await savedAs.waitFor();
    const version = Number(/versiunea (\d+)/.exec((await savedAs.textContent())!)![1]);
    const after = page.getByRole('article', { name: 'Documentul 84512/28.09.2021' });
    await after.getByRole('heading', { name: /^84512\/28\.09\.2021/ }).waitFor();
    const link = after.getByRole('link', { name: 'PDF-ul documentului 84512/28.09.2021' });
    await link.waitFor();
    expect(await page.getByRole('link', { name: 'PDF-ul documentului 84515/27.09.2021' }).count()).toBe(0);
    expect(await link.getAttribute('href')).toContain('84512_28.09.2021.pdf');

    // renumbered to a number the batch has already: two documents of one number, each its own PDF, told apart
    await page.getByLabel('Număr de înregistrare').fill('84512/27.09.2021');
    await page.getByRole('button', { name: 'Schimbă numărul documentului 84512/28.09.2021' }).click();
    await page.getByRole('list', { name: 'Corecturi nesalvate' }).getByText(/primește numărul 84512\/27\.09\.2021/).waitFor(); // the correction is on the list the save sends
    await page.getByRole('button', { name: 'Salvează corecturile' }).click();
    await page.getByRole('status').getByText(`Corecturile au fost salvate: versiunea ${version + 1}`, { exact: false }).waitFor();
    const twins = page.getByRole('article', { name: 'Documentul 84512/27.09.2021' });
    await expect.poll(() => twins.count()).toBe(2);
    const s = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary;
    const files = s.documents.filter((d) => d.id === '84512/27.09.2021').map((d) => d.file!);
    expect(files).toHaveLength(2);
    expect(files[0]).not.toBe(files[1]);
    const names: string[] = [];
    for (const [i, file] of files.entries()) {
      const pdf = twins.nth(i).getByRole('link', { name: /^PDF-ul documentului 84512\/27\.09\.2021/ });
      expect(await pdf.getAttribute('href')).toContain(encodeURIComponent(file));
      names.push((await pdf.getAttribute('aria-label'))!);
    }
    expect(new Set(names).size).toBe(2); // a screen reader tells the two links apart
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-renumbered.png'), fullPage: true });
    await page.close();
  }, 240_000);
});

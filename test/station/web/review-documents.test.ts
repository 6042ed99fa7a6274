/**
 * The review page's documents in real headless Chromium: a batch split with generic separators
 * (documents numbered by the station, given the borderou's numbers in order) names each document by
 * the number it was given — the article, its heading and its PDF link agree; and keeps that number,
 * with its department, when the clerk moves its pages (the station's layout and the page follow one
 * rule: summary-document.ts), its PDF link gone until the correction is saved.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { REPO_ROOT, runSplit } from '../../support/split-run.ts';
import { openBatchReview, useSplitBatchUi } from '../../support/browser-suite.ts';
import { ARTIFACTS } from '../../support/ui-harness.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'generic-patcht');
const NUMBERS = ['84512/27.09.2021', '84513/27.09.2021', '84514/27.09.2021'];
let summary: SplitSummary;
const batchId = 'lot-generic';

const suite = useSplitBatchUi('ui-review-docs-', async (root, dataDir) => {
  const outDir = path.join(root, 'documente');
  const borderou = path.join(root, 'borderou.csv');
  await writeFile(borderou, ['numar_inregistrare;structura', ...NUMBERS.map((n) => `${n};Urbanism`), ''].join('\n'));
  const r = await runSplit([SAMPLE, '--out', outDir, '--batch-id', batchId, '--borderou', borderou, '--separator', 'PATCHT'], { cwd: root, dataDir });
  expect(r.code).toBe(0);
  summary = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary;
});

describe('the review page names a document by the number it was given', () => {
  it('article, heading, PDF link and department use the borderou\'s number, not the station\'s own id', async () => {
    // the station's own ids differ from the numbers given: what this checks
    expect(summary.documents.map((d) => d.assignedId)).toEqual(NUMBERS);
    expect(summary.documents.map((d) => d.id)).not.toEqual(NUMBERS);
    const page = await openBatchReview(suite.browser, suite.ui, batchId);
    for (const [i, n] of NUMBERS.entries()) {
      const doc = page.getByRole('article', { name: `Documentul ${n}` });
      await doc.waitFor();
      expect(await doc.getByRole('heading', { level: 3 }).textContent()).toMatch(new RegExp(`^${n.replace(/[./]/g, '\\$&')}`));
      const link = doc.getByRole('link', { name: `PDF-ul documentului ${n}` });
      expect(await link.getAttribute('href')).toContain(encodeURIComponent(summary.documents[i]!.file!));
      expect(await page.getByRole('article', { name: `Documentul ${summary.documents[i]!.id}` }).count()).toBe(0);
      // its department is the borderou's row for that number
      expect(await doc.textContent()).toContain('Urbanism');
      expect(await doc.textContent()).not.toContain('structură necunoscută');
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-generic-numbers.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('a page taken out of a numbered document: still named by its number, with its department, no PDF link until saved', async () => {
    const page = await openBatchReview(suite.browser, suite.ui, batchId);
    const doc = page.getByRole('article', { name: `Documentul ${NUMBERS[0]}` });
    const thumbs = doc.getByRole('button', { name: /^Pagina \d+$/ });
    await expect.poll(() => thumbs.count()).toBe(2);
    await thumbs.nth(1).click();
    await page.getByRole('button', { name: 'Scoate pagina' }).click();
    // the station's layout with the correction applied has reached the page: the document is marked changed
    await doc.getByText('modificat, nesalvat').waitFor({ timeout: 60_000 });
    expect(await thumbs.count()).toBe(1);
    expect(await doc.getByRole('heading', { level: 3 }).textContent()).toMatch(new RegExp(`^${NUMBERS[0]!.replace(/[./]/g, '\\$&')}`));
    expect(await doc.textContent()).toContain('Urbanism');
    expect(await doc.getByRole('link').count()).toBe(0); // its PDF still has the page taken out
    expect(await page.getByRole('article', { name: `Documentul ${summary.documents[0]!.id}` }).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-review-generic-moved.png'), fullPage: true });
    await page.close();
  }, 120_000);
});


/**
 * The review page's documents in real headless Chromium: a batch split with generic separators
 * (documents numbered by the station, given the borderou's numbers in order) names each document by
 * the number it was given — the article, its heading and its PDF link agree.
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
});

/**
 * The batch's page shows the summary's warnings in real headless Chromium: a batch split from a
 * folder holding a file that is not a page (the clerk's list of the day, say) tells the clerk, in
 * the terminal report's own words, which file was left out and what to do — under a heading a
 * screen reader lists, as a list.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { SKIPPED_FILE_ADVICE } from '../../../station/src/inputs/expand-inputs.ts';
import { romanianProblem } from '../../support/accessibility.ts';
import { openBatchReview, useSplitBatchUi } from '../../support/browser-suite.ts';
import { REPO_ROOT, runSplit } from '../../support/split-run.ts';
import { ARTIFACTS } from '../../support/ui-harness.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'generic-patcht');
const batchId = 'lot-cu-fisier-sarit';
let summary: SplitSummary;
let cliReport: string;

const suite = useSplitBatchUi('ui-batch-warnings-', async (root, dataDir) => {
  const inDir = path.join(root, 'ghiseu');
  await mkdir(inDir);
  for (const name of (await readdir(SAMPLE)).filter((n) => n.endsWith('.tif'))) await copyFile(path.join(SAMPLE, name), path.join(inDir, name));
  await writeFile(path.join(inDir, 'lista-zilei.txt'), 'lista de azi');
  const r = await runSplit(['ghiseu', '--out', 'documente', '--batch-id', batchId, '--separator', 'PATCHT'], { cwd: root, dataDir });
  expect(r.code).toBe(0);
  cliReport = r.stdout;
  summary = JSON.parse(await readFile(path.join(root, 'documente', 'summary.json'), 'utf8')) as SplitSummary;
});

describe('the batch\'s page shows the summary\'s warnings', () => {
  it('a file left out of the input folder is named on the page, with what to do, as the terminal report says it', async () => {
    const skipped = summary.warnings.find((w) => w.code === 'INPUT_SKIPPED');
    expect(skipped?.message).toBe(`Fișierul „lista-zilei.txt” din dosarul „ghiseu” nu este o imagine sau un PDF și nu a fost citit. ${SKIPPED_FILE_ADVICE}`);
    expect(cliReport).toContain(`Atenție:\n  - ${skipped!.message}`); // the same words on the terminal

    const page = await openBatchReview(suite.browser, suite.ui, batchId);

    // a heading a screen reader lists, naming the warnings, and the warnings as a list under it
    const region = page.getByRole('region', { name: 'Atenție: 1 avertisment pentru acest lot' });
    await region.getByRole('heading', { level: 2, name: 'Atenție: 1 avertisment pentru acest lot' }).waitFor();
    const items = region.getByRole('listitem');
    expect(await items.allTextContents()).toEqual([skipped!.message]);
    await page.getByText('Fișierul „lista-zilei.txt” din dosarul „ghiseu” nu este o imagine sau un PDF și nu a fost citit.', { exact: false }).waitFor();
    await page.getByText('Dacă trebuia să fie o pagină a lotului, salvați-o ca imagine', { exact: false }).waitFor();
    expect(romanianProblem(await region.innerText())).toBeNull();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-batch-warnings.png'), fullPage: true });
    await page.close();
  }, 120_000);
});

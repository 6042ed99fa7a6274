/**
 * The scan page in real headless Chromium: the clerk picks the day's borderou exported with a title
 * block above the table and prints its separator sheets. A header with a misnamed column under the
 * block is told on the page naming the file as picked and the line (not the station's copy of it),
 * and nothing is kept. Screenshots go to test-artifacts/.
 */
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportTable, titleBlock, utf8Bom } from '../../support/borderou-export.ts';
import { useBrowserSuite } from '../../support/browser-suite.ts';
import { ARTIFACTS, startUi } from '../../support/ui-harness.ts';

let browser: Browser;
let root: string;
const suite = useBrowserSuite('ui-title-block-');
beforeAll(() => void ({ browser, root } = suite));

describe('the scan page and a borderou with a title block', () => {
  it('a misnamed column under the title block: the page names the file as picked and line 9; nothing kept', async () => {
    const dataDir = path.join(root, 'data');
    const ui = suite.ui = await startUi(dataDir);
    const file = path.join(root, 'borderou 28.09.csv');
    await writeFile(file, utf8Bom([...titleBlock(',', false), ...exportTable(',', 'Compartiment')]));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await page.goto(`${ui.base}/#cheie=${ui.secret}`);
    await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();
    await page.getByLabel('Fișierul CSV al borderoului').setInputFiles(file);
    await page.getByRole('button', { name: 'Tipărește separatoarele' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Antetul de pe linia 9' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'Borderoul „borderou 28.09.csv”: Antetul de pe linia 9 nu are coloana obligatorie structura (Structura). Coloane nerecunoscute: „Nr. crt.”, „Petent”, „Compartiment”.');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-borderou-title-block-misnamed.png'), fullPage: true });
    expect(await readdir(path.join(dataDir, 'tmp')).catch(() => [])).toEqual([]);
    await page.close();
  });
});

/**
 * The station's program stopped under an open page (closed, the PC busy, a crash): the clerk's next
 * action says so in words a clerk can act on (reload; start the station's program again or call the
 * administrator), not a bare command or a network error. Real app on loopback, real Chromium.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../../support/browser-suite.ts';
import { ARTIFACTS, startUi } from '../../support/ui-harness.ts';

let browser: Browser;
let root: string;
const suite = useBrowserSuite('ui-offline-');
beforeAll(() => void ({ browser, root } = suite));

describe('the station\'s program stopped under an open page, or its page opened without its key', () => {
  it('«Caută scanere» says the program does not answer and what to do', async () => {
    const ui = await startUi(path.join(root, 'data'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await page.goto(`${ui.base}/#cheie=${ui.secret}`);
    await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();
    await ui.close();
    await page.getByRole('button', { name: 'Caută scanere' }).click();
    const said = page.getByText(/^Programul stației nu răspunde: s-a oprit sau calculatorul este foarte ocupat\. Reîncărcați pagina/);
    await said.waitFor();
    // a clerk starts the station from its icon (`station shortcut`), never from a terminal
    expect(await said.textContent()).toContain('porniți din nou stația cu pictograma «Stația de scanare» de pe Desktop sau anunțați administratorul');
    expect(await said.textContent()).not.toContain('station ui');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-offline.png'), fullPage: true });
    await page.close();
  });

  it('the page opened without the station\'s key (a bookmark, an address typed) says where to open it from, naming no command', async () => {
    const ui = await startUi(path.join(root, 'data-no-key'));
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
      await page.goto(`${ui.base}/`);
      await page.getByRole('heading', { name: 'Stația de scanare', level: 1 }).waitFor();
      // old code: «… de la adresa afișată de comanda station ui …»
      await page.getByText('Această adresă nu conține cheia stației. Deschideți stația din pictograma «Stația de scanare» de pe Desktop; dacă nu o găsiți, anunțați administratorul calculatorului.').waitFor();
      expect(await page.getByText('station ui').count()).toBe(0);
      await page.screenshot({ path: path.join(ARTIFACTS, 'station-no-key.png'), fullPage: true });
      await page.close();
    } finally {
      await ui.close();
    }
  });
});

/**
 * «Loturi» asks the station for its batches again at each event of a batch: two requests on two
 * connections, their answers in either order. In real headless Chromium, the first answer is held
 * back until the second has been shown: the page keeps the newer list, never the one from before.
 * And a paused batch resumed elsewhere (another tab) is shown scanning, without a reload, from its
 * first page on (real watched folder).
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { dropInto } from '../../support/browser-suite.ts';
import { contentPage, toJpeg } from '../../support/make-pages.ts';
import { answersRead, countAnswersRead, holdFirstAnswer } from '../../support/page-answers.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { ARTIFACTS, launchChromium, rawRequest, startUi, type RunningUi, startWatchedFolderBatch } from '../../support/ui-harness.ts';

let browser: Browser;
let ui: RunningUi;
let cleanup: () => Promise<void>;
let folder: string;

beforeAll(async () => {
  const tmp = await makeTempDir('ui-batches-');
  cleanup = tmp.cleanup;
  folder = path.join(tmp.dir, 'ghiseu1');
  await mkdir(folder, { recursive: true });
  ui = await startUi(path.join(tmp.dir, 'data'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ui?.close();
  await cleanup?.();
});

describe('the batches page', () => {
  it('an answer overtaken by a newer one does not bring the older list back', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await countAnswersRead(page);
    const first = await holdFirstAnswer(page, '**/api/batches');
    await page.goto(`${ui.base}/#cheie=${ui.secret}`);
    await page.getByRole('link', { name: 'Loturi' }).click();
    await first.held; // the station's answer of that moment: no batch yet
    ui.station.journal.start({ id: 'LOT-NOU', kind: 'split', outDir: path.join(ui.station.cfg.dataDir, 'loturi', 'LOT-NOU'), workDir: null, options: { duplex: false, removeBlank: false, genericSeparators: [] } });
    ui.hub.publish({ event: 'runner', state: 'idle', batchId: null }); // an event of the station: the page asks again
    const row = page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'LOT-NOU' }) });
    await row.waitFor();
    await first.release();
    await expect.poll(() => answersRead(page, '/api/batches')).toBe(2);
    expect(await row.count()).toBe(1);
    expect(await page.getByText('Niciun lot în jurnalul stației.').count()).toBe(0);
    await page.close();
  });

  it('a paused batch resumed from elsewhere is shown scanning as soon as it reads its first page, not «în pauză» until a document ends', async () => {
    const page = await startWatchedFolderBatch(browser, ui, folder);
    await dropInto(folder, 'p01.jpg', await toJpeg(await contentPage(300, 1), 85)); // a page of no document yet (no separator before it)
    await expect.poll(async () => Number(await page.getByTestId('processed').textContent()), { timeout: 120_000 }).toBe(1);
    await page.getByRole('button', { name: /Oprește/ }).click();
    await page.getByText(/este în pauză, cu toate paginile scanate/).waitFor();
    const batchId = ui.runner.state().batchId!;

    await page.getByRole('link', { name: 'Loturi' }).click();
    const row = page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });
    await row.getByText('în pauză').waitFor();
    const headers = { host: `127.0.0.1:${ui.port}`, 'x-station-secret': ui.secret, 'content-type': 'application/json' };
    expect((await rawRequest(ui.port, 'POST', '/api/scan/resume', headers, JSON.stringify({ batchId }))).status).toBe(202);
    await row.getByText('se scanează').waitFor(); // its page read again, no document ended: only that says it is running
    expect(await row.getByRole('button', { name: 'Continuă scanarea' }).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-batches-resumed-elsewhere.png'), fullPage: true });

    expect((await rawRequest(ui.port, 'POST', '/api/scan/end', headers, '{}')).status).toBeLessThan(300);
    await ui.runner.idle();
    await page.close();
  }, 240_000);
});

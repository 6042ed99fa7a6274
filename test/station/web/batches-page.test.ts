/**
 * «Loturi» asks the station for its batches again at each event of a batch: two requests on two
 * connections, their answers in either order. In real headless Chromium, the first answer is held
 * back until the second has been shown: the page keeps the newer list, never the one from before.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersRead, countAnswersRead, holdFirstAnswer } from '../../support/page-answers.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { launchChromium, startUi, type RunningUi } from '../../support/ui-harness.ts';

let browser: Browser;
let ui: RunningUi;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const tmp = await makeTempDir('ui-batches-');
  cleanup = tmp.cleanup;
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
});

/**
 * The scan page's «Cum se păstrează paginile» (issue 16, storage): the station's configured mode is
 * checked, the clerk picks another with the keyboard, and the batch is stored that way — also after
 * it was stopped and resumed from «Loturi», though the station's configuration says `original`
 * (the mode is kept in the journal with the batch). Real watched folder with colour scans, real
 * Chromium acting as the clerk; screenshots in test-artifacts/.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { colourCases, colourPageJpeg } from '../../../fixtures/lib/colour-page.ts';
import { checkSummary } from '../../support/split-run.ts';
import { dropInto, useWatchedFolderUi } from '../../support/browser-suite.ts';
import { ARTIFACTS, rawRequest, type RunningUi } from '../../support/ui-harness.ts';

let browser: Browser;
let ui: RunningUi;
let root: string;
let folder: string;
const suite = useWatchedFolderUi('ui-storage-'); // storage: original (the default)
beforeAll(() => void ({ browser, ui, root, folder } = suite));

/** Drops a colour scan into the watched folder the way a scanner does: written aside, then renamed in. */
async function drop(name: string, kind: string): Promise<void> {
  const c = colourCases().find((x) => x.name === kind)!;
  await dropInto(folder, name, await colourPageJpeg({ ...c.spec, dpi: 200, seed: `${kind}-${name}` }));
}

describe('the storage choice on the scan page', () => {
  it('offers the modes with their cost, the configured one checked; the chosen mode holds across a pause and resume', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, locale: 'ro-RO' });
    await page.goto(`${ui.base}/#cheie=${ui.secret}`);
    await page.getByRole('radio', { name: /Dosar urmărit/ }).check();
    await page.getByLabel('Dosarul urmărit').fill(folder);

    const group = page.getByRole('group', { name: 'Cum se păstrează paginile' });
    const original = group.getByRole('radio', { name: 'Imaginile scanerului, neatinse (setarea stației)' });
    const auto = group.getByRole('radio', { name: 'Automat: paginile fără culoare în tonuri de gri' });
    await expect.poll(() => original.isChecked()).toBe(true);
    expect(await group.getByRole('radio').count()).toBe(3);
    expect(await auto.isChecked()).toBe(false);
    // each mode says what it costs (its description, read out with the radio)
    const costOf = async (radio: typeof auto) => page.locator(`#${await radio.getAttribute('aria-describedby')}`).textContent();
    expect(await costOf(original)).toContain('cam 8 GB');
    expect(await costOf(auto)).toContain('cam 6,6 GB');
    expect(await costOf(group.getByRole('radio', { name: /doar cu text alb-negru/ }))).toContain('cam 5,7 GB');

    // the keyboard: arrows move the choice within the group
    await original.focus();
    await page.keyboard.press('ArrowDown');
    expect(await auto.isChecked()).toBe(true);
    expect(await original.isChecked()).toBe(false);
    await group.screenshot({ path: path.join(ARTIFACTS, 'station-scan-storage-choice.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-form-storage.png'), fullPage: true });

    await page.getByRole('button', { name: 'Pornește scanarea' }).click();
    await page.getByRole('button', { name: /Oprește/ }).waitFor();
    await drop('p01.jpg', 'gray-pink');
    await drop('p02.jpg', 'red-stamp');
    await expect.poll(async () => Number(await page.getByTestId('processed').textContent()), { timeout: 120_000 }).toBe(2);
    await page.getByRole('button', { name: /Oprește/ }).click();
    await page.getByText(/este în pauză, cu toate paginile scanate/).waitFor({ timeout: 60_000 });
    const batchId = ui.runner.state().batchId!;
    expect(ui.station.journal.get(batchId)).toMatchObject({ status: 'paused', options: { storage: 'auto' } });

    // resumed from «Loturi»: the station's configuration (original) does not change how the batch is stored
    await drop('p03.jpg', 'gray-white');
    await page.getByRole('link', { name: 'Loturi' }).click();
    const row = page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });
    await row.getByText('în pauză').waitFor();
    await row.getByRole('button', { name: 'Continuă scanarea' }).click();
    await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();
    await expect.poll(async () => Number(await page.getByTestId('processed').textContent()), { timeout: 120_000 }).toBe(3);
    await page.getByRole('button', { name: 'Încheie lotul' }).click();
    await page.getByText(/Lot încheiat: \d+ pagini/).waitFor({ timeout: 120_000 });

    const outDir = ui.station.journal.get(batchId)!.outDir;
    const s = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary;
    await checkSummary(outDir, s);
    expect(s.options.storage).toBe('auto');
    // p01 gray on pink paper, p02 a red stamp, p03 gray on white (scan order)
    expect(s.pageColour?.map((p) => [p.decision, p.stored])).toEqual([['gray', 'gray'], ['colour', 'original'], ['gray', 'gray']]);
    await page.close();
  }, 300_000);

  it("asks the station's settings (/api/state) once for the whole app, also when the scan page is shown again", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, locale: 'ro-RO' });
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/state') asked.push(r.method());
    });
    await page.goto(`${ui.base}/#cheie=${ui.secret}`);
    const configured = page.getByRole('group', { name: 'Cum se păstrează paginile' }).getByRole('radio', { name: /\(setarea stației\)/ });
    await expect.poll(() => configured.isChecked()).toBe(true);
    await page.getByRole('link', { name: 'Loturi' }).click();
    await page.getByRole('heading', { name: 'Loturi', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Scanare' }).click();
    await expect.poll(() => configured.isChecked()).toBe(true);
    expect(asked).toEqual(['GET']); // the old app asked once for the driver and again each time the form was shown
    await page.close();
  }, 120_000);

  it('files already scanned («Fișiere deja scanate») are split with the mode the form sends, the same way', async () => {
    const inDir = path.join(root, 'scanate');
    await mkdir(inDir, { recursive: true });
    for (const [i, kind] of ['gray-white', 'blue-signature'].entries()) {
      const c = colourCases().find((x) => x.name === kind)!;
      await writeFile(path.join(inDir, `p0${i + 1}.jpg`), await colourPageJpeg({ ...c.spec, dpi: 200, seed: `files-${kind}` }));
    }
    const body = JSON.stringify({ driver: 'files', device: inDir, separators: [], storage: 'auto-bitonal' });
    const res = await rawRequest(ui.port, 'POST', '/api/scan', { host: `127.0.0.1:${ui.port}`, 'x-station-secret': ui.secret, 'content-type': 'application/json' }, body);
    expect(res.status).toBe(202);
    const { batchId } = JSON.parse(res.body) as { batchId: string };
    await ui.runner.idle();
    const row = ui.station.journal.get(batchId)!;
    expect(row).toMatchObject({ kind: 'split', status: 'completed', options: { storage: 'auto-bitonal' } });
    const s = JSON.parse(await readFile(path.join(row.outDir, 'summary.json'), 'utf8')) as SplitSummary;
    expect(s.options.storage).toBe('auto-bitonal');
    expect(s.pageColour?.map((p) => [p.decision, p.stored])).toEqual([['gray', 'bitonal'], ['colour', 'original']]);
  }, 120_000);
});

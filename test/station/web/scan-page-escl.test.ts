/**
 * The scan page with an eSCL network scanner from the configuration (`escl.scanners`), in real
 * headless Chromium against the real station web app: «Caută scanere» lists it beside the
 * platform's scanners, the batch runs through the station's own eSCL driver (no SANE), a jam is
 * resumed with «Continuă»; the settings offered are the chosen scanner's, whichever answers first.
 * Screenshots go to test-artifacts/.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithTruth } from '../../../station/src/cli/demo-command.ts';
import { useBrowserSuite } from '../../support/browser-suite.ts';
import { startEsclEmulator } from '../../support/escl-emulator.ts';
import { loadSample, summaryOf } from '../../support/scan-results.ts';
import { axOf } from '../../support/accessibility.ts';
import { answersRead, countAnswersRead, holdFirstAnswer } from '../../support/page-answers.ts';
import { ARTIFACTS, startUi } from '../../support/ui-harness.ts';

let browser: Browser;
let root: string;
const suite = useBrowserSuite('ui-escl-'); // a station app and an emulator per case, closed after it
beforeAll(() => void ({ browser, root } = suite));

describe('scanning from the browser with an eSCL network scanner', () => {
  it('the configured scanner is offered, scanned from, jammed and resumed to a whole batch', async () => {
    const { truth, pages } = await loadSample('simplex-symbologies');
    const emulator = suite.emulator = await startEsclEmulator({ pages, resolutions: [truth.dpi], jamAfterPage: 5, makeAndModel: 'Scaner Registratură eSCL' });
    const dataDir = path.join(root, 'data');
    // SANE pointed at an empty folder: the eSCL scanner must come from the station itself
    const ui = suite.ui = await startUi(dataDir, { STATION_ESCL_SCANNERS: emulator.url, SANE_CONFIG_DIR: root });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await page.goto(`${ui.base}/#cheie=${ui.secret}`);
    await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Caută scanere' }).click();
    const scanner = page.getByRole('combobox', { name: 'Scaner', exact: true });
    await scanner.getByRole('option', { name: /Scaner Registratură eSCL/ }).waitFor({ state: 'attached' });
    await scanner.selectOption(emulator.url);
    await page.getByLabel('Rezoluție (dpi)').getByRole('option', { name: String(truth.dpi), exact: true }).waitFor({ state: 'attached' }); // the scanner's own list
    await page.getByLabel('Rezoluție (dpi)').selectOption(String(truth.dpi));
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-form-escl.png'), fullPage: true });
    await page.getByRole('button', { name: 'Pornește scanarea' }).click();

    const dialog = page.getByRole('dialog', { name: 'Scanerul s-a oprit' });
    await dialog.waitFor({ timeout: 120_000 });
    expect(await dialog.textContent()).toContain('Hârtia s-a blocat');
    expect(await dialog.textContent()).toContain('Paginile scanate până acum (5) sunt păstrate');
    emulator.clearJam();
    await dialog.getByRole('button', { name: 'Continuă' }).click();
    await page.getByText(new RegExp(`Lot încheiat: ${pages.length} pagini`)).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-done-escl.png'), fullPage: true });

    const batchId = ui.runner.state().batchId!;
    const outDir = path.join(dataDir, 'loturi', batchId);
    const s = await summaryOf(outDir);
    expect(compareWithTruth(s, truth)).toEqual([]);
    expect(emulator.requests.filter((q) => q.method === 'POST')).toHaveLength(2); // one job, then one more after the jam

    await page.getByRole('link', { name: 'Loturi' }).click();
    const row = page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });
    await row.waitFor();
    expect(await row.textContent()).toContain(`escl: ${emulator.url}`);
    await page.close();
  }, 240_000);

  it('a configured scanner that is off is shown unavailable, with why, and not chosen; the one that answers is', async () => {
    const white = (await loadSample('simplex-symbologies')).pages[0]!;
    const emulator = suite.emulator = await startEsclEmulator({ pages: [white], makeAndModel: 'Scaner Ghișeu 1' });
    const off = await startEsclEmulator({ pages: [] });
    await off.close();
    const ui = suite.ui = await startUi(path.join(root, 'data-off'), { STATION_ESCL_SCANNERS: `${off.url},${emulator.url}`, SANE_CONFIG_DIR: root });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await page.goto(`${ui.base}/#cheie=${ui.secret}`);
    await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Caută scanere' }).click();
    const unavailable = page.getByRole('list', { name: 'Scanere indisponibile' });
    await unavailable.waitFor();
    expect(await unavailable.textContent()).toContain(`${off.url} — indisponibil: Scanerul de la adresa ${new URL(off.url).origin} nu răspunde`);
    const scanner = page.getByRole('combobox', { name: 'Scaner', exact: true });
    expect(await scanner.getByRole('option', { name: /indisponibil/ }).isDisabled()).toBe(true);
    expect(await scanner.inputValue()).toBe(emulator.url);
    // a screen reader hears why, on the select itself
    const ax = await axOf(page, 'document.getElementById("device")');
    expect(ax).toMatchObject({ role: 'combobox', name: 'Scaner' });
    expect(ax!.description).toContain(`${off.url} — indisponibil: Scanerul de la adresa ${new URL(off.url).origin} nu răspunde`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-form-escl-unavailable.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('when every scanner is unavailable the select says so instead of staying empty, and why is read with it', async () => {
    const off = await startEsclEmulator({ pages: [] });
    await off.close();
    const ui = suite.ui = await startUi(path.join(root, 'data-none'), { STATION_ESCL_SCANNERS: off.url, SANE_CONFIG_DIR: root });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await page.goto(`${ui.base}/#cheie=${ui.secret}`);
    await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Caută scanere' }).click();
    await page.getByRole('list', { name: 'Scanere indisponibile' }).waitFor();
    const scanner = page.getByRole('combobox', { name: 'Scaner', exact: true });
    expect(await scanner.inputValue()).toBe('');
    expect(await scanner.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('— niciun scaner disponibil —');
    expect(await scanner.getByRole('option', { name: /— indisponibil$/ }).isDisabled()).toBe(true);
    const ax = await axOf(page, 'document.getElementById("device")');
    expect(ax!.description).toContain('Niciun scaner nu poate fi folosit acum. Porniți scanerul sau verificați legătura lui, apoi apăsați din nou «Caută scanere».');
    expect(ax!.description).toContain(`${off.url} — indisponibil: Scanerul de la adresa ${new URL(off.url).origin} nu răspunde`);
    // «Pornește scanarea» says why nothing can start, and nothing does
    await page.getByRole('button', { name: 'Pornește scanarea' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Niciun scaner nu poate fi folosit acum.');
    expect(ui.runner.state().batchId).toBeFalsy();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-form-none-available.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('the resolutions shown are the chosen scanner\'s, also when the one chosen before answers last', async () => {
    const white = (await loadSample('simplex-symbologies')).pages[0]!;
    const first = suite.emulator = await startEsclEmulator({ pages: [white], resolutions: [150], makeAndModel: 'Scaner Ghișeu 1' });
    const second = await startEsclEmulator({ pages: [white], resolutions: [500], makeAndModel: 'Scaner Ghișeu 2' });
    try {
      const ui = suite.ui = await startUi(path.join(root, 'data-two'), { STATION_ESCL_SCANNERS: `${first.url},${second.url}`, SANE_CONFIG_DIR: root });
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
      await countAnswersRead(page);
      const firstCaps = await holdFirstAnswer(page, (u) => u.pathname === '/api/capabilities');
      await page.goto(`${ui.base}/#cheie=${ui.secret}`);
      await page.getByRole('button', { name: 'Caută scanere' }).click();
      await firstCaps.held; // the first scanner, chosen by the page, is asked for its settings; its answer waits
      const scanner = page.getByRole('combobox', { name: 'Scaner', exact: true });
      await scanner.getByRole('option', { name: /Scaner Ghișeu 2/ }).waitFor({ state: 'attached' });
      await scanner.selectOption(second.url);
      const resolution = page.getByLabel('Rezoluție (dpi)');
      await resolution.getByRole('option', { name: '500', exact: true }).waitFor({ state: 'attached' }); // the second scanner's own list
      await firstCaps.release();
      await expect.poll(() => answersRead(page, '/api/capabilities')).toBe(2);
      expect(await resolution.getByRole('option').allTextContents()).toEqual(['500']);
      expect(await scanner.inputValue()).toBe(second.url);
      await page.close();
    } finally {
      await second.close();
    }
  }, 120_000);
});

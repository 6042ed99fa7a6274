/**
 * Every page of the station's web app walked with the keyboard in real headless Chromium: Tab from
 * the top reaches every visible control, and each one has an accessible name (Chromium's own
 * accessibility tree) in plain Romanian with comma-below ș ț, as is every line of text. The scan page is walked in each of
 * its forms (scanner, watched folder, files, borderou from the registry); «Loturi» and the review
 * page hold a real batch split from the sample scans, with a page selected so the corrections are on.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import { keyboardWalkProblems } from '../../support/accessibility.ts';
import { REPO_ROOT, runSplit } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { ARTIFACTS, launchChromium, startUi, type RunningUi } from '../../support/ui-harness.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
const batchId = 'lot-tastatura';
let browser: Browser;
let ui: RunningUi;
let cleanup: () => Promise<void>;
let watched: string;

beforeAll(async () => {
  let root: string;
  ({ dir: root, cleanup } = await makeTempDir('ui-keyboard-'));
  const truth = JSON.parse(await readFile(path.join(SAMPLE, 'truth.json'), 'utf8')) as Truth;
  const dataDir = path.join(root, 'data');
  watched = path.join(root, 'ghiseu1');
  await mkdir(watched);
  const borderou = path.join(root, 'borderou.csv');
  await writeFile(borderou, ['numar_inregistrare;structura', ...truth.documents.map((d) => `${d.id};Direcția Juridică`), ''].join('\n'));
  const r = await runSplit([...truth.images.map((i) => path.join(SAMPLE, i.file)), '--out', path.join(root, 'documente'), '--batch-id', batchId, '--borderou', borderou],
    { cwd: root, dataDir });
  expect(r.code).toBe(0);
  ui = await startUi(dataDir, { SANE_CONFIG_DIR: root });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ui?.close();
  await cleanup?.();
});

async function walk(page: Page, name: string, within = 'body'): Promise<string[]> {
  const { controls, problems } = await keyboardWalkProblems(page, within);
  await page.screenshot({ path: path.join(ARTIFACTS, `station-keyboard-${name}.png`), fullPage: true });
  expect(controls.length).toBeGreaterThan(0);
  return problems.map((p) => `${name}: ${p}`);
}

describe('the station pages with the keyboard, in Romanian', () => {
  it('Scanare in each form, Loturi and the review page: each control reached by Tab and named in Romanian', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await page.goto(`${ui.base}/#cheie=${ui.secret}`);
    await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();
    const problems = await walk(page, 'scanare-scaner');
    // the file field in Romanian, reached with the keyboard: our button shows the focus, the description says no file yet
    await page.getByRole('radio', { name: 'Fișier CSV' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('borderou');
    await page.getByRole('group', { name: 'Borderoul zilei (opțional)' }).screenshot({ path: path.join(ARTIFACTS, 'station-keyboard-file-focus.png') });
    expect(await page.getByText('Alegeți fișierul…').isVisible()).toBe(true);
    await page.getByRole('radio', { name: /Dosar urmărit/ }).check();
    await page.getByLabel('Dosarul urmărit').waitFor();
    problems.push(...await walk(page, 'scanare-dosar'));
    await page.getByRole('radio', { name: 'Fișiere deja scanate' }).check();
    await page.getByLabel('Dosarul cu fișierele scanate').waitFor();
    problems.push(...await walk(page, 'scanare-fisiere'));
    await page.getByRole('radio', { name: 'Borderoul zilei de la registratură' }).check();
    await page.getByRole('button', { name: 'Ia borderoul' }).waitFor();
    problems.push(...await walk(page, 'scanare-borderou-registratura'));
    await page.getByRole('radio', { name: 'Fișier CSV' }).check();

    // a batch from a watched folder, while it runs
    await page.getByRole('radio', { name: /Dosar urmărit/ }).check();
    await page.getByLabel('Dosarul urmărit').fill(watched);
    await page.getByRole('button', { name: 'Pornește scanarea' }).click();
    const end = page.getByRole('button', { name: 'Încheie lotul' });
    await end.waitFor();
    problems.push(...await walk(page, 'scanare-lot-in-lucru'));
    await end.click();
    await page.getByText(/Lot încheiat/).waitFor();

    await page.getByRole('link', { name: 'Loturi' }).click();
    const row = page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });
    await row.waitFor();
    problems.push(...await walk(page, 'loturi'));
    await row.getByRole('button', { name: 'Liste de predare' }).click();
    await page.getByRole('heading', { name: `Liste de predare pentru lotul ${batchId}` }).waitFor();
    problems.push(...await walk(page, 'loturi-predare'));

    await row.getByRole('link', { name: 'Verifică' }).click();
    await page.getByRole('heading', { name: `Verificare lot ${batchId}` }).waitFor();
    await page.getByRole('button', { name: /^Pagina 2\b/ }).click();
    await page.getByRole('button', { name: 'Mărește pagina' }).waitFor();
    problems.push(...await walk(page, 'verificare'));
    await page.getByRole('button', { name: 'Mărește pagina' }).click();
    await page.getByRole('dialog', { name: 'Pagina mărită' }).waitFor();
    problems.push(...await walk(page, 'verificare-pagina-marita', 'dialog[open]'));
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);
});

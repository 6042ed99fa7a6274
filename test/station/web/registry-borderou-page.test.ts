/**
 * The scan page's «Borderoul zilei de la registratură» in real headless Chromium, against the real
 * station web app and the real registry server (in-process, real HTTP on loopback): the clerk takes
 * the day's borderou from the registry, sees its version and size, and the batch is checked against
 * it exactly as against a picked CSV; no borderou that day, the server down, or no server configured
 * are Romanian messages and start nothing. Screenshots go to test-artifacts/.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { downRegistry, REGISTRY_ADMIN_TOKEN, startRegistry, type RegistryApp } from '../../support/registry-app.ts';
import { checkSummary, REPO_ROOT } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { ARTIFACTS, launchChromium, startUi, type RunningUi } from '../../support/ui-harness.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
let browser: Browser;
let registry: RegistryApp;
let token: string;
let truth: Truth;
let root: string;
let cleanup: () => Promise<void>;
let ui: RunningUi | undefined;
let n = 0;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('ui-registry-borderou-'));
  await mkdir(ARTIFACTS, { recursive: true });
  truth = JSON.parse(await readFile(path.join(SAMPLE, 'truth.json'), 'utf8')) as Truth;
  registry = await startRegistry();
  token = await registry.addStation('statia-1');
  // the registry's borderou for the day: three of the four documents the batch holds
  const csv = ['numar_inregistrare;structura;nr_file', ...truth.documents.slice(0, 3).map((d, i) => `${d.id};${['Direcția Juridică', 'Urbanism', 'Registratură'][i]};${d.pages.length}`), ''].join('\r\n');
  const res = await fetch(`${registry.base}/api/borderouri?date=2021-09-27`, {
    method: 'POST', headers: { authorization: `Bearer ${REGISTRY_ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: csv,
  });
  expect(res.status).toBe(201);
  browser = await launchChromium();
});
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});
afterAll(async () => {
  await browser?.close();
  await registry?.close();
  await cleanup();
});

async function openStation(env: NodeJS.ProcessEnv): Promise<{ page: Page; dataDir: string }> {
  const dataDir = path.join(root, `case${++n}`, 'data');
  ui = await startUi(dataDir, env);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'ro-RO' });
  await page.goto(`${ui.base}/#cheie=${ui.secret}`);
  await page.getByRole('heading', { name: 'Scanare', level: 1 }).waitFor();
  return { page, dataDir };
}
const withServer = () => ({ STATION_SERVER_URL: registry.base, STATION_TOKEN: token, STATION_NAME: 'statia-1' });

async function takeFromRegistry(page: Page, day: string): Promise<void> {
  await page.getByRole('radio', { name: 'Borderoul zilei de la registratură' }).check();
  await page.getByLabel('Ziua borderoului').fill(day);
  await page.getByRole('button', { name: 'Ia borderoul' }).click();
}

describe('«Borderoul zilei de la registratură» on the scan page', () => {
  it('takes the day\'s borderou from the registry; the batch is reconciled against it like a picked CSV', async () => {
    const folder = path.join(root, 'scanate');
    await mkdir(folder, { recursive: true });
    for (const img of truth.images) await copyFile(path.join(SAMPLE, img.file), path.join(folder, img.file));
    const { page, dataDir } = await openStation(withServer());
    await page.getByRole('radio', { name: 'Fișiere deja scanate' }).check();
    await page.getByLabel('Dosarul cu fișierele scanate').fill(folder);
    await takeFromRegistry(page, '2021-09-27');
    await page.getByRole('status').getByText('Borderoul zilei 27.09.2021 de la registratură: versiunea 1, 3 documente.').waitFor();
    expect(await page.getByRole('button', { name: 'Tipărește separatoarele' }).isEnabled()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-registry-borderou.png'), fullPage: true });

    await page.getByRole('button', { name: 'Pornește scanarea' }).click();
    await page.getByText(new RegExp(`Lot încheiat: ${truth.images.length} pagini, ${truth.documents.length} documente`)).waitFor({ timeout: 120_000 });
    const batchId = ui!.runner.state().batchId!;
    const outDir = path.join(dataDir, 'loturi', batchId);
    const s = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary;
    await checkSummary(outDir, s);
    // the borderou the batch was checked against is the registry's, kept beside the batch
    expect(s.borderou?.file).toBe(path.join(dataDir, 'batches', batchId, 'borderou-registratura-2021-09-27-v1.csv'));
    expect(s.reconciliation!.matched.map((m) => [m.registrationNumber, m.department])).toEqual([
      [truth.documents[0]!.id, 'Direcția Juridică'], [truth.documents[1]!.id, 'Urbanism'], [truth.documents[2]!.id, 'Registratură'],
    ]);
    expect(s.reconciliation!.unexpected.map((d) => d.id)).toEqual([truth.documents[3]!.id]);
    expect(await readdir(path.join(dataDir, 'batches', batchId))).toContain('borderou-registratura-2021-09-27-v1.csv');
    await page.close();
  }, 240_000);

  it('a batch refused on its own checks (its folder not empty) takes nothing from the registry and leaves nothing behind', async () => {
    const folder = path.join(root, 'scanate-ocupat');
    await mkdir(folder, { recursive: true });
    for (const img of truth.images) await copyFile(path.join(SAMPLE, img.file), path.join(folder, img.file));
    const busy = path.join(root, 'dosar-ocupat');
    await mkdir(busy, { recursive: true });
    await writeFile(path.join(busy, 'alt-lot.pdf'), 'x');
    const { page, dataDir } = await openStation(withServer());
    await page.getByRole('radio', { name: 'Fișiere deja scanate' }).check();
    await page.getByLabel('Dosarul cu fișierele scanate').fill(folder);
    await page.getByLabel('Dosarul documentelor (opțional)').fill(busy);
    await takeFromRegistry(page, '2021-09-27');
    await page.getByRole('status').getByText('Borderoul zilei 27.09.2021 de la registratură: versiunea 1, 3 documente.').waitFor();
    await page.getByRole('button', { name: 'Pornește scanarea' }).click();
    await page.getByRole('alert').getByText(`Dosarul de ieșire „${busy}” nu este gol.`, { exact: false }).waitFor();
    await ui!.runner.idle();
    // the batch's folder was never made: no borderou downloaded into it (it used to be, before the check)
    expect(await readdir(path.join(dataDir, 'batches')).catch(() => [])).toEqual([]);
    expect(await readdir(busy)).toEqual(['alt-lot.pdf']);
    await page.close();
  }, 240_000);

  it.runIf(process.getuid?.() === 0)('the batches folder on a read-only disk: READ_ONLY_FS in Romanian naming it, never «Eroare neașteptată»', async () => {
    const folder = path.join(root, 'scanate-ro');
    await mkdir(folder, { recursive: true });
    for (const img of truth.images) await copyFile(path.join(SAMPLE, img.file), path.join(folder, img.file));
    const { page, dataDir } = await openStation(withServer());
    const batches = path.join(dataDir, 'batches');
    await mkdir(batches, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', batches], { stdio: 'ignore' });
    try {
      await page.getByRole('radio', { name: 'Fișiere deja scanate' }).check();
      await page.getByLabel('Dosarul cu fișierele scanate').fill(folder);
      await takeFromRegistry(page, '2021-09-27');
      await page.getByRole('status').getByText(/versiunea 1, 3 documente/).waitFor();
      await page.getByRole('button', { name: 'Pornește scanarea' }).click();
      await page.getByRole('alert').getByText(`Discul sau dosarul („${batches}`, { exact: false }).waitFor();
      await ui!.runner.idle();
    } finally {
      execFileSync('umount', [batches], { stdio: 'ignore' });
    }
    await page.close();
  }, 240_000);

  it('no borderou that day, the server down, no server configured: a Romanian message, and nothing starts', async () => {
    const { page } = await openStation(withServer());
    await takeFromRegistry(page, '2021-09-28');
    const alert = page.getByRole('alert');
    await alert.getByText('Registratura nu a încărcat încă borderoul zilei 28.09.2021 pe server. Cereți registraturii să-l încarce sau alegeți fișierul CSV al borderoului.').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-scan-registry-borderou-missing.png'), fullPage: true });
    // starting without a borderou taken is refused on the page, before anything runs
    await page.getByRole('radio', { name: 'Fișiere deja scanate' }).check();
    await page.getByLabel('Dosarul cu fișierele scanate').fill(root);
    await page.getByRole('button', { name: 'Pornește scanarea' }).click();
    await alert.getByText(/Borderoul zilei nu a fost luat de la registratură/).waitFor();
    expect(ui!.runner.state().state).toBe('idle');
    await page.close();

    const { url: nowhere } = await downRegistry();
    const down = await openStation({ STATION_SERVER_URL: nowhere, STATION_TOKEN: token, STATION_NAME: 'statia-1' });
    await takeFromRegistry(down.page, '2021-09-27');
    await down.page.getByRole('alert').getByText(`Serverul registraturii (${nowhere}) nu poate fi contactat, deci borderoul zilei nu a putut fi luat de acolo. Alegeți fișierul CSV al borderoului sau încercați din nou mai târziu.`).waitFor();
    await down.page.close();
    await ui!.close();

    const none = await openStation({});
    await takeFromRegistry(none.page, '2021-09-27');
    await none.page.getByRole('alert').getByText(/Stația nu are configurat serverul registraturii/).waitFor();
    // the CSV choice is still there
    await none.page.getByRole('radio', { name: 'Fișier CSV' }).check();
    await none.page.getByLabel('Fișierul CSV al borderoului').waitFor();
    await none.page.close();
  }, 240_000);
});

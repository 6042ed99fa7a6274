/**
 * The set-up the station web app's browser tests share, as vitest hooks registered by the call:
 * a temporary folder and test-artifacts/, one headless Chromium for the file, and either one station
 * app for the whole file watching a folder (`useWatchedFolderUi`) or a station app and an eSCL
 * emulator per case, closed after it (`useBrowserSuite`: set `suite.ui` / `suite.emulator`), or one
 * station app for the file over a batch the file prepares first (`useSplitBatchUi`).
 * Also how a scanner drops a page into a watched folder: written aside, then renamed in, and how the
 * clerk opens «Loturi» and a batch's review page from it.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { EsclEmulator } from './escl-emulator.ts';
import { makeTempDir } from './temp-dirs.ts';
import { ARTIFACTS, launchChromium, startUi, type RunningUi } from './ui-harness.ts';

export interface BrowserSuite {
  root: string;
  browser: Browser;
  /** The case's station app, closed after the case. */
  ui?: RunningUi;
  /** The case's eSCL emulator, closed after the case. */
  emulator?: EsclEmulator;
}

export function useBrowserSuite(prefix: string): BrowserSuite {
  const suite = {} as BrowserSuite;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ dir: suite.root, cleanup } = await makeTempDir(prefix));
    await mkdir(ARTIFACTS, { recursive: true });
    suite.browser = await launchChromium();
  });
  afterEach(async () => {
    await suite.ui?.close();
    suite.ui = undefined;
    await suite.emulator?.close();
    suite.emulator = undefined;
  });
  afterAll(async () => {
    await suite.browser?.close();
    await cleanup?.();
  });
  return suite;
}

export interface WatchedFolderUi {
  root: string;
  /** The watched folder, `<root>/ghiseu1`. */
  folder: string;
  /** One station app for the file, its data in `<root>/data`, the default configuration. */
  ui: RunningUi;
  browser: Browser;
}

export function useWatchedFolderUi(prefix: string): WatchedFolderUi {
  const suite = {} as WatchedFolderUi;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ dir: suite.root, cleanup } = await makeTempDir(prefix));
    suite.folder = path.join(suite.root, 'ghiseu1');
    await mkdir(suite.folder, { recursive: true });
    await mkdir(ARTIFACTS, { recursive: true });
    suite.ui = await startUi(path.join(suite.root, 'data'));
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.ui?.close();
    await cleanup?.();
  });
  return suite;
}

export interface SplitBatchUi {
  root: string;
  /** One station app for the file, its data in `<root>/data`, started after `prepare`. */
  ui: RunningUi;
  browser: Browser;
}

/** `prepare(root, dataDir)` (a split, say) runs first in the file's temporary folder; then the station app and Chromium start. */
export function useSplitBatchUi(prefix: string, prepare: (root: string, dataDir: string) => Promise<void>): SplitBatchUi {
  const suite = {} as SplitBatchUi;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ dir: suite.root, cleanup } = await makeTempDir(prefix));
    const dataDir = path.join(suite.root, 'data');
    await prepare(suite.root, dataDir);
    suite.ui = await startUi(dataDir);
    suite.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.ui?.close();
    await cleanup?.();
  });
  return suite;
}

/** A new page (1280 × 900, ro-RO) on the station app, at «Loturi», reached as the clerk does. */
export async function openBatches(browser: Browser, ui: RunningUi): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
  await page.goto(`${ui.base}/#cheie=${ui.secret}`);
  await page.getByRole('link', { name: 'Loturi' }).click();
  return page;
}

/** A new page (1280 × 900, ro-RO) on the station app, at batch `batchId`'s review page, reached as the clerk does: «Loturi», then «Verifică» on its row. */
export async function openBatchReview(browser: Browser, ui: RunningUi, batchId: string): Promise<Page> {
  const page = await openBatches(browser, ui);
  await page.getByRole('table', { name: /Loturile stației/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) }).getByRole('link', { name: 'Verifică' }).click();
  await page.getByRole('heading', { name: `Verificare lot ${batchId}` }).waitFor();
  return page;
}

/** Drops a page file into `folder` the way a scanner does: written aside under a hidden name, then renamed in. */
export async function dropInto(folder: string, name: string, bytes: Uint8Array): Promise<void> {
  await writeFile(path.join(folder, `.${name}.part`), bytes);
  await rename(path.join(folder, `.${name}.part`), path.join(folder, name));
}

/**
 * The station's web app for tests: the real fastify app over a real journal in a temp data
 * folder, listening on 127.0.0.1 (port chosen by the OS), plus a raw HTTP client that can send
 * any Host/Origin header (fetch cannot) and a headless Chromium launcher.
 */
import { request } from 'node:http';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openStationContext, type StationContext } from '../../station/src/cli/station-context.ts';
import { loadConfig } from '../../station/src/config.ts';
import { buildUiApp, type UiApp } from '../../station/src/web/ui-app.ts';

export interface RunningUi extends UiApp {
  port: number;
  base: string;
  secret: string;
  station: StationContext;
  close(): Promise<void>;
}

/** `backgroundSender`: the outbox delivered in the background as `station ui` does it (buildUiApp's option; off by default). */
export async function startUi(dataDir: string, env: NodeJS.ProcessEnv = {}, opts: Pick<NonNullable<Parameters<typeof buildUiApp>[1]>, 'backgroundSender'> = {}): Promise<RunningUi> {
  await mkdir(dataDir, { recursive: true });
  const cfg = loadConfig({ env: { STATION_DATA_DIR: dataDir, STATION_BARCODE_WORKERS: '1', ...env }, cwd: dataDir });
  const station = openStationContext(cfg);
  // STATION_TEST_WEB_DIST: the page from another build (e.g. of the old code, to see a browser test fail on it)
  const ui = await buildUiApp(station, { env: { ...process.env, ...env }, webDist: process.env.STATION_TEST_WEB_DIST || undefined, ...opts });
  await ui.app.listen({ host: '127.0.0.1', port: 0 });
  const address = ui.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  ui.guard.setPort(port);
  return {
    ...ui, port, station, base: `http://127.0.0.1:${port}`, secret: ui.guard.secret,
    close: async () => {
      await ui.app.close();
      station.close();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bytes: Buffer;
}

/** One HTTP request with exactly these headers (Host included). */
export function rawRequest(port: number, method: string, url: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: url, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A JSON POST to the station's app as its page sends it: its Host, its secret. */
export function postJson(ui: Pick<RunningUi, 'port' | 'secret'>, url: string, body: unknown): Promise<RawResponse> {
  return rawRequest(ui.port, 'POST', url, { host: `127.0.0.1:${ui.port}`, 'x-station-secret': ui.secret, 'content-type': 'application/json' }, JSON.stringify(body));
}

/**
 * The pages as a clerk on Romanian Windows sees them: a date field in Romanian order (04.10.2021, as
 * Windows' regional settings give it), not the US order (10/04/2021). Chromium on Linux draws date
 * fields in its own interface language, and that language needs its pack (ro.pak, Debian's
 * chromium-l10n): without it `--lang=ro-RO`, LANG/LANGUAGE and the context's `locale: 'ro-RO'` leave it
 * US (tried: the context's locale only changes navigator.language, Intl and Accept-Language). So the
 * date field follows the page's own lang="ro" (Blink's LangAttributeAwareFormControlUI, off by default
 * on the desktop); `--lang=ro-RO` stays for a Chromium that has the pack. Not quite the clerk's view:
 * Chromium reads the lang when the field becomes a date field, and preact sets type and value before
 * it puts the field in the page, so a field drawn with its value and never changed (the station's
 * «Ziua borderoului» as first shown) stays US until its value changes; every field a test fills is
 * Romanian. No page has a number or time field the feature would also change.
 */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=ro-RO', '--enable-blink-features=LangAttributeAwareFormControlUI'];

/**
 * A page's own waits (a locator waited for, a click waiting for its button, a navigation) are safety
 * nets, as generous as the tests' own (vitest.config.ts): a loaded 2-core CI machine can take longer
 * than Playwright's 30 s default without anything being wrong.
 */
const BROWSER_WAIT_MS = 60_000;

/** Chromium for a test file; every context and page it opens (browser.newPage included) is ro-RO unless told otherwise and waits up to BROWSER_WAIT_MS. */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext({ locale: 'ro-RO', ...options });
    context.setDefaultTimeout(BROWSER_WAIT_MS);
    context.setDefaultNavigationTimeout(BROWSER_WAIT_MS);
    return context;
  };
  return browser;
}

export const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts');

/** A clerk's page of `ui` that has started a watched-folder batch on `folder`: the batch is running once it returns («Oprește» shown). */
export async function startWatchedFolderBatch(browser: Browser, ui: RunningUi, folder: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
  await page.goto(`${ui.base}/#cheie=${ui.secret}`);
  await page.getByRole('radio', { name: /Dosar urmărit/ }).check();
  await page.getByLabel('Dosarul urmărit').fill(folder);
  await page.getByRole('button', { name: 'Pornește scanarea' }).click();
  await page.getByRole('button', { name: /Oprește/ }).waitFor();
  return page;
}

/**
 * The registry's web app in real headless Chromium, as its browser tests open it: the pages built if
 * server/web/dist is missing, test-artifacts/ made and one Chromium for the file (`useRegistryBrowser`,
 * vitest hooks registered by the call), a page of the size the screenshots are taken at
 * (`newRegistryPage`), a user logged in through the login form as a clerk does it (`logIn`), and a
 * screenshot named for the engine it was taken on (`registryShot`); and the pages' cases once per
 * engine, each block over its own registry with its users (`describeRegistryEngines`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { BuildAppOptions } from '../../server/src/app.ts';
import { DEFAULT_WEB_ROOT } from '../../server/src/routes/web-routes.ts';
import { registryPlace, startTestApp, type TestApp } from '../server/helpers/test-app.ts';
import { addUser } from '../server/helpers/web-users.ts';
import { describeEngines, type TestEngine } from './postgres.ts';
import { ARTIFACTS, launchChromium } from './ui-harness.ts';

export interface RegistryBrowser {
  /** Chromium for the file, from beforeAll to afterAll. */
  browser: Browser;
}

export function useRegistryBrowser(): RegistryBrowser {
  const suite = {} as RegistryBrowser;
  beforeAll(async () => {
    if (!existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) execFileSync('npm', ['run', 'build:server-web'], { stdio: 'inherit' });
    mkdirSync(ARTIFACTS, { recursive: true });
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
  });
  return suite;
}

/** A new page, 1280 × 900 and ro-RO unless `options` say otherwise; nothing opened yet (a route or a counter can be set first). */
export function newRegistryPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  return browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO', ...options });
}

/** Opens the registry at `base` and logs `name` in with the login form; returns once «Intră» is clicked (the caller waits for the page it wants). */
export async function logIn(page: Page, base: string, name: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('Nume de utilizator').fill(name);
  await page.getByLabel('Parola').fill(password);
  await page.getByRole('button', { name: 'Intră' }).click();
}

/** The full page into test-artifacts/registry-<name>.png, -<engine> before .png for an engine other than SQLite. */
export async function registryShot(page: Page, name: string, engine: TestEngine): Promise<void> {
  const suffix = engine === 'sqlite' ? '' : `-${engine}`;
  await page.screenshot({ path: path.join(ARTIFACTS, `registry-${name}${suffix}.png`), fullPage: true });
}

export interface RegistryOnEngine {
  engine: TestEngine;
  /** The registry server on this engine, from the block's beforeAll to its afterAll. */
  server: TestApp;
  /** Each user's password, by name. */
  passwords: Record<string, string>;
}

export interface RegistrySetUp {
  /** Name → role, each added with the server's CLI (`server user add`) before the server starts. */
  users: Record<string, string>;
  /** buildApp options beside the test app's own. */
  app?: Partial<BuildAppOptions>;
  /** What the cases stand on (a borderou, a station's report), put in once the server listens. */
  seed?: (server: TestApp) => Promise<void>;
}

/** `describeEngines` over a registry: per engine, one registry with `setUp.users` and its server for the block's cases, closed after them. */
export function describeRegistryEngines(name: string, setUp: RegistrySetUp, body: (registry: RegistryOnEngine) => void): void {
  describeEngines(name, (engine) => {
    const registry = { engine, passwords: {} } as RegistryOnEngine;
    beforeAll(async () => {
      const place = await registryPlace(engine);
      for (const [user, role] of Object.entries(setUp.users)) registry.passwords[user] = await addUser(place, user, role);
      registry.server = await startTestApp(setUp.app, place);
      await setUp.seed?.(registry.server);
    });
    afterAll(async () => {
      await registry.server?.close();
    });
    body(registry);
  });
}

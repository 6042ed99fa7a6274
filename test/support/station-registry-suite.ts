/**
 * A station web app's browser tests whose station reports to a registry, as vitest hooks registered
 * by the call: a temporary folder, test-artifacts/, one station app for the file (its data in
 * `<root>/data`) configured with the registry's address, its token and its name, and one headless
 * Chromium; after the file, Chromium, the app and the registry are closed and the folder removed.
 * The registry is the real one on loopback with the station added (`useStationWithRegistry`), or an
 * address where nothing answers (`useStationWithUnreachableRegistry`).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openJournal, type JournalDb } from '../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../station/src/journal/outbox-repository.ts';
import { startRegistry, unreachableRegistry, type RegistryApp, type UnreachableRegistry } from './registry-app.ts';
import { makeTempDir } from './temp-dirs.ts';
import { ARTIFACTS, launchChromium, startUi, type RunningUi } from './ui-harness.ts';

export interface StationUiFile {
  root: string;
  /** One station app for the file, reporting to the file's registry. */
  ui: RunningUi;
  browser: Browser;
}

export interface StationWithRegistry extends StationUiFile {
  /** The real registry (in-process, HTTP on loopback), the station added; the one in place after the file is closed. */
  registry: RegistryApp;
  /** The registry started again on its port and data folder (stopped first if it runs), where the station finds it; also put in `registry`. */
  restartRegistry(): Promise<RegistryApp>;
}

export interface StationWithUnreachableRegistry extends StationUiFile {
  /** The station's registry address, where nothing answers. */
  down: UnreachableRegistry;
}

type UiOptions = NonNullable<Parameters<typeof startUi>[2]>;

export function useStationWithRegistry(prefix: string, opts: { stationName: string } & UiOptions): StationWithRegistry {
  const { stationName, ...uiOptions } = opts;
  const suite = {
    async restartRegistry() {
      const { port, dir } = suite.registry;
      await suite.registry.stop();
      suite.registry = await startRegistry({ port, dir });
      return suite.registry;
    },
  } as StationWithRegistry;
  return useStationUiFile(prefix, suite, uiOptions, {
    async start() {
      suite.registry = await startRegistry();
      const token = await suite.registry.addStation(stationName);
      return { STATION_SERVER_URL: suite.registry.base, STATION_TOKEN: token, STATION_NAME: stationName };
    },
    close: async () => suite.registry?.close(),
  });
}

/** The station's token is a made-up one: no registry ever answers to check it. */
export function useStationWithUnreachableRegistry(prefix: string, opts: { stationName: string } & UiOptions): StationWithUnreachableRegistry {
  const { stationName, ...uiOptions } = opts;
  const suite = {} as StationWithUnreachableRegistry;
  return useStationUiFile(prefix, suite, uiOptions, {
    async start() {
      suite.down = await unreachableRegistry();
      return { STATION_SERVER_URL: suite.down.url, STATION_TOKEN: 'sst_x', STATION_NAME: stationName };
    },
    close: async () => suite.down?.close(),
  });
}

/** `registry.start` returns the station app's environment (the registry's address, token, name). */
function useStationUiFile<S extends StationUiFile>(prefix: string, suite: S, uiOptions: UiOptions, registry: { start(): Promise<NodeJS.ProcessEnv>; close(): Promise<void> }): S {
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ dir: suite.root, cleanup } = await makeTempDir(prefix));
    await mkdir(ARTIFACTS, { recursive: true });
    suite.ui = await startUi(path.join(suite.root, 'data'), await registry.start(), uiOptions);
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.ui?.close();
    await registry.close();
    await cleanup?.();
  });
  return suite;
}

/** Another program of the station over the same journal file (`station sync --watch`, a second `station ui`). */
export interface OtherProgram {
  /** Its own connection to the journal file. */
  db: JournalDb;
  /** Its outbox on that connection: its claims are another program's to the app. */
  outbox: Outbox;
}

/** Another program of the suite's station, opened before the file's tests (after the app) and closed after them. */
export function useOtherProgram(suite: StationUiFile): OtherProgram {
  const other = {} as OtherProgram;
  beforeAll(() => {
    other.db = openJournal(suite.ui.station.cfg.dataDir);
    other.outbox = createOutbox(other.db);
  });
  afterAll(() => {
    if (other.db?.open) other.db.close();
  });
  return other;
}

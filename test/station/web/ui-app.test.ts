/**
 * The web app's error handler over real HTTP: a disk failing under a route (raw errno errors, as
 * fs gives them) answers with its own code, a fitting status (507 for a full or read-only disk) and
 * the Romanian text naming the path — never «Eroare internă».
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationContext, type StationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { buildUiApp, type UiApp } from '../../../station/src/web/ui-app.ts';
import { rawRequest } from '../../support/ui-harness.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let ui: UiApp;
let station: StationContext;
let port: number;
let cleanup: () => Promise<void>;

const errno = (code: string, syscall = 'open') => Object.assign(new Error(`${code}: ${syscall} '/mnt/stick/lot/p1.pdf'`), { code, syscall, path: '/mnt/stick/lot/p1.pdf' });

beforeAll(async () => {
  let root: string;
  ({ dir: root, cleanup } = await makeTempDir('ui-app-'));
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir, { recursive: true });
  station = openStationContext(loadConfig({ env: { STATION_DATA_DIR: dataDir }, cwd: root }));
  ui = await buildUiApp(station, { env: {} });
  ui.app.get('/api/test-disk/:code', async (req) => {
    throw errno((req.params as { code: string }).code);
  });
  await ui.app.listen({ host: '127.0.0.1', port: 0 });
  const address = ui.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  ui.guard.setPort(port);
});
afterAll(async () => {
  await ui?.app.close();
  station?.close();
  await cleanup?.();
});

describe('the web app\'s answer to a failing disk', () => {
  it.each([
    ['ENOSPC', 'DISK_FULL', 507, 'Discul este plin („/mnt/stick/lot/p1.pdf”)'],
    ['EROFS', 'READ_ONLY_FS', 507, 'este doar pentru citire'],
    ['EACCES', 'FILE_ACCESS_DENIED', 500, 'Acces refuzat („/mnt/stick/lot/p1.pdf”)'],
    ['EIO', 'DISK_IO_ERROR', 500, 'Discul a dat o eroare de'],
  ])('%s: %s with status %i and the Romanian text', async (raw, code, status, words) => {
    const r = await rawRequest(port, 'GET', `/api/test-disk/${raw}`, { host: `127.0.0.1:${port}`, 'x-station-secret': ui.guard.secret });
    const body = JSON.parse(r.body) as { error: { code: string; message: string } };
    expect({ status: r.status, code: body.error.code }).toEqual({ status, code });
    expect(body.error.message).toContain(words);
  });
});

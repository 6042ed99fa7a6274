/**
 * GET /api/registry-borderou, the scan page's look at the day's borderou, through the real station
 * web app (real HTTP on loopback) against the real registry server: it answers the day, version,
 * size and the CSV's very bytes, and leaves nothing in the station's data folder (the batch takes
 * its own copy when it starts); a day with no borderou is a Romanian error that writes nothing either.
 */
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_HEADER } from '../../../../station/src/web/ui-guard.ts';
import { startRegistryWithBorderou, type RegistryApp } from '../../../support/registry-app.ts';
import { listTree, makeTempDir } from '../../../support/temp-dirs.ts';
import { startUi, type RunningUi } from '../../../support/ui-harness.ts';

const CSV = iconv.encode('numar_inregistrare;structura;nr_file\r\n100/04.10.2021;Direcţia Urbanism;3\r\n101/04.10.2021;Serviciul Impozite şi Taxe;1\r\n', 'windows-1250');

let registry: RegistryApp;
let ui: RunningUi;
let dataDir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const started = await startRegistryWithBorderou(CSV, '2021-10-04');
  expect(started.status).toBe(201);
  registry = started.registry;
  let root: string;
  ({ dir: root, cleanup } = await makeTempDir('registry-borderou-route-'));
  dataDir = path.join(root, 'data');
  ui = await startUi(dataDir, { STATION_SERVER_URL: registry.base, STATION_TOKEN: started.token, STATION_NAME: 'ghiseu-1' });
});
afterAll(async () => {
  await ui?.close();
  await registry?.close();
  await cleanup?.();
});

const look = (day: string) => fetch(`${ui.base}/api/registry-borderou?day=${day}`, { headers: { [SECRET_HEADER]: ui.secret } });

describe('GET /api/registry-borderou', () => {
  it('answers the day, its version, how many documents and the CSV as uploaded, and writes nothing in the data folder', async () => {
    const before = await listTree(dataDir);
    const res = await look('2021-10-04');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { day: string; version: number; entries: number; csvBase64: string };
    expect(body).toMatchObject({ day: '2021-10-04', version: 1, entries: 2 });
    expect(Buffer.from(body.csvBase64, 'base64').equals(CSV)).toBe(true);
    // a look is no batch: no copy of the CSV is kept (it used to go to <data>/borderouri-registratura/, never removed)
    expect(await listTree(dataDir)).toEqual(before);
  });

  it('a day with no borderou: NOT_FOUND in Romanian naming the day; nothing written', async () => {
    const before = await listTree(dataDir);
    const res = await look('2021-10-05');
    expect(res.status).toBe(404);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('05.10.2021');
    expect(await listTree(dataDir)).toEqual(before);
  });
});

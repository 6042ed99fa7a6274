/**
 * `station devices` in-process against the real scanimage: SANE's `test` backend alone (a private
 * SANE_CONFIG_DIR), no backend at all, and a driver that does not exist; `--driver escl` against the
 * eSCL emulator on loopback.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { devicesCommand } from '../../../station/src/cli/devices-command.ts';
import { startEsclEmulator } from '../../support/escl-emulator.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
let testOnly: string;
let noBackend: string;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('devices-cli-'));
  testOnly = path.join(root, 'sane-test');
  noBackend = path.join(root, 'sane-none');
  await mkdir(testOnly);
  await mkdir(noBackend);
  await writeFile(path.join(testOnly, 'dll.conf'), 'test\n');
  await writeFile(path.join(noBackend, 'dll.conf'), '# nothing\n');
});
afterAll(() => cleanup());

async function devices(args: string[], saneConfigDir: string) {
  const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: path.join(root, 'data'), SANE_CONFIG_DIR: saneConfigDir } });
  const code = await devicesCommand(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('station devices', () => {
  it('lists the scanners SANE sees, in Romanian', async () => {
    const r = await devices(['--driver', 'sane'], testOnly);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(
      'Scanere găsite: 2\n'
      + '  test:0  —  Noname frontend-tester (virtual device)\n'
      + '  test:1  —  Noname frontend-tester (virtual device)\n',
    );
  });

  it('with --details --json gives each device with its sources, modes and resolutions', async () => {
    const r = await devices(['--driver', 'sane', '--details', '--json'], testOnly);
    expect(r).toMatchObject({ code: 0, err: '' });
    const list = JSON.parse(r.out) as Array<{ id: string; driver: string; capabilities: { sources: string[]; modes: string[]; resolutions: number[] } }>;
    expect(list.map((d) => [d.id, d.driver])).toEqual([['test:0', 'sane'], ['test:1', 'sane']]);
    expect(list[0]!.capabilities.sources).toEqual(['flatbed', 'adf']);
    expect(list[0]!.capabilities.modes).toEqual(['color', 'gray']);
    expect(list[0]!.capabilities.resolutions).toContain(300);
  });

  it('says in Romanian that no scanner was found (exit 0), and gives [] as JSON', async () => {
    const text = await devices(['--driver', 'sane'], noBackend);
    expect(text).toEqual({ code: 0, out: 'Nu a fost găsit niciun scaner. Verificați că este pornit și conectat.\n', err: '' });
    const json = await devices(['--driver', 'sane', '--json'], noBackend);
    expect(json).toEqual({ code: 0, out: '[]\n', err: '' });
  });

  it('--driver folder lists the watched folders named in the configuration (those that exist), in Romanian', async () => {
    const cfgDir = path.join(root, 'folder-cfg');
    const ghiseu1 = path.join(cfgDir, 'ghiseu1');
    const ghiseu2 = path.join(cfgDir, 'ghișeu 2');
    await mkdir(ghiseu1, { recursive: true });
    await mkdir(ghiseu2, { recursive: true });
    await writeFile(path.join(cfgDir, 'station.config.json'), JSON.stringify({ folder: { watched: ['ghiseu1', ghiseu2, 'lipsa'] } }));
    const run = async (args: string[]) => {
      const io = captureIo({ cwd: cfgDir, env: { STATION_DATA_DIR: path.join(cfgDir, 'data') } });
      return { code: await devicesCommand(args, io), out: io.out(), err: io.err() };
    };
    const text = await run(['--driver', 'folder']);
    expect(text).toEqual({
      code: 0, err: '',
      out: `Dosare urmărite: 2\n  folder:${ghiseu1}  —  ghiseu1 (dosar urmărit)\n  folder:${ghiseu2}  —  ghișeu 2 (dosar urmărit)\n`,
    });
    const json = await run(['--driver', 'folder', '--details', '--json']);
    expect(json.code).toBe(0);
    const list = JSON.parse(json.out) as { id: string; driver: string; capabilities: { sources: string[] } }[];
    expect(list.map((d) => [d.id, d.driver])).toEqual([[`folder:${ghiseu1}`, 'folder'], [`folder:${ghiseu2}`, 'folder']]);
    expect(list[0]!.capabilities.sources).toContain('adf');
  });

  it('--driver folder with no watched folder configured says where to name them', async () => {
    const r = await devices(['--driver', 'folder'], testOnly);
    expect(r).toEqual({ code: 0, out: 'Niciun dosar urmărit nu este configurat. Adăugați dosarele în configurare, la „folder.watched”.\n', err: '' });
  });

  it('--driver escl lists the configured network scanners that answer, or says where to name them', async () => {
    const page = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const emu = await startEsclEmulator({ pages: [page], duplex: true, makeAndModel: 'Canon DR-C240' });
    try {
      const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: path.join(root, 'data'), STATION_ESCL_SCANNERS: emu.url } });
      expect(await devicesCommand(['--driver', 'escl', '--details'], io)).toBe(0);
      expect(io.out()).toBe(`Scanere găsite: 1\n  ${emu.url}  —  Canon DR-C240 (eSCL (AirScan))\n      surse: adf, adf-duplex; moduri: color, gray; rezoluții: 75, 150, 300 dpi\n`);
    } finally {
      await emu.close();
    }
    const none = await devices(['--driver', 'escl'], testOnly);
    expect(none).toEqual({ code: 0, out: 'Niciun scaner de rețea (eSCL) nu este configurat. Adăugați adresele lor în configurare, la „escl.scanners” (de exemplu http://192.168.1.20/eSCL).\n', err: '' });
  });

  it('--driver escl shows a configured scanner that is off as unavailable, with why, beside one that answers', async () => {
    const page = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const on = await startEsclEmulator({ pages: [page], makeAndModel: 'Canon DR-C240' });
    const off = await startEsclEmulator({ pages: [] });
    await off.close();
    try {
      const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: path.join(root, 'data'), STATION_ESCL_SCANNERS: `${off.url},${on.url}` } });
      expect(await devicesCommand(['--driver', 'escl', '--details'], io)).toBe(0);
      const origin = new URL(off.url).origin;
      expect(io.out()).toBe(
        'Scanere găsite: 1; indisponibile: 1\n' +
          `  ${off.url}  —  indisponibil: Scanerul de la adresa ${origin} nu răspunde. Verificați că este pornit și conectat la rețea, apoi încercați din nou.\n` +
          `  ${on.url}  —  Canon DR-C240 (eSCL (AirScan))\n      surse: adf; moduri: color, gray; rezoluții: 75, 150, 300 dpi\n`,
      );
      const json = captureIo({ cwd: root, env: { STATION_DATA_DIR: path.join(root, 'data'), STATION_ESCL_SCANNERS: off.url } });
      expect(await devicesCommand(['--driver', 'escl', '--json'], json)).toBe(0);
      expect(JSON.parse(json.out())).toEqual([{ id: off.url, vendor: '', model: 'Scaner eSCL', type: 'eSCL (AirScan)', driver: 'escl', unavailable: { code: 'DEVICE_OFFLINE', reason: expect.stringContaining('nu răspunde') } }]);
    } finally {
      await on.close();
    }
  });

  it('refuses a driver that does not exist (USAGE, exit 2) and names the ones that do', async () => {
    const r = await devices(['--driver', 'twain'], testOnly);
    expect(r).toEqual({ code: 2, out: '', err: 'Eroare [USAGE]: Driverul „twain” nu există; folosiți sane, wia, escl, folder.\n' });
  });
});

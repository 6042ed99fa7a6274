import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStationError } from '../../shared/src/errors.ts';
import { DEFAULT_SEPARATOR_PATTERN } from '../../station/src/barcode/separator-rule.ts';
import { DEFAULT_CONFIG, defaultDataDir, loadConfig } from '../../station/src/config.ts';
import { makeTempDir } from '../support/temp-dirs.ts';

let cwd: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir: cwd, cleanup } = await makeTempDir('config-')));
afterEach(() => cleanup());

const writeJson = (name: string, value: unknown) => writeFile(path.join(cwd, name), JSON.stringify(value));

function expectInvalid(fn: () => unknown, ...fragments: string[]): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(isStationError(err, 'CONFIG_INVALID'), `expected CONFIG_INVALID, got ${String(err)}`).toBe(true);
  expect((err as Error).message).toMatch(/^(Configurație invalidă|Fișierul de configurare)/);
  for (const f of fragments) expect((err as Error).message).toContain(f);
}

describe('loadConfig: defaults', () => {
  it('without a file or environment gives the documented defaults', () => {
    const cfg = loadConfig({ env: { HOME: '/home/clerk' }, cwd });
    expect({ ...cfg, dataDir: undefined }).toEqual({ ...DEFAULT_CONFIG, dataDir: undefined });
    expect(cfg.separatorPattern).toBe(DEFAULT_SEPARATOR_PATTERN);
    expect(cfg.barcodeFormats).toEqual(expect.arrayContaining(['Code128', 'Code39', 'QRCode', 'DataMatrix']));
    expect(cfg.dataDir).toBe(path.join('/home/clerk', '.local', 'share', 'scan-station'));
    expect(cfg.concurrency).toBeGreaterThanOrEqual(2);
  });

  it('the per-user data folder follows the platform', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x/data' }, 'linux')).toBe('/x/data/scan-station');
    expect(defaultDataDir({ LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, 'win32')).toBe('C:\\Users\\ana\\AppData\\Local\\ScanStation');
    expect(defaultDataDir({}, 'linux')).toBe(path.join(homedir(), '.local', 'share', 'scan-station'));
  });

  it('never changes the shared defaults object', () => {
    const before = structuredClone(DEFAULT_CONFIG);
    const cfg = loadConfig({ env: {}, cwd, overrides: { blank: { margin: 0.2 }, genericSeparators: ['X'] } });
    cfg.blank.maxInkRatio = 0.3;
    cfg.genericSeparators.push('Y');
    expect(DEFAULT_CONFIG).toEqual(before);
  });
});

describe('loadConfig: file, environment, command line', () => {
  it('reads station.config.json from the working folder (BOM allowed) and merges nested keys', async () => {
    await writeFile(path.join(cwd, 'station.config.json'), `\uFEFF${JSON.stringify({ jpegQuality: 70, blank: { margin: 0.1 }, dataDir: 'data' })}`);
    const cfg = loadConfig({ env: {}, cwd });
    expect(cfg.jpegQuality).toBe(70);
    expect(cfg.blank).toEqual({ ...DEFAULT_CONFIG.blank, margin: 0.1 });
    expect(cfg.dataDir).toBe(path.join(cwd, 'data'));
  });

  it('an explicit file (relative to cwd, or from STATION_CONFIG) replaces the default location', async () => {
    await writeJson('station.config.json', { jpegQuality: 70 });
    await mkdir(path.join(cwd, 'etc'));
    await writeJson('etc/other.json', { jpegQuality: 40 });
    expect(loadConfig({ env: {}, cwd, file: 'etc/other.json' }).jpegQuality).toBe(40);
    expect(loadConfig({ env: { STATION_CONFIG: 'etc/other.json' }, cwd }).jpegQuality).toBe(40);
  });

  it('precedence: defaults < file < environment < command line', async () => {
    await writeJson('station.config.json', { concurrency: 3, separatorPattern: '^F$', server: { stationName: 'din-fisier', url: 'http://file' } });
    const env = { STATION_CONCURRENCY: '5', STATION_SEPARATOR_PATTERN: '^E$', STATION_NAME: 'din-mediu' };
    const cfg = loadConfig({ env, cwd, overrides: { separatorPattern: '^C$' } });
    expect(cfg.concurrency).toBe(5);
    expect(cfg.separatorPattern).toBe('^C$');
    expect(cfg.server).toEqual({ url: 'http://file', token: null, stationName: 'din-mediu' });
    expect(loadConfig({ env: {}, cwd }).concurrency).toBe(3);
    expect(loadConfig({ env, cwd }).separatorPattern).toBe('^E$');
  });

  it('environment strings become typed values; an empty URL means none', () => {
    const cfg = loadConfig({ env: { STATION_CONCURRENCY: ' 4 ', STATION_SERVER_URL: '', STATION_TOKEN: 'abc', STATION_DATA_DIR: 'rel/data' }, cwd });
    expect(cfg.concurrency).toBe(4);
    expect(cfg.server.url).toBeNull();
    expect(cfg.server.token).toBe('abc');
    expect(cfg.dataDir).toBe(path.join(cwd, 'rel', 'data'));
  });

  it('other environment variables are ignored', () => {
    expect(() => loadConfig({ env: { STATION_SOMETHING: 'x', PATH: '/bin' }, cwd })).not.toThrow();
  });
});

describe('loadConfig: rejected', () => {
  it('a missing explicit file, bad JSON, or a JSON that is not an object', async () => {
    expectInvalid(() => loadConfig({ env: {}, cwd, file: 'nope.json' }), 'nope.json');
    await writeFile(path.join(cwd, 'station.config.json'), '{ "jpegQuality": 70, }');
    expectInvalid(() => loadConfig({ env: {}, cwd }), 'station.config.json', 'JSON');
    await writeJson('station.config.json', [1, 2]);
    expectInvalid(() => loadConfig({ env: {}, cwd }));
    await writeJson('station.config.json', null);
    expectInvalid(() => loadConfig({ env: {}, cwd }));
  });

  it.each([
    [{ colour: true }, 'colour'],
    [{ blank: { maxInk: 0.1 } }, 'blank.maxInk'],
    [{ server: { password: 'x' } }, 'server.password'],
    // names every plain object inherits must not pass for configuration keys
    [{ constructor: 1 }, 'constructor'],
    [{ toString: 'x' }, 'toString'],
    [{ valueOf: 5 }, 'valueOf'],
    [{ hasOwnProperty: 1 }, 'hasOwnProperty'],
    [{ blank: { constructor: 1 } }, 'blank.constructor'],
    [{ server: { toString: 'x' } }, 'server.toString'],
  ])('unknown key %j', async (value, key) => {
    await writeJson('station.config.json', value);
    expectInvalid(() => loadConfig({ env: {}, cwd }), `„${key}”`);
  });

  it('a «__proto__» key in the file is refused, not merged into the prototype', async () => {
    await writeFile(path.join(cwd, 'station.config.json'), '{"__proto__": {"concurrency": 1, "polluted": true}}');
    expectInvalid(() => loadConfig({ env: {}, cwd }), '__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    [{ concurrency: 0 }, 'concurrency'],
    [{ concurrency: 65 }, 'concurrency'],
    [{ concurrency: 2.5 }, 'concurrency'],
    [{ concurrency: '4x' }, 'concurrency'],
    [{ concurrency: null }, 'concurrency'],
    [{ jpegQuality: 29 }, 'jpegQuality'],
    [{ jpegQuality: 101 }, 'jpegQuality'],
    [{ assumedDpi: -1 }, 'assumedDpi'],
    [{ lossless: 'yes' }, 'lossless'],
    [{ lossless: 1 }, 'lossless'],
    [{ blank: { maxInkRatio: -0.01 } }, 'blank.maxInkRatio'],
    [{ blank: { maxInkRatio: 0.6 } }, 'blank.maxInkRatio'],
    [{ blank: { inkContrast: 0 } }, 'blank.inkContrast'],
    [{ blank: { inkContrast: 255 } }, 'blank.inkContrast'],
    [{ blank: { margin: 0.31 } }, 'blank.margin'],
    [{ blank: { margin: Number.NaN } }, 'blank.margin'],
    [{ blank: 5 }, 'blank'],
    [{ blank: [] }, 'blank'],
    [{ blank: null }, 'blank'],
    [{ separatorPattern: '(' }, 'separatorPattern'],
    [{ separatorPattern: '\\p{Nope}' }, 'separatorPattern'],
    [{ separatorPattern: 5 }, 'separatorPattern'],
    [{ genericSeparators: [''] }, 'genericSeparators'],
    [{ genericSeparators: [1] }, 'genericSeparators'],
    [{ genericSeparators: ['x'.repeat(129)] }, 'genericSeparators'],
    [{ barcodeFormats: {} }, 'barcodeFormats'],
    // one unknown name makes zxing read nothing at all: the station would silently never split
    [{ barcodeFormats: ['Code128', 'Foo'] }, '„Foo”'],
    [{ barcodeFormats: ['qrcode'] }, '„qrcode”'],
    [{ server: { url: 5 } }, 'server.url'],
    [{ dataDir: 'x'.repeat(5000) }, 'dataDir'],
  ])('bad value %j', async (value, key) => {
    await writeJson('station.config.json', value);
    expectInvalid(() => loadConfig({ env: {}, cwd }), key);
  });

  it('bad values from the environment name the key too', () => {
    expectInvalid(() => loadConfig({ env: { STATION_CONCURRENCY: '' }, cwd }), 'concurrency');
    expectInvalid(() => loadConfig({ env: { STATION_BARCODE_WORKERS: '2.5' }, cwd }), 'barcodeWorkers');
    expectInvalid(() => loadConfig({ env: { STATION_BARCODE_WORKERS: '99' }, cwd }), 'barcodeWorkers');
    expect(loadConfig({ env: { STATION_BARCODE_WORKERS: '0' }, cwd }).barcodeWorkers).toBe(0);
    expectInvalid(() => loadConfig({ env: { STATION_CONCURRENCY: 'many' }, cwd }), 'concurrency');
    expectInvalid(() => loadConfig({ env: { STATION_SEPARATOR_PATTERN: '[' }, cwd }), 'separatorPattern');
  });

  it('watched-folder settings: defaults, a relative archive folder resolved, bad values named', async () => {
    expect(loadConfig({ env: {}, cwd }).folder).toEqual({ quietMs: 1500, quickQuietMs: 200, usePolling: false, archiveDir: '', watched: [], maxFileMb: 512 });
    await writeJson('station.config.json', { folder: { usePolling: true, archiveDir: 'arhiva-scan', quietMs: 3000, watched: ['ghiseu1'], maxFileMb: 2047 } });
    expect(loadConfig({ env: {}, cwd }).folder).toEqual({ quietMs: 3000, quickQuietMs: 200, usePolling: true, archiveDir: path.join(cwd, 'arhiva-scan'), watched: [path.join(cwd, 'ghiseu1')], maxFileMb: 2047 });
    // Node reads no file over 2 GiB: 2048 MB and more is refused, as are 0 and fractions
    for (const bad of [2048, 0, 1.5, 'mult']) {
      await writeJson('station.config.json', { folder: { maxFileMb: bad } });
      expectInvalid(() => loadConfig({ env: {}, cwd }), 'folder.maxFileMb');
    }
    await writeJson('station.config.json', { folder: { maxFileMb: 1.5 } });
    expectInvalid(() => loadConfig({ env: {}, cwd }), 'folder.maxFileMb trebuie să fie un număr întreg');
    await writeJson('station.config.json', { folder: { watched: 'ghiseu1' } });
    expect(loadConfig({ env: {}, cwd }).folder.watched).toEqual([path.join(cwd, 'ghiseu1')]);
    await writeJson('station.config.json', { folder: { watched: [3] } });
    expectInvalid(() => loadConfig({ env: {}, cwd }), 'folder.watched');
    await writeJson('station.config.json', { folder: { quietMs: 10 } });
    expectInvalid(() => loadConfig({ env: {}, cwd }), 'folder.quietMs');
    await writeJson('station.config.json', { folder: { polling: true } });
    expectInvalid(() => loadConfig({ env: {}, cwd }), 'folder.polling');
  });

  it('eSCL scanners: none by default; http(s) addresses from the file or STATION_ESCL_SCANNERS; anything else named', async () => {
    expect(loadConfig({ env: {}, cwd }).escl).toEqual({ scanners: [], discover: false });
    expect(loadConfig({ env: { STATION_ESCL_DISCOVER: 'true' }, cwd }).escl.discover).toBe(true);
    await writeJson('station.config.json', { escl: { scanners: ['http://192.168.1.20/eSCL', 'https://scaner-ghiseu2:443/eSCL/'] } });
    expect(loadConfig({ env: {}, cwd }).escl.scanners).toEqual(['http://192.168.1.20/eSCL', 'https://scaner-ghiseu2:443/eSCL/']);
    expect(loadConfig({ env: { STATION_ESCL_SCANNERS: 'http://10.0.0.5/eSCL, http://10.0.0.6/eSCL' }, cwd }).escl.scanners).toEqual(['http://10.0.0.5/eSCL', 'http://10.0.0.6/eSCL']);
    for (const bad of ['192.168.1.20/eSCL', 'file:///etc/passwd', 'http://admin:parola@10.0.0.5/eSCL']) {
      await writeJson('station.config.json', { escl: { scanners: [bad] } });
      expectInvalid(() => loadConfig({ env: {}, cwd }), 'escl.scanners', bad);
    }
    await writeJson('station.config.json', { escl: { discovery: true } });
    expectInvalid(() => loadConfig({ env: {}, cwd }), 'escl.discovery');
  });

  it('eSCL scanners: an https scanner with its certificate fingerprint, written any usual way, kept in one spelling; a bad one named', async () => {
    const hex = '3d550cbffd047cbc8913510bd904e1d3b17e20e1ec63e23aeb5b1d2212a00b1e';
    const pinned = '3D:55:0C:BF:FD:04:7C:BC:89:13:51:0B:D9:04:E1:D3:B1:7E:20:E1:EC:63:E2:3A:EB:5B:1D:22:12:A0:0B:1E';
    await writeJson('station.config.json', { escl: { scanners: ['http://192.168.1.20/eSCL', { url: 'https://192.168.1.21/eSCL', certificateSha256: hex }, { url: 'https://192.168.1.22/eSCL' }] } });
    expect(loadConfig({ env: {}, cwd }).escl.scanners).toEqual(['http://192.168.1.20/eSCL', { url: 'https://192.168.1.21/eSCL', certificateSha256: pinned }, 'https://192.168.1.22/eSCL']);
    // a URL's scheme is case-insensitive: HTTPS:// is an https address, its pin accepted
    await writeJson('station.config.json', { escl: { scanners: [{ url: 'HTTPS://192.168.1.21/eSCL', certificateSha256: hex }] } });
    expect(loadConfig({ env: {}, cwd }).escl.scanners).toEqual([{ url: 'HTTPS://192.168.1.21/eSCL', certificateSha256: pinned }]);
    await writeJson('station.config.json', { escl: { scanners: [{ url: 'https://192.168.1.21/eSCL', certificateSha256: `SHA256 Fingerprint=${pinned}` }] } });
    expect(loadConfig({ env: {}, cwd }).escl.scanners).toEqual([{ url: 'https://192.168.1.21/eSCL', certificateSha256: pinned }]);
    const cases: [unknown, string][] = [
      [{ url: 'https://192.168.1.21/eSCL', certificateSha256: 'AB:CD' }, 'escl.scanners[0].certificateSha256'],
      [{ url: 'http://192.168.1.21/eSCL', certificateSha256: hex }, 'https://'],
      [{ url: 'https://192.168.1.21/eSCL', insecure: true }, 'escl.scanners[0].insecure'],
      [{ certificateSha256: hex }, 'escl.scanners[0].url'],
      [{ url: 'ftp://x/eSCL' }, 'ftp://x/eSCL'],
      [42, 'escl.scanners[0]'],
    ];
    for (const [entry, named] of cases) {
      await writeJson('station.config.json', { escl: { scanners: [entry] } });
      expectInvalid(() => loadConfig({ env: {}, cwd }), named);
    }
    // the same scanner twice (however spelt): pinned twice, with conflicting pins, pinned and not, or twice in the variable
    const other = 'AA'.repeat(32);
    const twice: unknown[][] = [
      [{ url: 'https://192.168.1.21/eSCL', certificateSha256: hex }, { url: 'https://192.168.1.21/eSCL/', certificateSha256: hex }],
      ['http://192.168.1.20/eSCL', { url: 'https://192.168.1.21/eSCL', certificateSha256: hex }, { url: 'https://192.168.1.21:443/eSCL', certificateSha256: other }],
      [{ url: 'https://192.168.1.21/eSCL', certificateSha256: hex }, 'https://192.168.1.21/eSCL'],
    ];
    for (const scanners of twice) {
      await writeJson('station.config.json', { escl: { scanners } });
      expectInvalid(() => loadConfig({ env: {}, cwd }), `escl.scanners[${scanners.length - 1}]`, `escl.scanners[${scanners.length - 2}]`);
    }
    await writeJson('station.config.json', {});
    expectInvalid(() => loadConfig({ env: { STATION_ESCL_SCANNERS: 'http://10.0.0.5/eSCL,http://10.0.0.5/eSCL/' }, cwd }), 'escl.scanners[1]');
  });

  it('a bad command-line pattern is refused like a bad file value', () => {
    expectInvalid(() => loadConfig({ env: {}, cwd, overrides: { separatorPattern: '(?<' } }), 'separatorPattern');
  });

  it('barcode formats take zxing names, including its groups', async () => {
    await writeJson('station.config.json', { barcodeFormats: ['Code128', 'DataMatrix', 'AllLinear'] });
    expect(loadConfig({ env: {}, cwd }).barcodeFormats).toEqual(['Code128', 'DataMatrix', 'AllLinear']);
  });

  it('a list given as one comma-separated string is split and trimmed', async () => {
    await writeJson('station.config.json', { genericSeparators: 'PATCHT, PATCH2 ,' });
    expect(loadConfig({ env: {}, cwd }).genericSeparators).toEqual(['PATCHT', 'PATCH2']);
  });

  it('separation: sheet by default; label or auto from the file, the environment or the command line; anything else named', async () => {
    expect(loadConfig({ env: {}, cwd }).separation).toBe('sheet');
    await writeJson('station.config.json', { separation: 'label' });
    expect(loadConfig({ env: {}, cwd }).separation).toBe('label');
    expect(loadConfig({ env: { STATION_SEPARATION: 'auto' }, cwd }).separation).toBe('auto');
    expect(loadConfig({ env: {}, cwd, overrides: { separation: 'sheet' } }).separation).toBe('sheet');
    expectInvalid(() => loadConfig({ env: {}, cwd, overrides: { separation: 'labels' } }), 'separation', '„label”');
  });

  it('storage: original by default; auto or auto-bitonal from the file, STATION_STORAGE or --storage; anything else named', async () => {
    expect(loadConfig({ env: {}, cwd }).storage).toBe('original');
    await writeJson('station.config.json', { storage: 'auto' });
    expect(loadConfig({ env: {}, cwd }).storage).toBe('auto');
    expect(loadConfig({ env: { STATION_STORAGE: 'auto-bitonal' }, cwd }).storage).toBe('auto-bitonal');
    expect(loadConfig({ env: {}, cwd, overrides: { storage: 'original' } }).storage).toBe('original');
    expectInvalid(() => loadConfig({ env: {}, cwd, overrides: { storage: 'gray' } }), 'storage', '„auto”');
  });
});

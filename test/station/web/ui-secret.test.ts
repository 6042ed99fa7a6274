/**
 * The web app's secret outlives a restart of the station: kept in the data folder (0600, placed
 * atomically, made on first start), so a page left open keeps working with the next app over the
 * same data; a forged secret or cookie is still refused. Real apps over real HTTP on loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadUiSecret, secretFolderShared, uiSecretPath } from '../../../station/src/web/ui-secret.ts';
import { REPO_ROOT } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { rawRequest, startUi } from '../../support/ui-harness.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('ui-secret-')));
afterAll(() => cleanup());

const CHILD = path.join(import.meta.dirname, 'ui-secret-child.ts');

/** A station process (ui-secret-child.ts) that loads the secret from each data folder it is given, once it said it is ready. */
async function secretProcess(linkCode: string): Promise<{ load(dataDir: string): Promise<string>; end(): void }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: REPO_ROOT, env: { ...process.env, UI_SECRET_LINK_CODE: linkCode }, stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('the secret process ended');
    return line.value;
  };
  expect(await next()).toBe('ready');
  return {
    load(dataDir) {
      child.stdin!.write(`${dataDir}\n`);
      return next();
    },
    end: () => child.stdin!.end(),
  };
}

describe('the station web app\'s secret', () => {
  it('a page of the first app keeps working with the second over the same data; forged secrets and cookies are refused', async () => {
    const dataDir = path.join(root, 'data');
    const first = await startUi(dataDir);
    const host = (port: number) => ({ host: `127.0.0.1:${port}` });
    const session = await rawRequest(first.port, 'POST', '/api/session', { ...host(first.port), 'x-station-secret': first.secret });
    expect(session.status).toBe(200);
    const cookie = String(session.headers['set-cookie']).split(';')[0]!; // station_session=…
    const { secret } = first;
    await first.close(); // the station stops; the clerk's page stays open

    const second = await startUi(dataDir);
    try {
      const h = host(second.port);
      expect(second.secret).toBe(secret);
      // the open page's calls: its secret in the header, its cookie for pictures and PDFs
      expect((await rawRequest(second.port, 'GET', '/api/batches', { ...h, 'x-station-secret': secret })).status).toBe(200);
      expect((await rawRequest(second.port, 'GET', '/api/batches', { ...h, cookie })).status).toBe(200);
      // still refused: a forged secret, a forged cookie, the cookie for a write, nothing at all
      const forged = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      expect((await rawRequest(second.port, 'GET', '/api/batches', { ...h, 'x-station-secret': forged })).status).toBe(401);
      expect((await rawRequest(second.port, 'GET', '/api/batches', { ...h, cookie: `station_session=${forged}` })).status).toBe(401);
      expect((await rawRequest(second.port, 'GET', '/api/batches', { ...h, cookie: `station_session=${secret}` })).status).toBe(401); // the secret is not the cookie
      expect((await rawRequest(second.port, 'POST', '/api/scan/cancel', { ...h, cookie, 'content-type': 'application/json' }, '{}')).status).toBe(401);
      expect((await rawRequest(second.port, 'GET', '/api/batches', h)).status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('is kept in the data folder, readable by the station\'s user only, with no temporary file left', async () => {
    const dataDir = path.join(root, 'data-fresh');
    const secret = await loadUiSecret(dataDir);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await readFile(uiSecretPath(dataDir), 'utf8')).trim()).toBe(secret);
    expect((await stat(uiSecretPath(dataDir))).mode & 0o777).toBe(0o600);
    expect(await readdir(dataDir)).toEqual(['ui-secret']);
    expect(await loadUiSecret(dataDir)).toBe(secret);
  });

  it('two stations starting at once over new data agree on one secret', async () => {
    const dataDir = path.join(root, 'data-race');
    const [a, b, c] = await Promise.all([loadUiSecret(dataDir), loadUiSecret(dataDir), loadUiSecret(dataDir)]);
    expect(new Set([a, b, c]).size).toBe(1);
    expect((await readFile(uiSecretPath(dataDir), 'utf8')).trim()).toBe(a);
    expect(await readdir(dataDir)).toEqual(['ui-secret']);
  });

  // three station processes started at once (`station ui` twice and a `station scan`, say): each loads
  // ui-secret.ts, says ready, then is given the same new data folder at the same moment, round after round
  it.each([
    ['where hard links work', ''],
    ['on a disk without hard links (link() refused with EPERM, as on a FAT USB stick)', 'EPERM'],
    ['on a Windows FAT or exFAT disk (link() refused with EISDIR)', 'EISDIR'],
  ])('three processes creating it at once all end up with the one on disk, %s', async (_disk, linkCode) => {
    const children = await Promise.all([0, 1, 2].map(() => secretProcess(linkCode)));
    try {
      for (let round = 0; round < 20; round++) {
        const dataDir = path.join(root, `data-processes-${linkCode || 'links'}-${round}`);
        const answers = await Promise.all(children.map((c) => c.load(dataDir)));
        const held = (await readFile(uiSecretPath(dataDir), 'utf8')).trim();
        expect(held, `round ${round}`).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(answers, `round ${round}`).toEqual([`secret ${held}`, `secret ${held}`, `secret ${held}`]);
        expect(await readdir(dataDir), `round ${round}`).toEqual(['ui-secret']);
      }
    } finally {
      for (const c of children) c.end();
    }
  }, 120_000);

  it('a file that holds no secret is replaced by a new one; a copy readable by others is made 0600', async () => {
    const dataDir = path.join(root, 'data-damaged');
    const old = await loadUiSecret(dataDir);
    await writeFile(uiSecretPath(dataDir), 'nu este o cheie\n');
    const fresh = await loadUiSecret(dataDir);
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(old);
    expect((await stat(uiSecretPath(dataDir))).mode & 0o777).toBe(0o600);
    await chmod(uiSecretPath(dataDir), 0o644);
    expect(await loadUiSecret(dataDir)).toBe(fresh);
    expect((await stat(uiSecretPath(dataDir))).mode & 0o777).toBe(0o600);
  });

  it('two stations replacing a damaged file at once agree on the one the file holds, again and again', async () => {
    // every order of the two is right (the damaged file is moved aside, the new one placed without overwriting):
    // the old code renamed each new secret over the file, and the first to rename kept a secret the file no longer held
    for (let round = 0; round < 20; round++) {
      const dataDir = path.join(root, `data-damaged-race-${round}`);
      await loadUiSecret(dataDir);
      await writeFile(uiSecretPath(dataDir), 'stricat\n');
      const [a, b] = await Promise.all([loadUiSecret(dataDir), loadUiSecret(dataDir)]);
      const held = (await readFile(uiSecretPath(dataDir), 'utf8')).trim();
      expect([a, b], `round ${round}`).toEqual([held, held]);
      expect(held).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await readdir(dataDir)).toEqual(['ui-secret']); // nothing moved aside left behind
    }
  });

  it('Windows: a data folder outside the user\'s LOCALAPPDATA is warned about at start (other local users may read it)', async () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' };
    expect(secretFolderShared('C:\\Users\\ana\\AppData\\Local\\ScanStation', 'win32', env)).toBe(false);
    expect(secretFolderShared('c:\\users\\ANA\\appdata\\local\\ScanStation', 'win32', env)).toBe(false);
    expect(secretFolderShared('D:\\Scanari\\date', 'win32', env)).toBe(true);
    expect(secretFolderShared('C:\\Users\\ana\\AppData\\LocalLow\\ScanStation', 'win32', env)).toBe(true);
    expect(secretFolderShared('C:\\Users\\ana\\AppData\\Local\\..\\Roaming\\ScanStation', 'win32', env)).toBe(true);
    expect(secretFolderShared('D:\\Scanari\\date', 'win32', {})).toBe(true);
    expect(secretFolderShared('/srv/scan-station', 'linux', env)).toBe(false);

    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const dataDir = path.join(root, 'data-windows');
    await loadUiSecret(dataDir, log, { platform: 'win32', env });
    expect(lines.map((l) => JSON.parse(l) as { msg: string; dataDir: string })).toMatchObject([{ msg: expect.stringContaining('outside LOCALAPPDATA'), dataDir }]);
    lines.length = 0;
    await loadUiSecret(dataDir, log, { platform: 'linux', env });
    expect(lines).toEqual([]);
  });
});

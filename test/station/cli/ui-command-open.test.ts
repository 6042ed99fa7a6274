/**
 * `station ui --open` as the clerk's icon runs it (in-process, the browser opener recorded, never a
 * real browser): started again while the station runs, it opens the running app's page and exits 0;
 * a port held by another station or another program, a configuration that cannot be read or a data
 * folder that cannot be made are said on a Romanian page opened in the browser as a file, exit 1.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uiAddress, uiCommand } from '../../../station/src/cli/ui-command.ts';
import { FAILURE_PAGE_NAME } from '../../../station/src/launcher/startup-failure-page.ts';
import { captureIo, type CapturedIo } from '../../support/cli-capture.ts';
import { killAll, spawnNode, STATION_BIN } from '../../support/real-processes.ts';
import { freePort } from '../../support/registry-app.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => (tmp = await makeTempDir('ui-open-')));
afterAll(() => tmp.cleanup());
afterEach(() => killAll());

/** A CliIo whose browser is a list of the addresses it was asked to open. */
function clerkIo(env: NodeJS.ProcessEnv): CapturedIo & { opened: string[] } {
  const opened: string[] = [];
  return Object.assign(captureIo({ env, cwd: tmp.dir }), { opened, openUrl: async (url: string) => void opened.push(url) });
}

/** A station app running in this process until `stop()`; its address once it listens. */
async function runningStation(dataDir: string, port: number) {
  const stop = new AbortController();
  const io = clerkIo({ STATION_DATA_DIR: dataDir });
  const done = uiCommand(['--port', String(port)], io, stop.signal);
  // a safety limit only: it says its address as soon as it listens
  for (let i = 0; !/cheie=/.test(io.out()); i++) {
    if (i > 3000) throw new Error(`station ui did not start: ${io.err()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    secret: /#cheie=([A-Za-z0-9_-]+)/.exec(io.out())![1]!,
    stop: async () => {
      stop.abort();
      expect(await done).toBe(0);
    },
  };
}

/** The failure page the clerk's browser was given (a file: URL), its path and text. */
async function failurePage(io: { opened: string[] }) {
  expect(io.opened).toHaveLength(1);
  expect(io.opened[0]).toMatch(/^file:\/\//);
  const file = fileURLToPath(io.opened[0]!);
  return { file, html: await readFile(file, 'utf8') };
}

describe('station ui --open, started again', () => {
  it('while this station runs: opens the running page (address with its secret) and exits 0', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const port = await freePort();
    const first = await runningStation(dataDir, port);
    try {
      const io = clerkIo({ STATION_DATA_DIR: dataDir });
      expect(await uiCommand(['--port', String(port), '--open'], io)).toBe(0);
      expect(io.opened).toEqual([uiAddress(port, first.secret)]);
      expect(io.out()).toContain('Stația rulează deja pe acest calculator; pagina ei a fost deschisă în browser');
      expect(io.err()).toBe('');
      // without --open: the address, no browser, exit 0
      const plain = clerkIo({ STATION_DATA_DIR: dataDir });
      expect(await uiCommand(['--port', String(port)], plain)).toBe(0);
      expect(plain.opened).toEqual([]);
      expect(plain.out()).toContain(`Stația rulează deja pe acest calculator: ${uiAddress(port, first.secret)}`);
      // the running app still answers with its secret
      expect((await fetch(`http://127.0.0.1:${port}/api/state`, { headers: { 'x-station-secret': first.secret } })).status).toBe(200);
    } finally {
      await first.stop();
    }
  });

  it('another station (another data folder) on the port: PORT_IN_USE on a page in the browser, exit 1', async () => {
    const port = await freePort();
    const other = await runningStation(path.join(tmp.dir, 'data-other'), port);
    try {
      const dataDir = path.join(tmp.dir, 'data-mine');
      const io = clerkIo({ STATION_DATA_DIR: dataDir });
      expect(await uiCommand(['--port', String(port), '--open'], io)).toBe(1);
      expect(io.err()).toContain(`Eroare [PORT_IN_USE]: Portul ${port} este deja folosit de altă stație de scanare, pornită cu alt dosar de date.`);
      const page = await failurePage(io);
      expect(page.file).toBe(path.join(dataDir, FAILURE_PAGE_NAME));
      expect(page.html).toContain(`Portul ${port} este deja folosit de altă stație de scanare`);
      expect(page.html).not.toContain(other.secret);
    } finally {
      await other.stop();
    }
  });

  it('another program on the port: PORT_IN_USE naming the port, on a page in the browser, exit 1', async () => {
    const busy = createServer((s) => s.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok')).listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const dataDir = path.join(tmp.dir, 'data-busy');
      const io = clerkIo({ STATION_DATA_DIR: dataDir });
      expect(await uiCommand(['--port', String(port), '--open'], io)).toBe(1);
      expect(io.err()).toContain(`Eroare [PORT_IN_USE]: Portul ${port} este deja folosit de alt program. Închideți acel program sau alegeți alt port`);
      const page = await failurePage(io);
      expect(page.html).toContain(`Portul ${port} este deja folosit de alt program.`);
      expect(page.html).toContain('Ce puteți face');
    } finally {
      busy.close();
    }
  });
});

describe('station ui --open cannot start', () => {
  it('a configuration file that is not JSON: its data folder unknown, the page (escaped) goes to the temporary folder', async () => {
    const config = path.join(tmp.dir, 'config <rău> & "greșit".json');
    await writeFile(config, '{ nu e JSON');
    const io = clerkIo({ STATION_DATA_DIR: path.join(tmp.dir, 'data-config') });
    expect(await uiCommand(['--open', '--config', config], io)).toBe(1);
    expect(io.err()).toContain('Eroare [CONFIG_INVALID]');
    const page = await failurePage(io);
    try {
      expect(path.dirname(page.file)).not.toBe(path.join(tmp.dir, 'data-config'));
      expect(page.html).toContain('config &lt;rău&gt; &amp; &quot;greșit&quot;.json nu este JSON valid.');
      expect(page.html).not.toContain('<rău>');
      expect(page.html).toContain('Cereți administratorului calculatorului să corecteze configurarea stației');
    } finally {
      await rm(page.file, { force: true });
    }
  });

  it('a data folder that cannot be made (a file is in its way): the page goes to the temporary folder, with the error the terminal shows', async () => {
    const blocker = path.join(tmp.dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    const io = clerkIo({ STATION_DATA_DIR: path.join(blocker, 'data') });
    expect(await uiCommand(['--open', '--port', String(await freePort())], io)).toBe(1);
    const page = await failurePage(io);
    try {
      expect(page.file.startsWith(blocker)).toBe(false);
      expect(page.html).toContain('<h1>Stația de scanare nu a pornit</h1>');
      // the terminal's error, on the page: the path through a file named (ENOTDIR, fs-errors.ts), not «Eroare neașteptată»
      expect(io.err()).toContain('Eroare [FILE_ACCESS_DENIED]');
      expect(page.html).toContain('Cod eroare: FILE_ACCESS_DENIED');
      expect(page.html).toContain('trece printr-un fișier acolo unde ar trebui să fie un dosar');
    } finally {
      await rm(page.file, { force: true });
    }
  });

  it('without --open nothing is opened: the error stays on the terminal', async () => {
    const io = clerkIo({});
    expect(await uiCommand(['--config', path.join(tmp.dir, 'absent.json')], io)).toBe(1);
    expect(io.err()).toContain('Eroare [CONFIG_INVALID]');
    expect(io.opened).toEqual([]);
  });
});

describe('the real program, its browser a recording xdg-open on PATH', () => {
  /** A PATH whose xdg-open writes the address it is given into `log` (one line each) instead of opening a browser. */
  async function recordingOpener(name: string) {
    const bin = path.join(tmp.dir, `${name}-bin`);
    const log = path.join(tmp.dir, `${name}-opened.txt`);
    await mkdir(bin, { recursive: true });
    await writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`);
    await chmod(path.join(bin, 'xdg-open'), 0o755);
    return { PATH: `${bin}${path.delimiter}${process.env.PATH}`, opened: () => readFile(log, 'utf8').then((t) => t.split('\n').filter(Boolean), () => []) };
  }

  it('`station ui --open` clicked twice: the second opens the first one\'s page and exits 0', async () => {
    const opener = await recordingOpener('twice');
    const env = { PATH: opener.PATH, STATION_DATA_DIR: path.join(tmp.dir, 'data-twice') };
    const port = String(await freePort());
    const first = spawnNode(STATION_BIN, ['ui', '--open', '--port', port], { env, cwd: tmp.dir });
    // a safety limit only: the first has opened its page once it listens
    for (let i = 0; (await opener.opened()).length < 1; i++) {
      if (first.child.exitCode !== null || i > 3000) throw new Error(`first station ui: ${first.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const second = await spawnNode(STATION_BIN, ['ui', '--open', '--port', port], { env, cwd: tmp.dir }).exited;
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Stația rulează deja pe acest calculator; pagina ei a fost deschisă în browser');
    const secret = (await readFile(path.join(env.STATION_DATA_DIR, 'ui-secret'), 'utf8')).trim();
    expect(await opener.opened()).toEqual([uiAddress(Number(port), secret), uiAddress(Number(port), secret)]);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
  });

  it('a double click (two starts at the same moment, a new data folder): one station runs, the other opens its page and exits 0', async () => {
    const opener = await recordingOpener('double');
    const env = { PATH: opener.PATH, STATION_DATA_DIR: path.join(tmp.dir, 'data-double') };
    const port = String(await freePort());
    const [a, b] = [0, 1].map(() => spawnNode(STATION_BIN, ['ui', '--open', '--port', port], { env, cwd: tmp.dir }));
    // a safety limit only: one has exited (it found the other), the other runs and both pages were opened
    for (let i = 0; (a!.child.exitCode === null) === (b!.child.exitCode === null) || (await opener.opened()).length < 2; i++) {
      if ((a!.child.exitCode !== null && b!.child.exitCode !== null) || i > 3000) throw new Error(`${a!.stderr()}\n${b!.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const [second, first] = a!.child.exitCode !== null ? [a!, b!] : [b!, a!];
    const ended = await second.exited;
    expect(ended).toMatchObject({ code: 0, stderr: '' });
    expect(ended.stdout).toContain('Stația rulează deja pe acest calculator; pagina ei a fost deschisă în browser');
    const secret = (await readFile(path.join(env.STATION_DATA_DIR, 'ui-secret'), 'utf8')).trim();
    expect(await opener.opened()).toEqual([uiAddress(Number(port), secret), uiAddress(Number(port), secret)]);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
  });

  it('Ctrl+C (SIGTERM) while the browser is still being opened: the app stops cleanly once the opener returns, exit 0', async () => {
    const bin = path.join(tmp.dir, 'slow-bin');
    const log = path.join(tmp.dir, 'slow-opened.txt');
    const release = path.join(tmp.dir, 'slow-release');
    await mkdir(bin, { recursive: true });
    // an opener that has been given the address and has not returned yet (until the test releases it)
    await writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\nwhile [ ! -e '${release}' ]; do sleep 0.05; done\n`);
    await chmod(path.join(bin, 'xdg-open'), 0o755);
    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}`, STATION_DATA_DIR: path.join(tmp.dir, 'data-slow') };
    const p = spawnNode(STATION_BIN, ['ui', '--open', '--port', String(await freePort())], { env, cwd: tmp.dir });
    for (let i = 0; !(await readFile(log, 'utf8').catch(() => '')); i++) {
      if (p.child.exitCode !== null || i > 3000) throw new Error(`station ui: ${p.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    p.child.kill('SIGTERM');
    await writeFile(release, '');
    const exit = await p.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.stdout).toContain('Se oprește stația');
  });

  it('a processor without SSE4.1 (node --no-enable-sse4-1): the reason on a page, opened as a file, exit 1', async () => {
    const opener = await recordingOpener('cpu');
    const pages = path.join(tmp.dir, 'tmp-cpu');
    await mkdir(pages);
    const env = { PATH: opener.PATH, HOME: tmp.dir, TMPDIR: pages, STATION_DATA_DIR: path.join(tmp.dir, 'data-cpu') };
    const err = await promisify(execFile)(process.execPath, ['--no-enable-sse4-1', STATION_BIN, 'ui', '--open'], { cwd: tmp.dir, env, timeout: 120_000 })
      .then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('Eroare [CPU_UNSUPPORTED]');
    const opened = await opener.opened();
    expect(opened).toHaveLength(1);
    const file = fileURLToPath(opened[0]!);
    expect(path.dirname(file)).toBe(pages);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('Cod eroare: CPU_UNSUPPORTED');
    expect(html).toContain('Stația nu poate rula pe acest calculator.');
  }, 150_000);
});

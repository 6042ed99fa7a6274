/**
 * `station ui --stop` as the administrator runs it, against real `station ui` processes (the clerk's
 * icon runs one with no window, so no Ctrl+C): the app stops as on Ctrl+C (its process exits 0, the
 * port is free); nothing running is said, exit 0; another station on the port is refused by name; a
 * batch in progress (a watched-folder batch started through the app's API, with a page taken) is
 * refused — the app keeps running, the batch keeps scanning — and `--force` pauses it first, every
 * page kept. Waits are on real conditions (output, process exit, the batch's pages) with safety limits.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contentPage, toJpeg } from '../../support/make-pages.ts';
import { killAll, spawnNode, STATION_BIN, type Child } from '../../support/real-processes.ts';
import { freePort } from '../../support/registry-app.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => (tmp = await makeTempDir('ui-stop-')));
afterAll(() => tmp.cleanup());
afterEach(() => killAll());

const envFor = (name: string) => ({ STATION_DATA_DIR: path.join(tmp.dir, `data-${name}`), STATION_BARCODE_WORKERS: '1' });

/** A safety limit only: polls `cond` until it holds. */
async function until(cond: () => boolean | Promise<boolean>, what: () => string): Promise<void> {
  for (let i = 0; !(await cond()); i++) {
    if (i > 6000) throw new Error(`gave up waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `station ui --port <port>` in its own process, once it listens; its secret. */
async function runningUi(env: NodeJS.ProcessEnv, port: number): Promise<Child & { secret: string }> {
  const p = spawnNode(STATION_BIN, ['ui', '--port', String(port)], { env, cwd: tmp.dir });
  await until(() => /cheie=/.test(p.stdout()) || p.child.exitCode !== null, () => p.stderr());
  expect(p.child.exitCode, p.stderr()).toBeNull();
  return Object.assign(p, { secret: /#cheie=([A-Za-z0-9_-]+)/.exec(p.stdout())![1]! });
}

const stopCommand = (env: NodeJS.ProcessEnv, port: number, ...extra: string[]) =>
  spawnNode(STATION_BIN, ['ui', '--stop', '--port', String(port), ...extra], { env, cwd: tmp.dir }).exited;

/** Whether this test can listen on the port itself (nothing holds it). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function api(port: number, secret: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${url}`, {
    method, headers: { 'x-station-secret': secret, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('station ui --stop', () => {
  it('stops the running app of this station as Ctrl+C does: its process exits 0, the port is free, the words say so', async () => {
    const env = envFor('plain');
    const port = await freePort();
    const app = await runningUi(env, port);
    const stop = await stopCommand(env, port);
    expect(stop, stop.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(stop.stdout).toBe(`Stația de scanare a fost oprită (portul ${port} este liber).\n`);
    // it waited for the app to let go: the app's process has ended by now, on its own, exit 0
    expect(app.child.exitCode).toBe(0);
    const exit = await app.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.stdout).toContain('Se oprește stația');
    expect(await portFree(port)).toBe(true);
  });

  it('nothing running: says so, exit 0, and again', async () => {
    const env = envFor('none');
    const port = await freePort();
    for (let i = 0; i < 2; i++) {
      const stop = await stopCommand(env, port);
      expect(stop).toMatchObject({ code: 0, stderr: '' });
      expect(stop.stdout).toBe(`Stația nu rulează pe acest calculator (nimic nu ascultă pe portul ${port}): nu este nimic de oprit.\n`);
    }
  });

  it('another station (another data folder) or another program on the port: refused naming it, exit 1, nothing stopped', async () => {
    const port = await freePort();
    const other = await runningUi(envFor('other'), port);
    const stop = await stopCommand(envFor('mine'), port);
    expect(stop.code).toBe(1);
    expect(stop.stderr).toContain(`Eroare [PORT_IN_USE]: Portul ${port} este folosit de altă stație de scanare, pornită cu alt dosar de date, nu de această stație: nu a fost oprit nimic.`);
    expect((await api(port, other.secret, 'GET', '/api/state')).status).toBe(200);
    expect(other.child.exitCode).toBeNull();

    // a program that answers anything with a 200 of its own (the command's probe resets its connection: not an error here)
    const busy = createServer((s) => s.on('error', () => {}).end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok')).listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    try {
      const onBusy = await stopCommand(envFor('mine'), (busy.address() as { port: number }).port);
      expect(onBusy.code).toBe(1);
      expect(onBusy.stderr).toContain('este folosit de alt program, nu de această stație: nu a fost oprit nimic.');
    } finally {
      busy.close();
    }
  });
});

describe('station ui --stop while a batch is in progress', () => {
  it('refused with what to do, the app and its batch untouched; --force pauses the batch with its pages, then stops', async () => {
    const env = envFor('batch');
    const port = await freePort();
    const app = await runningUi(env, port);
    const folder = path.join(tmp.dir, 'urmarit');
    await mkdir(folder, { recursive: true });
    const started = await api(port, app.secret, 'POST', '/api/scan', { driver: 'folder', device: folder });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const batchId = started.json.batchId as string;
    // one page taken into the batch (journalled, on its page): the batch is under way
    await writeFile(path.join(folder, '.p01.jpg.part'), await toJpeg(await contentPage(200, 1), 85));
    await rename(path.join(folder, '.p01.jpg.part'), path.join(folder, 'p01.jpg'));
    const pages = async () => ((await api(port, app.secret, 'GET', `/api/batches/${batchId}`)).json.pages as unknown[]).length;
    await until(async () => (await pages()) === 1, () => app.stderr());

    const refused = await stopCommand(env, port);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Eroare [CONFLICT]: Stația nu a fost oprită: lotul ${batchId} se scanează acum. Încheiați-l («Încheie lotul») sau opriți-l («Oprește (lotul rămâne în pauză)») din pagina stației, apoi rulați din nou „station ui --stop”.`);
    // the app runs on and its batch goes on scanning, with its page
    expect(app.child.exitCode).toBeNull();
    const state = await api(port, app.secret, 'GET', '/api/state');
    expect(state.json.runner).toMatchObject({ state: 'scanning', batchId });
    expect(await pages()).toBe(1);
    expect((await api(port, app.secret, 'GET', `/api/batches/${batchId}`)).json.batch.state).toBe('scanning');

    const forced = await stopCommand(env, port, '--force');
    expect(forced, forced.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(forced.stdout).toBe(
      `Lotul ${batchId} a fost pus în pauză, cu toate paginile scanate până acum; după ce porniți din nou stația, îl puteți continua din pagina «Loturi».\n`
      + `Stația de scanare a fost oprită (portul ${port} este liber).\n`,
    );
    expect((await app.exited).code).toBe(0);
    expect(await portFree(port)).toBe(true);

    // started again: the batch is paused, its page kept
    const again = await runningUi(env, port);
    const batch = await api(port, again.secret, 'GET', `/api/batches/${batchId}`);
    expect(batch.json.batch.state).toBe('paused');
    expect(batch.json.pages).toHaveLength(1);
    expect((await stopCommand(env, port)).code).toBe(0);
    expect((await again.exited).code).toBe(0);
  }, 240_000);
});

describe('station ui --stop, usage', () => {
  it('--force without --stop is a usage error (exit 2); --help names --stop', async () => {
    const bad = await spawnNode(STATION_BIN, ['ui', '--force'], { env: envFor('usage'), cwd: tmp.dir }).exited;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Opțiunea --force se folosește doar împreună cu --stop.');
    const help = await spawnNode(STATION_BIN, ['ui', '--help'], { env: envFor('usage'), cwd: tmp.dir }).exited;
    expect(help.stdout).toContain('--stop            oprește stația pornită cu aceeași configurare');
    expect(await readFile(path.join(tmp.dir, 'data-usage', 'ui-secret'), 'utf8').catch(() => null)).toBeNull(); // nothing made
  });
});

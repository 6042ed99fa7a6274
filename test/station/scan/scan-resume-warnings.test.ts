/**
 * `station scan` from a watched folder, paused by a real Ctrl-C and finished with `--resume`: the
 * warning said before the pause (a copy of a page already taken) is in the final summary.json, once.
 * The station binary as a child process; events and files are waited for, never a fixed delay.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { contentPage, separatorPage, toJpeg } from '../../support/make-pages.ts';
import { killAll, spawnNode, STATION_BIN, type Child } from '../../support/real-processes.ts';
import { events as jsonEvents } from '../../support/scan-results.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => void ({ dir: root, cleanup } = await makeTempDir('scan-resume-warnings-')));
afterEach(() => killAll());
afterAll(() => cleanup());

const TAKEN = 'Fișierul „p2-bis.jpg” a fost deja preluat într-un lot (același conținut); nu a fost preluat din nou și a fost mutat în arhivă.';
const events = (c: Child) => jsonEvents(c.stdout());

/** Puts a page into the watched folder whole (written aside, then renamed in). */
async function drop(folder: string, name: string, bytes: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(folder), `.${name}.tmp`);
  await writeFile(tmp, bytes);
  await rename(tmp, path.join(folder, name));
}

describe('station scan paused and resumed', () => {
  it('ends with the warning said before the pause, once', async () => {
    const watched = path.join(root, 'scanner');
    await mkdir(watched, { recursive: true });
    const env = { STATION_DATA_DIR: path.join(root, 'data') };
    const p2 = new Uint8Array(await toJpeg(await contentPage(150, 1)));
    const child = spawnNode(STATION_BIN, ['scan', '--driver', 'folder', '--device', watched, '--out', 'documente', '--batch-id', 'LOT-W', '--json'], { cwd: root, env });
    await expect.poll(() => events(child).some((e) => e.event === 'batch-start'), { timeout: 200_000 }).toBe(true);
    await drop(watched, 'p1.jpg', new Uint8Array(await toJpeg(await separatorPage(150, { value: '84512/27.09.2021', format: 'Code128', moduleMm: 0.5 }))));
    await drop(watched, 'p2.jpg', p2);
    await expect.poll(() => events(child).filter((e) => e.event === 'page').length, { timeout: 200_000 }).toBe(2);
    await drop(watched, 'p2-bis.jpg', p2); // the same content again: not taken, named
    await expect.poll(() => events(child).some((e) => e.event === 'warning' && e.message === TAKEN), { timeout: 200_000 }).toBe(true);
    child.child.kill('SIGINT');
    expect((await child.exited).code).toBe(130);

    await drop(watched, 'p3.jpg', new Uint8Array(await toJpeg(await contentPage(150, 2))));
    const resumed = spawnNode(STATION_BIN, ['scan', '--resume', 'LOT-W', '--idle-stop', '1', '--json'], { cwd: root, env });
    const done = await resumed.exited;
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    const s = JSON.parse(await readFile(path.join(root, 'documente', 'summary.json'), 'utf8')) as SplitSummary;
    expect(s.pagesIn).toBe(3);
    expect(s.warnings.filter((w) => w.code === 'FILE_ALREADY_TAKEN')).toEqual([{ code: 'FILE_ALREADY_TAKEN', message: TAKEN }]);
  }, 400_000);
});

/**
 * Ctrl-C, for real: the station binary as a child process and a real SIGINT, sent once the batch is
 * visibly under way (events and files are waited for, never a fixed delay). `split` is cancelled and
 * leaves no staging folder and an untouched --out; `scan` (watched folder) is paused with its pages
 * kept and says how to resume, and `--resume` finishes it. A batch id used twice is BATCH_EXISTS.
 * The watched-folder batch ends with --idle-stop, and a file dropped in again is named.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { openJournal } from '../../../station/src/journal/open-journal.ts';
import { contentPage, separatorPage, toJpeg } from '../../support/make-pages.ts';
import { killAll, spawnNode, STATION_BIN, type Child } from '../../support/real-processes.ts';
import { events as jsonEvents, type StationEvent } from '../../support/scan-results.ts';
import { runSplit } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
let sep: Uint8Array;
let content: Uint8Array[];
beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('interrupt-'));
  sep = new Uint8Array(await toJpeg(await separatorPage(150, { value: '84512/27.09.2021', format: 'Code128', moduleMm: 0.5 })));
  content = [];
  for (let i = 1; i <= 4; i++) content.push(new Uint8Array(await toJpeg(await contentPage(150, i))));
});
afterEach(() => killAll());
afterAll(() => cleanup());

/**
 * Polls `check` until it holds. A child that has ended fails at once (it will not print any more);
 * the limit is a safety net under the test's own: the demo alone took 65 s to generate its batch
 * at a load average of 39, past the 60 s this was.
 */
async function waitFor<T>(what: string, check: () => T | null | undefined | false | Promise<T | null | undefined | false>, child?: Child, timeoutMs = 200_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  const output = () => (child ? `\nstdout:\n${child.stdout()}\nstderr:\n${child.stderr()}` : '');
  for (;;) {
    const v = await check();
    if (v) return v;
    if (child && child.child.exitCode !== null) throw new Error(`the process ended (exit ${child.child.exitCode}) before ${what}${output()}`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const events = (c: Child): StationEvent[] => jsonEvents(c.stdout());

function batchRow(dataDir: string, id: string): { status: string; error_code: string | null } | undefined {
  const db = openJournal(dataDir);
  try {
    return db.prepare('SELECT status, error_code FROM batches WHERE id = ?').get(id) as { status: string; error_code: string | null } | undefined;
  } finally {
    db.close();
  }
}

/** Puts a page into the watched folder whole (written aside, then renamed in). */
async function drop(folder: string, name: string, bytes: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(folder), `.${name}.tmp`);
  await writeFile(tmp, bytes);
  await rename(tmp, path.join(folder, name));
}

describe('Ctrl-C during station split', () => {
  it('cancels the batch cleanly: exit 130, the clerk is told, no staging folder, --out untouched, journal «cancelled»', async () => {
    const dir = path.join(root, 'split');
    const inDir = path.join(dir, 'in');
    await mkdir(inDir, { recursive: true });
    await writeFile(path.join(inDir, 'p0000.jpg'), sep);
    // one long document: the batch is still running when its PDF appears in the staging folder
    for (let i = 1; i <= 400; i++) await writeFile(path.join(inDir, `p${String(i).padStart(4, '0')}.jpg`), content[i % 4]!);
    const dataDir = path.join(dir, 'data');
    const child = spawnNode(STATION_BIN, ['split', 'in', '--out', 'out', '--batch-id', 'LOT-CTRLC'], {
      cwd: dir, env: { STATION_DATA_DIR: dataDir, STATION_CONCURRENCY: '1', STATION_BARCODE_WORKERS: '0' },
    });
    const staging = path.join(dir, '.out.staging-LOT-CTRLC');
    await waitFor('a PDF being written in the staging folder', async () => (await readdir(staging).catch(() => [])).some((n) => n.endsWith('.pdf')), child);
    child.child.kill('SIGINT');
    const exit = await child.exited;
    expect(exit.code).toBe(130);
    expect(exit.stderr).toBe(`Oprit (Ctrl+C): împărțirea lotului LOT-CTRLC a fost anulată. Nimic nu a fost scris în „out”, fișierele de intrare sunt neatinse; porniți din nou comanda când doriți.\n`);
    expect(existsSync(staging)).toBe(false);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(['data', 'in']);
    expect(batchRow(dataDir, 'LOT-CTRLC')).toEqual({ status: 'cancelled', error_code: 'CANCELLED' });
    expect(await readdir(inDir)).toHaveLength(401);

    // the same batch id again: its own error, not INTERNAL «UNIQUE constraint failed»
    const again = await runSplit(['in', '--out', 'out2', '--batch-id', 'LOT-CTRLC'], { cwd: dir, dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^Eroare \[BATCH_EXISTS\]: Lotul LOT-CTRLC există deja în jurnalul stației \(anulat, început la /);
    expect(existsSync(path.join(dir, 'out2'))).toBe(false);
  }, 240_000);
});

describe('Ctrl-C during station demo', () => {
  it('cancels its split the same way and says where the generated batch stayed', async () => {
    const dir = path.join(root, 'demo');
    await mkdir(dir, { recursive: true });
    const child = spawnNode(STATION_BIN, ['demo', '--out', 'd'], { cwd: dir, env: { STATION_DATA_DIR: path.join(dir, 'data') } });
    await waitFor('the split to start', () => child.stdout().includes('Se împarte lotul'), child);
    child.child.kill('SIGINT');
    const exit = await child.exited;
    expect(exit.code).toBe(130);
    expect(exit.stderr).toBe(`Oprit (Ctrl+C): demonstrația a fost anulată; lotul generat a rămas în ${path.join(dir, 'd', 'scanare')}.\n`);
    expect((await readdir(path.join(dir, 'd'))).sort()).toEqual(['date-statie', 'scanare', 'truth.json']); // no documente/, no staging folder
  }, 240_000);
});

describe('station scan from a watched folder', () => {
  it('Ctrl-C pauses the batch with its pages and names --resume; --resume and --idle-stop finish it', async () => {
    const dir = path.join(root, 'scan');
    const watched = path.join(dir, 'scanner');
    await mkdir(watched, { recursive: true });
    const dataDir = path.join(dir, 'data');
    const env = { STATION_DATA_DIR: dataDir };
    const child = spawnNode(STATION_BIN, ['scan', '--driver', 'folder', '--device', watched, '--out', 'documente', '--batch-id', 'LOT-F'], { cwd: dir, env });
    await waitFor('batch-start', () => events(child).some((e) => e.event === 'batch-start'), child);
    await drop(watched, 'p1.jpg', sep);
    await drop(watched, 'p2.jpg', content[0]!);
    await waitFor('two pages processed', () => events(child).filter((e) => e.event === 'page').length === 2, child);
    child.child.kill('SIGINT');
    const exit = await child.exited;
    expect(exit.code).toBe(130);
    const last = events(child).at(-1)!;
    expect(last).toMatchObject({ event: 'interrupted', batchId: 'LOT-F', status: 'paused', resume: 'station scan --resume LOT-F' });
    expect(last.message).toContain('Imaginile scanate până acum (2) sunt păstrate; lotul LOT-F este în pauză');
    expect(batchRow(dataDir, 'LOT-F')).toMatchObject({ status: 'paused' });
    expect((await readdir(dir)).sort()).toEqual(['data', 'scanner']); // no staging folder, no --out

    await drop(watched, 'p3.jpg', content[1]!);
    const resumed = spawnNode(STATION_BIN, ['scan', '--resume', 'LOT-F', '--idle-stop', '1'], { cwd: dir, env });
    const done = await resumed.exited;
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    const s = JSON.parse(await readFile(path.join(dir, 'documente', 'summary.json'), 'utf8')) as SplitSummary;
    expect(s.pagesIn).toBe(3);
    expect(s.documents.map((d) => [d.id, d.pages])).toEqual([['84512/27.09.2021', 2]]);
    expect(batchRow(dataDir, 'LOT-F')).toMatchObject({ status: 'completed' });

    // the same page dropped again under another name: named, not silently archived into a 0-page batch
    const archived = await readdir(path.join(watched, 'arhiva'), { recursive: true });
    const p2 = archived.find((f) => f.endsWith('p2.jpg'))!;
    await drop(watched, 'copie-p2.jpg', await readFile(path.join(watched, 'arhiva', p2)));
    const dup = spawnNode(STATION_BIN, ['scan', '--driver', 'folder', '--device', watched, '--out', 'documente2', '--idle-stop', '1'], { cwd: dir, env });
    const dupExit = await dup.exited;
    expect(dupExit.code).toBe(0);
    expect(events(dup)).toContainEqual(expect.objectContaining({
      event: 'warning', code: 'FILE_ALREADY_TAKEN',
      message: 'Fișierul „copie-p2.jpg” a fost deja preluat într-un lot (același conținut); nu a fost preluat din nou și a fost mutat în arhivă.',
    }));
    const s2 = JSON.parse(await readFile(path.join(dir, 'documente2', 'summary.json'), 'utf8')) as SplitSummary;
    expect(s2.pagesIn).toBe(0);
    expect(s2.warnings).toContainEqual(expect.objectContaining({ code: 'FILE_ALREADY_TAKEN', message: expect.stringContaining('„copie-p2.jpg”') }));
  }, 240_000);

  it('on a real terminal (a pty from util-linux «script»), the key S ends the batch with its pages', async (t) => {
    if (!existsSync('/usr/bin/script')) return t.skip();
    const dir = path.join(root, 'tty');
    const watched = path.join(dir, 'scanner');
    await mkdir(watched, { recursive: true });
    const command = [process.execPath, STATION_BIN, 'scan', '--driver', 'folder', '--device', watched, '--out', 'documente', '--batch-id', 'LOT-T']
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('/usr/bin/script', ['-qfec', command, '/dev/null'], {
      cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, STATION_DATA_DIR: path.join(dir, 'data'), TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      await waitFor('the key hint', () => out.includes('Apăsați S sau Enter pentru a încheia lotul'));
      await drop(watched, 'p1.jpg', sep);
      await drop(watched, 'p2.jpg', content[2]!);
      await waitFor('two pages on the live line', () => out.includes('Pagini: 2 |'));
      child.stdin.write('s');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    expect(out).toContain('Lot LOT-T');
    const s = JSON.parse(await readFile(path.join(dir, 'documente', 'summary.json'), 'utf8')) as SplitSummary;
    expect(s.documents.map((d) => [d.id, d.pages])).toEqual([['84512/27.09.2021', 1]]);
  }, 240_000);

  it('--idle-stop is refused for a real scanner, and must be a number of seconds', async () => {
    const dir = path.join(root, 'idle');
    await mkdir(dir, { recursive: true });
    const env = { STATION_DATA_DIR: path.join(dir, 'data') };
    const sane = await spawnNode(STATION_BIN, ['scan', '--driver', 'sane', '--device', 'test:0', '--out', 'o', '--idle-stop', '5'], { cwd: dir, env }).exited;
    expect(sane.code).toBe(2);
    expect(JSON.parse(sane.stdout)).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--idle-stop este doar pentru dosarul urmărit') });
    const bad = await spawnNode(STATION_BIN, ['scan', '--driver', 'folder', '--device', dir, '--out', 'o', '--idle-stop', 'mult'], { cwd: dir, env }).exited;
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ code: 'USAGE', message: expect.stringContaining('între 1 și 86400') });
  });
});

/**
 * A handover set is whole or absent: a list that cannot be written (here a real write refused by the
 * disk — the station run under a file-size limit, `prlimit --fsize`, so the second, longer list fails
 * with EFBIG after the first was written) takes back the lists already written, names the one that
 * failed in Romanian, and leaves the folder as it was (a folder it made for the set removed), so the
 * clerk can simply rerun.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHandoverLists } from '../../../station/src/handover/write-handover-lists.ts';
import { REPO_ROOT } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'bin', 'station.js');
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('handover-write-'));
  // a batch and its borderou: «Arhivă» (one document) is written first, «Urbanism» (sixty, a longer PDF) second
  const urbanism = Array.from({ length: 60 }, (_, i) => `${84600 + i}/27.09.2021`);
  const ids = ['84512/27.09.2021', ...urbanism];
  await writeFile(path.join(dir, 'b.csv'), ['numar_inregistrare;structura;nr_file', '84512/27.09.2021;Arhivă;1', ...urbanism.map((n) => `${n};Urbanism;1`), ''].join('\n'));
  await mkdir(path.join(dir, 'lot'));
  const documents = ids.map((id) => ({ id, file: `${id.replace(/\//g, '_')}.pdf`, pages: 1, sheets: 1, sha256: 'x', flags: [] }));
  await writeFile(path.join(dir, 'lot', 'summary.json'), JSON.stringify({ batchId: '20210928-0930', pagesIn: 61, separatorPages: 0, blankPages: 0, documents, unassigned: null, warnings: [] }));
});
afterAll(async () => {
  await cleanup?.();
});

/** `station handover` as a child process, optionally under a limit on the size of any file it writes. */
async function handover(out: string, fsizeLimit?: number): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [BIN, 'handover', '--batch', 'lot/summary.json', '--out', out, '--borderou', 'b.csv', '--date', '28.09.2021'];
  const [cmd, argv] = fsizeLimit === undefined ? [process.execPath, args] : ['prlimit', [`--fsize=${fsizeLimit}`, process.execPath, ...args]];
  try {
    const r = await run(cmd, argv, { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, STATION_DATA_DIR: path.join(dir, 'data') }, timeout: 120_000 });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** The list files a handover run names on stdout, in the order it wrote them. */
const writtenOrder = (stdout: string) => [...stdout.matchAll(/^ {2}(predare-\S+\.pdf) /gm)].map((m) => m[1]!);

describe('station handover: a list that cannot be written leaves no list of the set behind', () => {
  it('the second list fails for real (EFBIG): the first is taken back, the clerk is told which list and why, a rerun writes them all', async () => {
    // the sizes of the two lists, written without a limit
    const whole = await handover('proba');
    expect(whole.code, whole.stderr).toBe(0);
    const order = writtenOrder(whole.stdout);
    expect(order).toEqual(['predare-2021-09-28-arhiva.pdf', 'predare-2021-09-28-urbanism.pdf']);
    const [small, large] = await Promise.all(order.map(async (n) => (await stat(path.join(dir, 'proba', n))).size));
    expect(large! - small!).toBeGreaterThan(2000); // room for a limit between them

    const failed = await handover('predare', Math.floor((small! + large!) / 2));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Lista de predare „predare-2021-09-28-urbanism.pdf” nu a putut fi scrisă');
    expect(failed.stderr).toContain('(fișierul depășește mărimea permisă pe acest disc)');
    expect(failed.stderr).toContain('Nu a fost păstrată nicio listă din acest set (1 listă scrisă înainte a fost ștearsă), ca să nu rămână o predare pe jumătate.');
    expect(failed.stdout).not.toContain('Am scris');
    // no list, no half of one, no temporary file, and not the folder the run made for them
    expect(await readdir(dir)).not.toContain('predare');

    // nothing stuck: the clerk reruns into the same folder and gets the whole set
    const again = await handover('predare');
    expect(again.code, again.stderr).toBe(0);
    expect((await readdir(path.join(dir, 'predare'))).sort()).toEqual(order);
  }, 240_000);
});

describe('writeHandoverLists: a name already taken is refused before anything is written', () => {
  it('a link leading nowhere under a list\'s name counts as taken: OUTPUT_NOT_EMPTY naming it, the link kept, no list written', async () => {
    const out = path.join(dir, 'cu-legatura');
    await mkdir(out);
    await symlink(path.join(dir, 'nu-exista.pdf'), path.join(out, 'predare-2021-09-28-urbanism.pdf'));
    const err = await writeHandoverLists({ summaryFile: path.join(dir, 'lot', 'summary.json'), outDir: out, borderouFile: path.join(dir, 'b.csv'), date: '2021-09-28' })
      .then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({
      code: 'OUTPUT_NOT_EMPTY',
      message: `În dosarul „${out}” există deja „predare-2021-09-28-urbanism.pdf”. Alegeți un dosar gol: nu suprascriem nimic.`,
    });
    expect(await readdir(out)).toEqual(['predare-2021-09-28-urbanism.pdf']);
    expect(await readlink(path.join(out, 'predare-2021-09-28-urbanism.pdf'))).toBe(path.join(dir, 'nu-exista.pdf'));
  });
});

describe('writeHandoverLists: a list whose folder fsync fails', () => {
  const request = (outDir: string, syncFolder: (dir: string) => Promise<void>) =>
    writeHandoverLists({ summaryFile: path.join(dir, 'lot', 'summary.json'), outDir, borderouFile: path.join(dir, 'b.csv'), date: '2021-09-28', io: { syncFolder } });
  const eio = () => Object.assign(new Error('EIO: fsync'), { code: 'EIO', syscall: 'fsync' });

  it('the second list placed, then its folder fsync fails: it is removed with the first, nothing of the set stays', async () => {
    const out = path.join(dir, 'fsync-esuat');
    let calls = 0;
    const err = await request(out, async () => {
      if (++calls === 2) throw eio();
    }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'OUTPUT_FAILED', details: { file: path.join(out, 'predare-2021-09-28-urbanism.pdf'), left: [] } });
    expect((err as Error).message).toContain('Nu a fost păstrată nicio listă din acest set (1 listă scrisă înainte a fost ștearsă)');
    expect(await readdir(dir)).not.toContain('fsync-esuat');
  });

  it('…and when another program put something under its name meanwhile, that is left alone and the clerk is not told to delete it as ours', async () => {
    const out = path.join(dir, 'fsync-ramas');
    let calls = 0;
    const urbanism = path.join(out, 'predare-2021-09-28-urbanism.pdf');
    const err = await request(out, async () => {
      if (++calls < 2) return;
      await rm(urbanism); // another program's folder now stands under the list's name
      await mkdir(urbanism);
      await writeFile(path.join(urbanism, 'x'), 'x');
      throw eio();
    }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'OUTPUT_FAILED', details: { file: urbanism, left: [] } });
    expect((err as Error).message).not.toContain('ștergeți-o');
    expect(await readdir(out)).toEqual(['predare-2021-09-28-urbanism.pdf']);
    expect(await readdir(urbanism)).toEqual(['x']);
  });
});

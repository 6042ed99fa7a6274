/**
 * The web app's secret file found empty or cut short: on a disk without hard links the creating station
 * makes it with 'wx' and then writes it, so another station may read it between the two. Such a file is
 * read again for WRITE_WAIT.totalMs (2 s) before it is taken as left by a creator that died. Real files in
 * a temp folder; the wait runs on a ManualClock the test moves 20 ms at a time: nothing waits on the wall clock.
 */
import fs from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUiSecret, uiSecretPath, WRITE_WAIT } from '../../../station/src/web/ui-secret.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('ui-secret-wait-')));
afterAll(() => cleanup());

const SECRET = 'Qm9uanVyIGRpbiBCdWN1cmXImXRpIQ-_0123456789a'; // 43 base64url characters
const SECRET_FORM = /^[A-Za-z0-9_-]{43}$/;

/**
 * loadUiSecret over `dataDir`, followed step by step: `waitingAt()` settles with the clock's time once the
 * load waits on the clock again, or with null once it has ended (never by the wall clock).
 */
function follow(dataDir: string, clock: ManualClock) {
  let ended = false;
  const load = loadUiSecret(dataDir, undefined, { clock }).finally(() => void (ended = true));
  load.catch(() => undefined);
  return {
    load,
    async waitingAt(): Promise<number | null> {
      await Promise.race([clock.waiting(), load.then(() => undefined, () => undefined)]);
      return ended && clock.pending === 0 ? null : clock.now();
    },
  };
}

describe('a secret file found empty or cut short', () => {
  it.each([
    ['empty', ''],
    ['cut short to a prefix of a secret', SECRET.slice(0, 20)],
  ])('%s and never finished (its creator died): read again until 2 s have passed on the clock, then replaced by a new secret', async (_what, content) => {
    expect(WRITE_WAIT).toEqual({ totalMs: 2_000, stepMs: 20 });
    const dataDir = path.join(root, `left-${content.length}`);
    await loadUiSecret(dataDir); // the folder made
    await writeFile(uiSecretPath(dataDir), content);
    const clock = new ManualClock();
    const run = follow(dataDir, clock);
    // every step until 2 s: still waiting, the file as it was (old code: never waits on the injected clock)
    for (let t = 0; t < WRITE_WAIT.totalMs; t += WRITE_WAIT.stepMs) {
      expect(await run.waitingAt()).toBe(t);
      expect(await readFile(uiSecretPath(dataDir), 'utf8')).toBe(content);
      clock.advance(WRITE_WAIT.stepMs);
    }
    // 2 s gone by: damaged, moved aside and replaced
    expect(await run.waitingAt()).toBeNull();
    const secret = await run.load;
    expect(secret).toMatch(SECRET_FORM);
    expect((await readFile(uiSecretPath(dataDir), 'utf8')).trim()).toBe(secret);
    expect(await readdir(dataDir)).toEqual(['ui-secret']);
  });

  it('empty, then written by its creator within the wait: the creator\'s secret is the one answered, the file kept', async () => {
    const dataDir = path.join(root, 'being-written');
    await loadUiSecret(dataDir);
    await writeFile(uiSecretPath(dataDir), '');
    const clock = new ManualClock();
    const run = follow(dataDir, clock);
    expect(await run.waitingAt()).toBe(0);
    clock.advance(WRITE_WAIT.stepMs);
    expect(await run.waitingAt()).toBe(20);
    // the creating station's one write lands, 1.98 s before the wait would end
    await writeFile(uiSecretPath(dataDir), `${SECRET}\n`);
    clock.advance(WRITE_WAIT.stepMs);
    expect(await run.waitingAt()).toBeNull();
    expect(await run.load).toBe(SECRET);
    expect(await readFile(uiSecretPath(dataDir), 'utf8')).toBe(`${SECRET}\n`);
  });

  it('a file that cannot be a secret being written (other characters) is not waited for', async () => {
    const dataDir = path.join(root, 'not-a-prefix');
    await loadUiSecret(dataDir);
    await writeFile(uiSecretPath(dataDir), 'cheie stricată\n');
    const clock = new ManualClock();
    const run = follow(dataDir, clock);
    expect(await run.waitingAt()).toBeNull();
    expect(await run.load).toMatch(SECRET_FORM);
    expect(clock.now()).toBe(0);
  });

  it('placed first by another station whose file is then moved aside as damaged while this one waits: this one places a secret and answers it, no error', async () => {
    // on a disk without hard links another station created the file ('wx') between this one's first read and its
    // link (EEXIST: it lost the race), its write not landed; while this one waits for it, a third station (2 s gone
    // for it) moves it aside as damaged. Old code: «ui secret file changed while it was being made» (EEXIST), the
    // station does not start.
    const dataDir = path.join(root, 'lost-race');
    await loadUiSecret(dataDir);
    await rm(uiSecretPath(dataDir));
    const realLink = fs.promises.link;
    fs.promises.link = async (_from: fs.PathLike, to: fs.PathLike) => {
      fs.promises.link = realLink;
      syncBuiltinESMExports();
      await writeFile(to, '', { flag: 'wx' }); // the other station's create, its one write still to come
      throw Object.assign(new Error(`EEXIST: link -> '${String(to)}'`), { code: 'EEXIST', syscall: 'link' });
    };
    syncBuiltinESMExports(); // the `link` ui-secret.ts imported from node:fs/promises
    try {
      const clock = new ManualClock();
      const run = follow(dataDir, clock);
      expect(await run.waitingAt()).toBe(0); // reading the other's empty file, waiting for its write
      await rm(uiSecretPath(dataDir)); // the third station moved it aside
      clock.advance(WRITE_WAIT.stepMs);
      while ((await run.waitingAt()) !== null) clock.advance(WRITE_WAIT.stepMs);
      const secret = await run.load;
      expect(secret).toMatch(SECRET_FORM);
      expect((await readFile(uiSecretPath(dataDir), 'utf8')).trim()).toBe(secret);
      expect(await readdir(dataDir)).toEqual(['ui-secret']);
    } finally {
      fs.promises.link = realLink;
      syncBuiltinESMExports();
    }
  });
});


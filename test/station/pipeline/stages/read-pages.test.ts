/** Stage «read»: each file read once and hashed once (SHA-256 of its bytes, as a clerk's tool computes it), its pages carry the hash. */
import { createHash } from 'node:crypto';
import { readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPages } from '../../../../station/src/pipeline/stages/read-pages.ts';
import { GrayCanvas, toJpeg } from '../../../support/make-pages.ts';
import { makeTempDir } from '../../../support/temp-dirs.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('read-pages-')));
afterAll(() => cleanup());

describe('read stage', () => {
  it("gives onFile and every page the SHA-256 of the file's bytes, once a file", async () => {
    const files: string[] = [];
    for (const level of [40, 200]) {
      const file = path.join(dir, `p${level}.jpg`);
      await writeFile(file, await toJpeg(new GrayCanvas(120, 160, 30, level)));
      files.push(file);
    }
    const seen: [string, string, number][] = [];
    const pages = [];
    for await (const p of readPages(files, { onFile: (f, sha, n) => void seen.push([f, sha, n]) })) pages.push(p);
    const want = await Promise.all(files.map(async (f) => createHash('sha256').update(await readFile(f)).digest('hex')));
    expect(seen).toEqual(files.map((f, i) => [f, want[i], 1]));
    expect(pages.map((p) => p.origin.fileSha256)).toEqual(want);
  });

  it('refuses a file of 2 GB or more as too large, naming it (it was «nu poate fi citit», as for a file not there)', async () => {
    const file = path.join(dir, 'lot-intreg.pdf');
    await writeFile(file, '');
    await truncate(file, 2 ** 31); // sparse: no disk used
    try {
      const read = async () => {
        for await (const _ of readPages([file])) void _;
      };
      await expect(read()).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE', message: expect.stringContaining('Fișierul „lot-intreg.pdf” are 2 GB sau mai mult'), details: { file } });
    } finally {
      await rm(file);
    }
  });
});

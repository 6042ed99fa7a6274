/**
 * kill -9 at each point of a page's hand-over where the ledger is written: just before the copy's
 * made key, just after it (the copy still a `.part`), just after the confirmation's transaction
 * (the original not yet archived); on the first page and on the third. The child prints the point
 * and hangs there; the parent kills it on that line, then a second run goes to the end. Each page
 * must come out once (one copy, one page written), every original archived, nothing lost.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childDirs, expectArchivedOnce, runChild } from './folder-child-runner.ts';
import { png, removeTempDirs } from './folder-test-helpers.ts';

afterAll(removeTempDirs);

const FILES = 4;

describe('FolderDriver killed at each ledger write of a hand-over', () => {
  for (const point of ['before-made', 'after-made', 'after-confirmed']) {
    for (const nth of [1, 3]) {
      it(`${point}, page ${nth}: each page once, every original archived`, async () => {
        const d = await childDirs(`kp-${point}-${nth}`);
        const originals = new Map<string, Buffer>();
        for (let i = 1; i <= FILES; i++) {
          const body = await png(70 + i);
          originals.set(`p${i}.png`, body);
          await writeFile(path.join(d.root, `p${i}.png`), body);
        }
        const first = await runChild(d, (line) => line === `point ${point}`, { STOP_AT: point, STOP_NTH: String(nth) });
        expect(first.signal, first.stderrTail).toBe('SIGKILL');
        const second = await runChild(d, () => false);
        expect(second.exitCode, second.stderrTail).toBe(0);

        const copies = (await readdir(d.work)).filter((n) => /^page-\d{5}\.png$/.test(n));
        expect(copies).toHaveLength(FILES);
        const bodies = await Promise.all(copies.map((c) => readFile(path.join(d.work, c))));
        for (const body of originals.values()) expect(bodies.filter((b) => b.equals(body))).toHaveLength(1);
        expect((await readdir(d.work)).filter((n) => n.endsWith('.part'))).toEqual([]);
        await expectArchivedOnce(d, originals);
      });
    }
  }
});

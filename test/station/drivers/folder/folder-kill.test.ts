/**
 * kill -9 in the middle of a watched-folder batch: a child process consumes and confirms files, is
 * SIGKILLed twice at different points, and restarted until it ends by itself. Every file must come
 * out exactly once (confirmed once, replayed only if it was in flight), be archived intact, and
 * nothing may be lost or deleted.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childDirs, expectArchivedOnce, runChild } from './folder-child-runner.ts';
import { archivedFiles, journalLedger, png, removeTempDirs, tempDir } from './folder-test-helpers.ts';

afterAll(removeTempDirs);

const FILES = 12;

describe('FolderDriver under kill -9', () => {
  it('loses nothing, duplicates nothing, deletes nothing', async () => {
    const d = await childDirs('kill');
    const originals = new Map<string, Buffer>();
    for (let i = 1; i <= FILES; i++) {
      const body = await png(i * 3);
      originals.set(`p${i}.png`, body);
      await writeFile(path.join(d.root, `p${i}.png`), body);
    }

    // 1st run: killed right after the 5th yield, before that page is confirmed.
    let yields = 0;
    const first = await runChild(d, (line) => line.startsWith('yield ') && ++yields === 5);
    expect(first.signal).toBe('SIGKILL');
    // 2nd run: killed right after its 3rd confirmation, somewhere in the next file's hand-over.
    let confirms = 0;
    const second = await runChild(d, (line) => line.startsWith('confirm ') && ++confirms === 3);
    expect(second.signal).toBe('SIGKILL');
    // 3rd run: to the end (idle timeout).
    const third = await runChild(d, () => false);
    expect(third.exitCode, third.stderrTail).toBe(0);

    const lines = (await readFile(d.log, 'utf8')).split('\n').filter((l) => /^(start|yield|confirm|end)\b/.test(l));
    expect(lines.filter((l) => l.startsWith('start'))).toHaveLength(3);
    expect(lines.at(-1)).toBe('end');
    const yieldedAt = new Map<string, number[]>();
    const confirmedAt = new Map<string, number[]>();
    lines.forEach((l, i) => {
      const [kind, name] = l.split(' ');
      const into = kind === 'yield' ? yieldedAt : kind === 'confirm' ? confirmedAt : undefined;
      if (into && name) into.set(name, [...(into.get(name) ?? []), i]);
    });

    expect([...confirmedAt.keys()].sort()).toEqual([...originals.keys()].sort());
    for (const [name, at] of confirmedAt) {
      expect(at, `${name} confirmed once`).toHaveLength(1);
      const ys = yieldedAt.get(name) ?? [];
      expect(ys.every((y) => y < at[0]!), `${name} never yielded after its confirmation`).toBe(true);
      expect(ys.length, `${name} yielded once, or again only after a kill caught it in flight`).toBeLessThanOrEqual(2);
    }
    expect(yieldedAt.get('p5.png')).toHaveLength(2); // the one killed between yield and confirm
    const replayed = [...yieldedAt.values()].filter((ys) => ys.length === 2).length;
    expect(replayed).toBeGreaterThanOrEqual(1);
    expect(replayed).toBeLessThanOrEqual(2);

    // Archived intact, nothing left behind in the watched folder, nothing deleted.
    await expectArchivedOnce(d, originals);
    const keys = journalLedger(d.ledger).keys();
    // every copy made: each one yielded, and perhaps the one the 2nd kill caught before its yield line
    const made = keys.filter((k) => k.startsWith('copy:')).length;
    const yielded = [...yieldedAt.values()].flat().length;
    expect(made).toBeGreaterThanOrEqual(yielded);
    expect(made).toBeLessThanOrEqual(yielded + 1);
    // One copy per file: a copy a kill left unconfirmed (p5's, and the one the 2nd kill may leave in the
    // next file's hand-over) is dropped when the next run starts, its original handed over again.
    const copies = (await readdir(d.work)).filter((n) => /^page-\d{5}\.png/.test(n));
    expect(copies).toHaveLength(FILES);
  });

  it('a kill between a copy and its confirmation, then another batch on the folder takes the file: the first batch, resumed, drops its copy (the page counted once)', async () => {
    const d = await childDirs('kill-other');
    const workB = await tempDir('kill-other-work-b');
    const originals = new Map<string, Buffer>();
    for (let i = 1; i <= 3; i++) {
      const body = await png(60 + i);
      originals.set(`p${i}.png`, body);
      await writeFile(path.join(d.root, `p${i}.png`), body);
    }
    // batch A: killed as p1 is yielded (its copy made, never confirmed)
    const first = await runChild(d, (line) => line.startsWith('yield p1.png '));
    expect(first.signal).toBe('SIGKILL');
    expect((await readdir(d.work)).filter((n) => /^page-\d{5}\.png$/.test(n))).toEqual(['page-00001.png']);
    // batch B, started on the same folder instead of resuming A, takes every file
    const other = await runChild({ ...d, work: workB }, () => false);
    expect(other.exitCode, other.stderrTail).toBe(0);
    // batch A resumed: its copy of p1 was never taken, and p1 is batch B's now
    const resumed = await runChild(d, () => false);
    expect(resumed.exitCode, resumed.stderrTail).toBe(0);

    const pagesOf = async (work: string) => Promise.all((await readdir(work)).filter((n) => /^page-\d{5}\.png$/.test(n)).map((n) => readFile(path.join(work, n))));
    const all = [...(await pagesOf(d.work)), ...(await pagesOf(workB))];
    expect(all).toHaveLength(originals.size); // each page in one batch, once (the old sweep kept A's copy: p1 twice)
    for (const body of originals.values()) expect(all.filter((b) => b.equals(body))).toHaveLength(1);
    expect([...(await archivedFiles(path.join(d.root, 'arhiva'))).keys()].sort()).toEqual([...originals.keys()].sort());
  });
});

import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { OutputStaging } from '../../../station/src/split/output-staging.ts';
import { listTree, makeTempDir } from '../../support/temp-dirs.ts';

// Record what --out holds at the moment summary.json is written; fail the summary or a folder fsync on demand.
const seenAtSummary: (string[] | null)[] = [];
const failing: { summary: 'unwritten' | 'unsynced' | null; dirSync: boolean; errno: string } = { summary: null, dirSync: false, errno: 'ENOSPC' };
const diskError = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
vi.mock('../../../station/src/fs/atomic-write.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../../station/src/fs/atomic-write.ts')>();
  return {
    ...orig,
    fsyncDir: async (dir: string) => {
      if (failing.dirSync) throw diskError('EIO');
      return orig.fsyncDir(dir);
    },
    writeFileAtomic: async (target: string, data: Uint8Array | string, opts?: { overwrite?: boolean }) => {
      seenAtSummary.push(await readdir(path.dirname(target)).catch(() => null));
      if (failing.summary === 'unwritten') throw diskError(failing.errno);
      await orig.writeFileAtomic(target, data, opts);
      if (failing.summary === 'unsynced') throw diskError('EIO'); // in place, but the folder's fsync failed
    },
  };
});

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: root, cleanup } = await makeTempDir('staging-'));
  seenAtSummary.length = 0;
  Object.assign(failing, { summary: null, dirSync: false, errno: 'ENOSPC' });
});
afterEach(() => cleanup());

async function stage(s: OutputStaging, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) await writeFile(s.path(name), text);
}

describe('OutputStaging.prepare', () => {
  it('refuses a non-empty --out and creates nothing', async () => {
    const out = path.join(root, 'out');
    await mkdir(out);
    await writeFile(path.join(out, 'old.pdf'), 'old');
    const before = await listTree(root);
    const err = await OutputStaging.prepare(out, 'B1').catch((e) => e);
    expect(isStationError(err, 'OUTPUT_NOT_EMPTY')).toBe(true);
    expect(err.message).toContain(out);
    expect(err.message).toMatch(/nu este gol/);
    expect(await listTree(root)).toEqual(before);
  });

  it('refuses an --out that is a file', async () => {
    const out = path.join(root, 'out.pdf');
    await writeFile(out, 'x');
    const err = await OutputStaging.prepare(out, 'B1').catch((e) => e);
    expect(isStationError(err, 'OUTPUT_NOT_EMPTY')).toBe(true);
    expect(await listTree(root)).toEqual(['out.pdf']);
  });

  it('stages in a hidden folder beside --out (same file system), never inside it', async () => {
    const out = path.join(root, 'out');
    const s = await OutputStaging.prepare(out, 'B1');
    expect(path.dirname(s.dir)).toBe(root);
    expect(path.basename(s.dir).startsWith('.')).toBe(true);
    expect(s.path('a.pdf')).toBe(path.join(s.dir, 'a.pdf'));
    expect(await stat(out).catch(() => null)).toBeNull();
    await s.abort();
  });
});

describe('OutputStaging.commit', () => {
  it('moves every staged file into --out, skips temporaries and writes summary.json last', async () => {
    const out = path.join(root, 'out');
    const s = await OutputStaging.prepare(out, 'B1');
    await stage(s, { 'a.pdf': 'A', 'b.pdf': 'B', 'unassigned.pdf': 'U', '.c.pdf.1234.tmp': 'partial' });
    await s.commit('{"pagesIn":3}\n');
    expect(await listTree(root)).toEqual(['out/', 'out/a.pdf', 'out/b.pdf', 'out/summary.json', 'out/unassigned.pdf']);
    expect(await readFile(path.join(out, 'a.pdf'), 'utf8')).toBe('A');
    expect(await readFile(path.join(out, 'summary.json'), 'utf8')).toBe('{"pagesIn":3}\n');
    // when the summary was written, every document was already in place and the summary was not
    expect(seenAtSummary).toHaveLength(1);
    expect(seenAtSummary[0]!.sort()).toEqual(['a.pdf', 'b.pdf', 'unassigned.pdf']);
  });

  it('commits into an existing empty --out', async () => {
    const out = path.join(root, 'out');
    await mkdir(out);
    const s = await OutputStaging.prepare(out, 'B2');
    await stage(s, { 'x.pdf': 'X' });
    await s.commit('{}\n');
    expect(await listTree(root)).toEqual(['out/', 'out/summary.json', 'out/x.pdf']);
  });

  it('creates missing parents of --out on commit and keeps them', async () => {
    const out = path.join(root, 'a', 'b', 'out');
    const s = await OutputStaging.prepare(out, 'B3');
    await stage(s, { 'x.pdf': 'X' });
    await s.commit('{}\n');
    expect(await listTree(root)).toEqual(['a/', 'a/b/', 'a/b/out/', 'a/b/out/summary.json', 'a/b/out/x.pdf']);
  });
});

describe('OutputStaging.abort', () => {
  it('leaves an absent --out absent and removes the staged files', async () => {
    const out = path.join(root, 'out');
    const s = await OutputStaging.prepare(out, 'B1');
    await stage(s, { 'a.pdf': 'A' });
    await s.abort();
    expect(await listTree(root)).toEqual([]);
  });

  it('leaves an existing empty --out existing and empty', async () => {
    const out = path.join(root, 'out');
    await mkdir(out);
    const s = await OutputStaging.prepare(out, 'B1');
    await stage(s, { 'a.pdf': 'A' });
    await s.abort();
    expect(await listTree(root)).toEqual(['out/']);
  });

  it('removes the parent folders it created, and only those', async () => {
    await mkdir(path.join(root, 'keep'));
    const out = path.join(root, 'keep', 'new1', 'new2', 'out');
    const s = await OutputStaging.prepare(out, 'B1');
    expect(await listTree(root)).toContain('keep/new1/new2/');
    await stage(s, { 'a.pdf': 'A' });
    await s.abort();
    expect(await listTree(root)).toEqual(['keep/']);
  });

  it('does not remove a created parent that someone else filled meanwhile', async () => {
    const out = path.join(root, 'new', 'out');
    const s = await OutputStaging.prepare(out, 'B1');
    await writeFile(path.join(root, 'new', 'other.txt'), 'not ours');
    await s.abort();
    expect(await listTree(root)).toEqual(['new/', 'new/other.txt']);
  });
});

describe('a commit that fails half-way, then abort: --out as it was, the batch can run again', () => {
  it('the summary cannot be written (full disk): the documents already moved go, an --out the batch made goes', async () => {
    const out = path.join(root, 'a', 'out');
    const s = await OutputStaging.prepare(out, 'B1');
    await stage(s, { 'a.pdf': 'A', 'b.pdf': 'B' });
    failing.summary = 'unwritten';
    const full = await s.commit('{"pagesIn":2}\n').catch((e: unknown) => e);
    expect(isStationError(full, 'DISK_FULL')).toBe(true);
    expect((full as Error).message).toContain(`Discul este plin („${out}”)`);
    expect(await listTree(root)).toContain('a/out/a.pdf'); // half-way: moved, no summary
    await s.abort();
    expect(await listTree(root)).toEqual([]);
    // run again: --out is accepted (it was refused as not empty, with no summary in it)
    failing.summary = null;
    const again = await OutputStaging.prepare(out, 'B1');
    await stage(again, { 'a.pdf': 'A', 'b.pdf': 'B' });
    await again.commit('{"pagesIn":2}\n');
    expect(await listTree(root)).toEqual(['a/', 'a/out/', 'a/out/a.pdf', 'a/out/b.pdf', 'a/out/summary.json']);
  });

  it.each([
    ['ENOSPC', 'DISK_FULL', 'Discul este plin'],
    ['EIO', 'DISK_IO_ERROR', 'Discul a dat o eroare de scriere'],
    ['EACCES', 'FILE_ACCESS_DENIED', 'Acces refuzat'],
    ['EROFS', 'READ_ONLY_FS', 'Discul sau dosarul'],
  ])('a disk failure at commit (%s) is %s in Romanian naming --out, never a raw error', async (errno, code, text) => {
    const out = path.join(root, 'out');
    const s = await OutputStaging.prepare(out, 'B1');
    await stage(s, { 'a.pdf': 'A' });
    Object.assign(failing, { summary: 'unwritten', errno });
    const err = await s.commit('{}\n').catch((e: unknown) => e);
    expect(isStationError(err) && err.code).toBe(code);
    expect((err as Error).message).toContain(`${text} („${out}”)`);
    await s.abort();
    expect(await listTree(root)).toEqual([]);
  });

  it('the folder fsync after the moves fails: an existing empty --out is left existing and empty', async () => {
    const out = path.join(root, 'out');
    await mkdir(out);
    const s = await OutputStaging.prepare(out, 'B1');
    await stage(s, { 'a.pdf': 'A' });
    failing.dirSync = true;
    const failed = await s.commit('{}\n').catch((e: unknown) => e);
    expect(isStationError(failed, 'DISK_IO_ERROR')).toBe(true);
    expect((failed as Error).message).toContain(`Discul a dat o eroare de scriere („${out}”)`);
    await s.abort();
    expect(await listTree(root)).toEqual(['out/']);
  });

  it('the summary is in place but its folder fsync failed: it goes too; a summary.json that is not ours stays', async () => {
    const out = path.join(root, 'out');
    const s = await OutputStaging.prepare(out, 'B1');
    await stage(s, { 'a.pdf': 'A' });
    failing.summary = 'unsynced';
    expect(isStationError(await s.commit('{"v":1}\n').catch((e: unknown) => e), 'DISK_IO_ERROR')).toBe(true);
    expect(await listTree(root)).toContain('out/summary.json');
    await s.abort();
    expect(await listTree(root)).toEqual([]);

    await mkdir(out);
    const t = await OutputStaging.prepare(out, 'B2');
    await stage(t, { 'b.pdf': 'B' });
    failing.summary = 'unwritten';
    expect(isStationError(await t.commit('{"v":2}\n').catch((e: unknown) => e), 'DISK_FULL')).toBe(true);
    await writeFile(path.join(out, 'summary.json'), 'someone else\'s');
    await t.abort();
    expect(await listTree(root)).toEqual(['out/', 'out/summary.json']);
  });

  it('two batches given the same empty --out: the later commit fails OUTPUT_NOT_EMPTY and its abort leaves the first batch whole', async () => {
    const out = path.join(root, 'out');
    const first = await OutputStaging.prepare(out, 'B1');
    const second = await OutputStaging.prepare(out, 'B2'); // both saw --out absent
    await stage(first, { '84512.pdf': 'first', 'unassigned.pdf': 'first' });
    await stage(second, { '84512.pdf': 'second' });
    await first.commit('{"batch":"B1"}\n');
    const err = await second.commit('{"batch":"B2"}\n').catch((e: unknown) => e);
    expect(isStationError(err) && err.code).toBe('OUTPUT_NOT_EMPTY');
    await second.abort();
    expect(await listTree(root)).toEqual(['out/', 'out/84512.pdf', 'out/summary.json', 'out/unassigned.pdf']);
    expect(await readFile(path.join(out, '84512.pdf'), 'utf8')).toBe('first');
    expect(await readFile(path.join(out, 'summary.json'), 'utf8')).toBe('{"batch":"B1"}\n');
  });

  it('after a complete commit, abort takes nothing back', async () => {
    const out = path.join(root, 'out');
    const s = await OutputStaging.prepare(out, 'B1');
    await stage(s, { 'a.pdf': 'A' });
    await s.commit('{}\n');
    await s.abort();
    expect(await listTree(root)).toEqual(['out/', 'out/a.pdf', 'out/summary.json']);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeOutputFile as writeFileAtomic } from '../../../station/src/fs/atomic-write.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeOutputFile (writeFileAtomic with OUTPUT_FAILED)', () => {
  it('writes, and leaves no temporary file behind', async () => {
    const target = path.join(dir, 'a.pdf');
    await writeFileAtomic(target, new TextEncoder().encode('new'));
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['a.pdf']);
  });

  it('never replaces the clerk\'s existing file: OUTPUT_NOT_EMPTY, file untouched, no temporary file left', async () => {
    const target = path.join(dir, 'a.pdf');
    await writeFile(target, 'old content');
    await expect(writeFileAtomic(target, new TextEncoder().encode('new'))).rejects.toMatchObject({ code: 'OUTPUT_NOT_EMPTY', message: expect.stringContaining('există deja') });
    expect(await readFile(target, 'utf8')).toBe('old content');
    expect(await readdir(dir)).toEqual(['a.pdf']);
  });

  it('fails with OUTPUT_FAILED when the folder does not exist, naming the file in Romanian quotes', async () => {
    const target = path.join(dir, 'missing', 'a.pdf');
    await expect(writeFileAtomic(target, new Uint8Array([1]))).rejects.toMatchObject({
      code: 'OUTPUT_FAILED',
      message: `Fișierul „${target}” nu a putut fi scris; nu a rămas niciun fișier parțial. Verificați dosarul și discul, apoi reluați.`,
      details: { file: target, errno: 'ENOENT' },
    });
  });

  it('refuses when the target is a folder, keeping it and cleaning up', async () => {
    const target = path.join(dir, 'taken');
    await writeFile(path.join(dir, 'keep'), 'x');
    await mkdir(target);
    await writeFile(path.join(target, 'inside'), 'y');
    await expect(writeFileAtomic(target, new Uint8Array([1]))).rejects.toMatchObject({ code: 'OUTPUT_NOT_EMPTY' });
    expect((await readdir(dir)).sort()).toEqual(['keep', 'taken']);
  });

  // a real full disk needs a mount (root, as in CI)
  it.runIf(process.getuid?.() === 0)('a full disk: DISK_FULL naming the file (not its temporary name), as the other disk failures; no file left', async () => {
    const disk = path.join(dir, 'disk');
    await mkdir(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', disk], { stdio: 'ignore' });
    try {
      const target = path.join(disk, 'a.pdf');
      const err = await writeFileAtomic(target, new Uint8Array(256 * 1024)).then(() => null, (e: unknown) => e);
      expect(err).toMatchObject({ code: 'DISK_FULL', details: { errno: 'ENOSPC', path: target } });
      expect((err as Error).message).toContain(`Discul este plin („${target}”)`);
      expect(await readdir(disk)).toEqual([]);
    } finally {
      execFileSync('umount', [disk], { stdio: 'ignore' });
    }
  });
});

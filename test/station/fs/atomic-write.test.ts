import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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

  it('the folder\'s fsync fails after the file took its name: the file is taken back, so «no partial file» is true and a rerun writes it once', async () => {
    const target = path.join(dir, 'a.pdf');
    const eio = Object.assign(new Error('EIO: fsync'), { code: 'EIO', syscall: 'fsync' });
    let placed = false;
    const err = await writeFileAtomic(target, new TextEncoder().encode('new'), {
      syncFolder: async () => {
        placed = (await readdir(dir)).includes('a.pdf');
        throw eio;
      },
    }).then(() => null, (e: unknown) => e);
    expect(placed).toBe(true);
    expect(err).toMatchObject({
      code: 'OUTPUT_FAILED',
      message: `Fișierul „${target}” nu a putut fi scris (eroare de citire sau scriere a discului); nu a rămas niciun fișier parțial. Verificați dosarul și discul, apoi reluați.`,
      details: { file: target, errno: 'EIO' },
    });
    expect(await readdir(dir)).toEqual([]);
    await writeFileAtomic(target, new TextEncoder().encode('new'));
    expect(await readFile(target, 'utf8')).toBe('new');
  });

  it('…but only the file written here: another program\'s file renamed onto the name meanwhile is left untouched, said as replaced (not as ours left behind)', async () => {
    const target = path.join(dir, 'a.pdf');
    const err = await writeFileAtomic(target, new TextEncoder().encode('new'), {
      syncFolder: async () => {
        await writeFile(path.join(dir, 'other.tmp'), 'theirs');
        await rename(path.join(dir, 'other.tmp'), target); // another writer's atomic write, between our rename and our check
        throw Object.assign(new Error('EIO: fsync'), { code: 'EIO', syscall: 'fsync' });
      },
    }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({
      code: 'OUTPUT_FAILED',
      message: `Fișierul „${target}” a fost scris, dar discul nu a confirmat salvarea lui (eroare de citire sau scriere a discului), iar între timp alt fișier `
        + 'i-a luat numele; acela a fost lăsat neatins: verificați fișierul înainte de a relua.',
      details: { file: target, errno: 'EIO', left: false, replaced: true },
    });
    expect(await readFile(target, 'utf8')).toBe('theirs');
    // a folder put there instead is not touched either
    const other = path.join(dir, 'b.pdf');
    const err2 = await writeFileAtomic(other, new TextEncoder().encode('new'), {
      syncFolder: async () => {
        await rm(other);
        await mkdir(other);
        await writeFile(path.join(other, 'inside'), 'x');
        throw Object.assign(new Error('EIO: fsync'), { code: 'EIO', syscall: 'fsync' });
      },
    }).then(() => null, (e: unknown) => e);
    expect(err2).toMatchObject({ code: 'OUTPUT_FAILED', details: { file: other, left: false, replaced: true } });
    expect(await readdir(other)).toEqual(['inside']);
  });

  // a folder that refuses the removal needs a read-only remount (root, as in CI)
  it.runIf(process.getuid?.() === 0)('…and when the file cannot be taken back either, the error says it stayed (details.left) instead of «no file left»', async () => {
    const disk = path.join(dir, 'ro');
    await mkdir(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk], { stdio: 'ignore' });
    try {
      const target = path.join(disk, 'a.pdf');
      const err = await writeFileAtomic(target, new TextEncoder().encode('new'), {
        syncFolder: async () => {
          execFileSync('mount', ['-o', 'remount,ro', disk], { stdio: 'ignore' }); // the removal fails: EROFS
          throw Object.assign(new Error('EIO: fsync'), { code: 'EIO', syscall: 'fsync' });
        },
      }).then(() => null, (e: unknown) => e);
      expect(err).toMatchObject({
        code: 'OUTPUT_FAILED',
        message: `Fișierul „${target}” a fost scris, dar discul nu a confirmat salvarea lui (eroare de citire sau scriere a discului) și nu a putut fi șters: `
          + 'verificați discul și ștergeți fișierul înainte de a relua.',
        details: { file: target, errno: 'EIO', left: true },
      });
      expect(await readFile(target, 'utf8')).toBe('new');
    } finally {
      execFileSync('umount', [disk], { stdio: 'ignore' });
    }
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

/**
 * On a disk without hard links (a FAT USB stick, some network shares: link() fails with EPERM or
 * ENOTSUP; on Windows a FAT or exFAT disk with EISDIR) the clerk's file is still written — and an
 * existing one still never overwritten. link() is made to fail as such a disk does; everything else
 * is the real file system. And where links work, a temporary name that cannot be removed after the
 * link (Windows: another program holds it open) does not make the placed file look taken already.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** How link() fails (null: it works), and whether removing a temporary name after it fails. */
const disk = vi.hoisted(() => ({ linkCode: 'EPERM' as string | null, tmpStuck: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:fs/promises')>();
  const link = async (from: string, to: string) => {
    if (disk.linkCode === null) return orig.link(from, to);
    throw Object.assign(new Error(`${disk.linkCode}: link -> '${to}'`), { code: disk.linkCode, syscall: 'link' });
  };
  const rm: typeof orig.rm = async (p, o) => {
    if (disk.tmpStuck && String(p).endsWith('.tmp')) throw Object.assign(new Error(`EPERM: unlink '${String(p)}'`), { code: 'EPERM', syscall: 'unlink' });
    return orig.rm(p, o);
  };
  return { ...orig, link, rm, default: { ...orig, link, rm } };
});

const { writeOutputFile } = await import('../../../station/src/fs/atomic-write.ts');

let dir: string;
beforeEach(async () => {
  disk.linkCode = 'EPERM';
  disk.tmpStuck = false;
  dir = await mkdtemp(path.join(tmpdir(), 'atomic-nolink-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeOutputFile on a disk without hard links', () => {
  it('writes the file (no temporary left behind)', async () => {
    await writeOutputFile(path.join(dir, 'separatoare.pdf'), 'pdf');
    expect(await readFile(path.join(dir, 'separatoare.pdf'), 'utf8')).toBe('pdf');
    expect(await readdir(dir)).toEqual(['separatoare.pdf']);
  });

  it('still refuses to overwrite an existing file', async () => {
    await writeFile(path.join(dir, 'separatoare.pdf'), 'al meu');
    await expect(writeOutputFile(path.join(dir, 'separatoare.pdf'), 'pdf')).rejects.toMatchObject({ code: 'OUTPUT_NOT_EMPTY' });
    expect(await readFile(path.join(dir, 'separatoare.pdf'), 'utf8')).toBe('al meu');
    expect(await readdir(dir)).toEqual(['separatoare.pdf']);
  });

  it('writes the file on a Windows FAT or exFAT disk, whose refusal libuv reports as EISDIR', async () => {
    disk.linkCode = 'EISDIR';
    await writeOutputFile(path.join(dir, 'lista.pdf'), 'pdf');
    expect(await readFile(path.join(dir, 'lista.pdf'), 'utf8')).toBe('pdf');
    expect(await readdir(dir)).toEqual(['lista.pdf']);
  });
});

describe('writeOutputFile where links work but the temporary name cannot be removed', () => {
  it('keeps the placed file and reports no failure (the hidden temporary name stays)', async () => {
    disk.linkCode = null;
    disk.tmpStuck = true;
    await writeOutputFile(path.join(dir, 'lista.pdf'), 'pdf');
    expect(await readFile(path.join(dir, 'lista.pdf'), 'utf8')).toBe('pdf');
    expect((await readdir(dir)).filter((n) => !n.endsWith('.tmp'))).toEqual(['lista.pdf']);
  });
});

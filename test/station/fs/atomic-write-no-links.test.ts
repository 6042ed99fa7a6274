/**
 * On a disk without hard links (a FAT USB stick, some network shares: link() fails with EPERM or
 * ENOTSUP) the clerk's file is still written — and an existing one still never overwritten.
 * link() is made to fail as such a disk does; everything else is the real file system.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs/promises', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:fs/promises')>();
  const link = async (_from: string, to: string) => {
    throw Object.assign(new Error(`EPERM: operation not permitted, link -> '${to}'`), { code: 'EPERM', syscall: 'link' });
  };
  return { ...orig, link, default: { ...orig, link } };
});

const { writeOutputFile } = await import('../../../station/src/fs/atomic-write.ts');

let dir: string;
beforeEach(async () => {
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
});

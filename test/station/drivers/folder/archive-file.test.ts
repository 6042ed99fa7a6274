import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveFile } from '../../../../station/src/drivers/folder/archive-file.ts';
import { removeTempDirs, tempDir } from './folder-test-helpers.ts';

afterAll(removeTempDirs);

describe('archiveFile', () => {
  it('moves the file under the day folder, keeping sub-folders', async () => {
    const root = await tempDir('archive');
    await mkdir(path.join(root, 'lot 3'));
    const file = path.join(root, 'lot 3', 'Cerere ședință.pdf');
    await writeFile(file, 'one');
    const day = path.join(root, 'arhiva', '2026-03-01');
    const to = await archiveFile(file, root, day);
    expect(to).toBe(path.join(day, 'lot 3', 'Cerere ședință.pdf'));
    expect(await readFile(to, 'utf8')).toBe('one');
    expect(await readdir(path.join(root, 'lot 3'))).toEqual([]);
  });

  it('never overwrites: a taken name gets (2), (3)', async () => {
    const root = await tempDir('archive');
    const day = path.join(root, 'arhiva', '2026-03-01');
    for (const body of ['first', 'second', 'third']) {
      await writeFile(path.join(root, 'scan0001.pdf'), body);
      await archiveFile(path.join(root, 'scan0001.pdf'), root, day);
    }
    expect((await readdir(day)).sort()).toEqual(['scan0001 (2).pdf', 'scan0001 (3).pdf', 'scan0001.pdf']);
    expect(await readFile(path.join(day, 'scan0001 (3).pdf'), 'utf8')).toBe('third');
    expect(await readFile(path.join(day, 'scan0001.pdf'), 'utf8')).toBe('first');
  });
});

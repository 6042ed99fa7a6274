/**
 * readIdentified (the scan's read: bytes kept) and describeFile (the sweep's streamed hash) refuse a
 * file that changed while it was read: a scanner still writing it, or writing it again. The real file
 * is rewritten on disk right after its bytes were read and before the stat that follows.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { describeFile, readIdentified } from '../../../../station/src/drivers/folder/consumed-ledger.ts';
import { removeTempDirs, tempDir } from './folder-test-helpers.ts';

/** The file to rewrite once its bytes are read, and how. */
const rewrite = vi.hoisted(() => ({ file: '', change: (_file: string) => {} }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (file: string, ...rest: never[]) => {
    const bytes = await real.readFile(file, ...rest);
    if (String(file) === rewrite.file) rewrite.change(String(file));
    return bytes;
  }) as typeof real.readFile;
  return { ...real, default: { ...real, readFile }, readFile };
});
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const createReadStream = ((file: string, ...rest: never[]) => {
    const stream = real.createReadStream(file, ...rest);
    if (String(file) !== rewrite.file) return stream;
    // every chunk passed on, then the file rewritten, before the reader sees the end
    return Readable.from(
      (async function* () {
        for await (const chunk of stream) yield chunk;
        rewrite.change(String(file));
      })(),
    );
  }) as typeof real.createReadStream;
  return { ...real, default: { ...real, createReadStream }, createReadStream };
});

afterAll(removeTempDirs);

const grown = (file: string) => writeFileSync(file, 'abcdef'); // more bytes: the size changed
const rewritten = (file: string) => {
  writeFileSync(file, 'xyz'); // as many bytes, other ones, and another time
  utimesSync(file, new Date(2001, 0, 1), new Date(2001, 0, 1));
};

describe('a file that changed while it was read', () => {
  for (const [how, change] of [['grown', grown], ['rewritten, same size', rewritten]] as const) {
    for (const [name, read] of [
      ['readIdentified', (file: string, root: string) => readIdentified(file, root)],
      ['describeFile', (file: string, root: string) => describeFile(file, root)],
    ] as const) {
      it(`${name} refuses it (${how}): INPUT_CORRUPT naming the file`, async () => {
        const root = await tempDir('changed-read');
        const file = path.join(root, 'a.png');
        await writeFile(file, 'abc');
        Object.assign(rewrite, { file, change });
        try {
          await expect(read(file, root)).rejects.toMatchObject({ code: 'INPUT_CORRUPT', details: { file }, message: 'Fișierul „a.png” s-a schimbat în timp ce era citit.' });
          // the same file, left alone, is read
          rewrite.file = '';
          await expect(read(file, root)).resolves.toBeTruthy();
        } finally {
          rewrite.file = '';
        }
      });
    }
  }
});

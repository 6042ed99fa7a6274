import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFileComplete } from '../../../station/src/drivers/file-completeness.ts';
import { jpeg, multiPageTiff, pdf, png, removeTempDirs, tempDir } from './folder/folder-test-helpers.ts';

afterAll(removeTempDirs);

async function check(name: string, bytes: Buffer) {
  const dir = await tempDir('complete');
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return checkFileComplete(file, bytes.length);
}

/** Every strict prefix of the file must be judged incomplete (sampled, plus the last bytes). */
async function everyPrefixIncomplete(name: string, bytes: Buffer): Promise<void> {
  const cuts = new Set([1, 2, 8, 16, Math.floor(bytes.length / 3), Math.floor(bytes.length / 2), bytes.length - 9, bytes.length - 2, bytes.length - 1]);
  for (const cut of cuts) {
    if (cut <= 0 || cut >= bytes.length) continue;
    const result = await check(name, bytes.subarray(0, cut));
    expect(result.complete, `${name} cut at ${cut}/${bytes.length}`).toBe(false);
  }
}

describe('checkFileComplete', () => {
  it('accepts a whole JPEG, PNG, PDF and multi-page TIFF', async () => {
    expect(await check('a.jpg', await jpeg(1))).toEqual({ complete: true, kind: 'jpeg' });
    expect(await check('a.png', await png(1))).toEqual({ complete: true, kind: 'png' });
    expect(await check('a.pdf', await pdf(3))).toEqual({ complete: true, kind: 'pdf' });
    const tiff = multiPageTiff(3);
    expect((await sharp(tiff).metadata()).pages).toBe(3); // a real TIFF, as libvips reads it
    expect(await check('a.tif', tiff)).toEqual({ complete: true, kind: 'tiff' });
  });

  it('accepts a TIFF written by libvips', async () => {
    const tiff = await sharp(await png(4, 40)).tiff({ compression: 'lzw' }).toBuffer();
    expect(await check('v.tiff', tiff)).toMatchObject({ complete: true, kind: 'tiff' });
  });

  it('accepts a JPEG padded with zero bytes after its end marker', async () => {
    const bytes = Buffer.concat([await jpeg(2), Buffer.alloc(32)]);
    expect((await check('p.jpg', bytes)).complete).toBe(true);
  });

  it('rejects every truncation of each format', async () => {
    await everyPrefixIncomplete('t.jpg', await jpeg(3));
    await everyPrefixIncomplete('t.png', await png(3));
    await everyPrefixIncomplete('t.pdf', await pdf(2));
    await everyPrefixIncomplete('t.tif', multiPageTiff(2));
  });

  it('waits on an empty file or an unknown header (a preallocated file is still zeros)', async () => {
    expect(await check('z.pdf', Buffer.alloc(0))).toMatchObject({ complete: false, reason: 'empty' });
    expect(await check('z.jpg', Buffer.alloc(4096))).toMatchObject({ complete: false, reason: 'unknown header' });
  });

  it('rejects a TIFF whose directory chain loops', async () => {
    const tiff = multiPageTiff(1);
    const ifd = tiff.readUInt32LE(4);
    const count = tiff.readUInt16LE(ifd);
    tiff.writeUInt32LE(ifd, ifd + 2 + count * 12); // next IFD = itself
    expect(await check('loop.tif', tiff)).toMatchObject({ complete: false, reason: 'TIFF directory chain loops' });
  });
});

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readJfifHeader } from '../../../station/src/imaging/jfif-header.ts';

/** A small JPEG with no APP markers (SOI, then the tables, frame and scan sharp wrote). */
async function bare(channels: 1 | 3, opts: { progressive?: boolean } = {}): Promise<Buffer> {
  let img = sharp({ create: { width: 24, height: 16, channels: 3, background: '#7f9fbf' } });
  if (channels === 1) img = img.toColourspace('b-w');
  const b = await img.jpeg({ progressive: opts.progressive ?? false }).toBuffer();
  let p = 2;
  while (b[p] === 0xff && b[p + 1]! >= 0xe0 && b[p + 1]! <= 0xef) p += 2 + b.readUInt16BE(p + 2);
  return Buffer.concat([b.subarray(0, 2), b.subarray(p)]);
}

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

function jfif(unit: number, x: number, y: number, major = 1): Buffer {
  const body = Buffer.alloc(14);
  body.write('JFIF\0', 0, 'latin1');
  body[5] = major;
  body[6] = 2;
  body[7] = unit;
  body.writeUInt16BE(x, 8);
  body.writeUInt16BE(y, 10);
  return segment(0xe0, body);
}

const withSegments = (jpeg: Buffer, ...segs: Buffer[]) => Buffer.concat([jpeg.subarray(0, 2), ...segs, jpeg.subarray(2)]);

/** What decode.ts takes from sharp's metadata. */
async function libvips(bytes: Buffer) {
  const m = await sharp(bytes).metadata();
  return { width: m.width, height: m.height, channels: m.channels, density: m.density, orientation: m.orientation };
}

describe('readJfifHeader: what libvips says, without asking it', () => {
  it('the resolution of every JFIF density, in inches, centimetres, an aspect ratio or none, as sharp gives it', async () => {
    const plain = await bare(3);
    const values = [0, 1, 2, 25, 26, 39, 40, 72, 96, 100, 118, 150, 200, 240, 299, 300, 400, 600, 1200, 2400, 65535];
    const cases: Buffer[] = [plain];
    for (const unit of [0, 1, 2, 3]) for (const x of values) for (const y of [x, 1, 0, 2, 300]) cases.push(withSegments(plain, jfif(unit, x, y)));
    const differ: string[] = [];
    for (const bytes of cases) {
      const mine = readJfifHeader(bytes);
      expect(mine, 'read here').not.toBeNull();
      const theirs = await libvips(bytes);
      if (JSON.stringify({ ...mine, orientation: undefined }) !== JSON.stringify(theirs)) differ.push(`${bytes.subarray(2, 20).toString('hex')}: ${JSON.stringify(mine)} vs ${JSON.stringify(theirs)}`);
    }
    expect(differ).toEqual([]);
  });

  it('gray and progressive JPEGs, and other markers (ICC, XMP, comments, Adobe) around the JFIF one', async () => {
    const icc = segment(0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0', 'latin1'), Buffer.alloc(40)]));
    const xmp = segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>', 'latin1'));
    const com = segment(0xfe, Buffer.from('scanner', 'latin1'));
    const adobe = segment(0xee, Buffer.from([0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, 1]));
    for (const base of [await bare(1), await bare(3, { progressive: true })]) {
      for (const bytes of [withSegments(base, jfif(1, 300, 300), icc, xmp, com), withSegments(base, com, jfif(2, 118, 118), adobe), withSegments(base, xmp)]) {
        const mine = readJfifHeader(bytes);
        expect(mine).not.toBeNull();
        expect({ ...mine, orientation: undefined }).toEqual(await libvips(bytes));
      }
    }
  });

  it('leaves to libvips what it cannot be sure of: EXIF, two JFIF markers, an unusual version, CMYK, a broken header', async () => {
    const base = await bare(3);
    const exif = await sharp(base).withMetadata({ orientation: 6, density: 200 }).jpeg().toBuffer();
    expect((await sharp(exif).metadata()).orientation).toBe(6);
    expect(readJfifHeader(exif)).toBeNull();
    expect(readJfifHeader(withSegments(base, jfif(1, 300, 300), jfif(1, 200, 200)))).toBeNull();
    expect(readJfifHeader(withSegments(base, jfif(1, 300, 300, 2)))).toBeNull();
    const cmyk = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).channels).toBe(4);
    expect(readJfifHeader(cmyk)).toBeNull();
    // cut inside the header, a segment longer than the file, not a JPEG at all, an empty file
    expect(readJfifHeader(base.subarray(0, 30))).toBeNull();
    const long = Buffer.from(withSegments(base, jfif(1, 300, 300)));
    long.writeUInt16BE(0xfff0, 4);
    expect(readJfifHeader(long)).toBeNull();
    expect(readJfifHeader(Buffer.from('%PDF-1.7\n'))).toBeNull();
    expect(readJfifHeader(new Uint8Array(0))).toBeNull();
  });

  it('every committed JPEG fixture (scanner, camera, Pillow, EXIF-turned, CMYK): the same as sharp, or left to it', async () => {
    const names = (await readdir(path.resolve('fixtures'), { recursive: true })).filter((f) => /\.jpe?g$/i.test(f));
    let read = 0;
    for (const f of names) {
      const bytes = await readFile(path.resolve('fixtures', f));
      const mine = readJfifHeader(bytes);
      if (!mine) continue;
      read++;
      expect({ ...mine, orientation: undefined }, f).toEqual(await libvips(bytes).catch(() => null));
    }
    expect(read).toBeGreaterThan(0);
  });
});

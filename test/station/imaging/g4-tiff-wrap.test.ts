import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeG4 } from '../../../station/src/imaging/ccitt-g4-encode.ts';
import { packedToTiffG4, wrapG4AsTiff, wrapPackedAsTiff } from '../../../station/src/imaging/g4-tiff-wrap.ts';
import { g4Passthrough, parseTiff } from '../../../station/src/imaging/tiff-structure.ts';
import { isStationError } from '../../../shared/src/errors.ts';

const W = 150;
const H = 41;
const STRIDE = Math.ceil(W / 8);

/** A frame, a diagonal and a filled block: asymmetric, so inversions and flips show. */
const isBlack = (x: number, y: number) =>
  x === 0 || y === 0 || x === W - 1 || y === H - 1 || x === y * 3 || (x >= 100 && x < 120 && y >= 5 && y < 20);

function packedPage(): Uint8Array {
  const packed = new Uint8Array(STRIDE * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (isBlack(x, y)) packed[y * STRIDE + (x >> 3)]! |= 0x80 >> (x & 7);
  return packed;
}

/** Decodes with sharp and returns, per pixel, whether it is dark. */
async function darkPixels(tiff: Uint8Array): Promise<boolean[]> {
  const { data, info } = await sharp(tiff).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([W, H]);
  return Array.from({ length: W * H }, (_, i) => data[i * info.channels]! < 128);
}

const expected = Array.from({ length: W * H }, (_, i) => isBlack(i % W, Math.floor(i / W)));

const hasTiffTools = spawnSync('tiffinfo', [], { stdio: 'ignore' }).error === undefined;
const work = mkdtempSync(join(tmpdir(), 'g4-wrap-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function tiffinfo(bytes: Uint8Array, args: string[] = []): string {
  const name = join(work, 'page.tif');
  writeFileSync(name, bytes);
  const run = spawnSync('tiffinfo', [...args, name], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

describe('wrapG4AsTiff', () => {
  const g4 = encodeG4(packedPage(), W, H);

  it('writes one page with one strip holding the data unchanged', () => {
    const tiff = wrapG4AsTiff(g4, W, H, true);
    const [ifd, ...rest] = parseTiff(tiff);
    expect(rest).toHaveLength(0);
    expect(ifd).toMatchObject({ width: W, height: H, compression: 4, photometric: 0, bitsPerSample: [1], rowsPerStrip: H });
    expect(ifd!.stripByteCounts).toEqual([g4.length]);
    expect(g4Passthrough(tiff, ifd!)).toEqual({ data: g4, blackIs1: true });
  });

  it('decodes in sharp to the encoded page (blackIs1 true = WhiteIsZero)', async () => {
    expect(await darkPixels(wrapG4AsTiff(g4, W, H, true))).toEqual(expected);
  });

  it('decodes in sharp to the inverted page when blackIs1 is false (BlackIsZero)', async () => {
    const tiff = wrapG4AsTiff(g4, W, H, false);
    expect(parseTiff(tiff)[0]!.photometric).toBe(1);
    expect(await darkPixels(tiff)).toEqual(expected.map((dark) => !dark));
  });

  it('carries G4 data out of a BlackIsZero TIFF written by libvips and back', async () => {
    const grey = Buffer.from(expected.map((dark) => (dark ? 0 : 255)));
    const source = await sharp(grey, { raw: { width: W, height: H, channels: 1 } })
      .toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer();
    const g4Data = g4Passthrough(source, parseTiff(source)[0]!);
    expect(g4Data?.blackIs1).toBe(false);
    expect(await darkPixels(wrapG4AsTiff(g4Data!.data, W, H, g4Data!.blackIs1))).toEqual(expected);
  });

  it('writes the resolution when given', async () => {
    const tiff = wrapG4AsTiff(g4, W, H, true, { xDpi: 300, yDpi: 150.5 });
    expect(parseTiff(tiff)[0]).toMatchObject({ xResolution: 300, yResolution: 150.5, resolutionUnit: 2 });
    expect((await sharp(tiff).metadata()).density).toBe(300);
  });

  it('rejects impossible sizes and resolutions', () => {
    for (const call of [
      () => wrapG4AsTiff(g4, 0, H, true),
      () => wrapG4AsTiff(g4, W, 2.5, true),
      () => wrapG4AsTiff(g4, W, H, true, { xDpi: 0, yDpi: 300 }),
      () => wrapG4AsTiff(g4, W, H, true, { xDpi: 300, yDpi: Number.NaN }),
      () => wrapPackedAsTiff(new Uint8Array(STRIDE * H - 1), W, H),
    ]) {
      expect(() => call()).toThrow();
      try {
        call();
      } catch (err) {
        expect(isStationError(err, 'INTERNAL')).toBe(true);
      }
    }
  });
});

describe('packedToTiffG4 and wrapPackedAsTiff', () => {
  it('round-trip a packed page through sharp', async () => {
    const packed = packedPage();
    expect(await darkPixels(packedToTiffG4(packed, W, H))).toEqual(expected);
    const raw = wrapPackedAsTiff(packed, W, H);
    expect(parseTiff(raw)[0]).toMatchObject({ compression: 1, photometric: 0, stripByteCounts: [STRIDE * H] });
    expect(await darkPixels(raw)).toEqual(expected);
  });
});

describe.skipIf(!hasTiffTools)('wrapped files in libtiff’s tiffinfo', () => {
  it('are read and decoded without a warning', () => {
    const tiff = packedToTiffG4(packedPage(), W, H, { xDpi: 300, yDpi: 300 });
    const info = tiffinfo(tiff, ['-D']);
    expect(info).toContain(`Image Width: ${W} Image Length: ${H}`);
    expect(info).toContain('Resolution: 300, 300 pixels/inch');
    expect(info).toContain('Compression Scheme: CCITT Group 4');
    expect(info).toContain('Photometric Interpretation: min-is-white');
    expect(info).toContain(`Rows/Strip: ${H}`);
  });
});

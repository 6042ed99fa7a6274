/**
 * A page too large to decode is refused from its header, before a byte of it is decoded, with a
 * message that says so (not «deteriorată») and its own code; the batch changes nothing.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStationError } from '../../../../shared/src/errors.ts';
import { MAX_PAGE_PIXELS } from '../../../../station/src/pipeline/pixel-budget.ts';
import { decodePage, measurePage } from '../../../../station/src/pipeline/stages/decode.ts';
import { readPages, type RawPage } from '../../../../station/src/pipeline/stages/read-pages.ts';
import { runSplit } from '../../../support/split-run.ts';
import { makeTempDir } from '../../../support/temp-dirs.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('page-limits-')));
afterAll(() => cleanup());

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let c = 0xffffffff;
  for (const b of body) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0, 8 + data.length);
  return out;
}

/** A valid PNG header announcing `w`×`h` gray pixels, with one row of data (a decoder would need 900 MB). */
function hugePng(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(w + 1, 255))), chunk('IEND', new Uint8Array(0))]);
}

/** A baseline JPEG header (SOF0) announcing `w`×`h`, no scan. */
function hugeJpeg(w: number, h: number): Buffer {
  const sof = [0xff, 0xc0, 0, 11, 8, h >> 8, h & 0xff, w >> 8, w & 0xff, 1, 1, 0x11, 0];
  return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, ...sof, 0xff, 0xd9]);
}

/** A little-endian TIFF whose one directory announces `w`×`h` 8-bit gray pixels in one short strip. */
function hugeTiff(w: number, h: number): Buffer {
  const entries: [number, number, number][] = [[256, 4, w], [257, 4, h], [258, 3, 8], [259, 3, 1], [262, 3, 1], [273, 4, 8 + 2 + 8 * 12 + 4], [278, 4, h], [279, 4, 16]];
  const b = Buffer.alloc(8 + 2 + entries.length * 12 + 4 + 16, 0xff);
  b.write('II', 0, 'latin1');
  b.writeUInt16LE(42, 2);
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, value], i) => {
    const p = 10 + i * 12;
    b.writeUInt16LE(tag, p);
    b.writeUInt16LE(type, p + 2);
    b.writeUInt32LE(1, p + 4);
    b.writeUInt32LE(0, p + 8);
    if (type === 3) b.writeUInt16LE(value, p + 8);
    else b.writeUInt32LE(value, p + 8);
  });
  b.writeUInt32LE(0, 10 + entries.length * 12);
  return b;
}

async function rawOf(name: string, bytes: Uint8Array): Promise<RawPage> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  for await (const p of readPages([file])) return p;
  throw new Error('no page');
}

describe('pages too large to decode', () => {
  const cases: [string, () => Buffer][] = [
    ['uriaș.png', () => hugePng(30_000, 30_000)],
    ['uriaș.jpg', () => hugeJpeg(40_000, 40_000)],
    ['uriaș.tif', () => hugeTiff(20_000, 20_000)],
    ['uriaș.pgm', () => Buffer.from('P5\n# SANE data follows\n30000 30000\n255\n', 'latin1')],
  ];
  for (const [name, make] of cases) {
    it(`${name}: INPUT_TOO_LARGE from the header, a message that says the page is too large`, async () => {
      const raw = await rawOf(name, make());
      for (const attempt of [() => measurePage(raw), () => decodePage(raw, { jpegQuality: 90, lossless: false, assumedDpi: 0 })]) {
        const err = await attempt().then(() => null, (e: unknown) => e);
        expect(isStationError(err, 'INPUT_TOO_LARGE'), String(err)).toBe(true);
        const message = (err as Error).message;
        expect(message).toContain(name);
        expect(message).toContain('prea mare');
        expect(message).toMatch(/cel mult 100 de milioane de pixeli/);
        expect(message).not.toMatch(/deteriorat/);
      }
    });
  }

  it('the size in the message counts its pixels in Romanian: «1 pixel», «19 pixeli», «20 de pixeli»', async () => {
    for (const [height, said] of [[1, '1 pixel'], [19, '19 pixeli'], [20, '20 de pixeli']] as const) {
      const width = Math.floor(MAX_PAGE_PIXELS / height) + 1;
      const raw = await rawOf(`ingust-${height}.pgm`, Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'));
      const err = await measurePage(raw).then(() => null, (e: unknown) => e);
      expect(isStationError(err, 'INPUT_TOO_LARGE'), String(err)).toBe(true);
      expect((err as Error).message).toBe(`ingust-${height}.pgm: pagina este prea mare (${width} × ${said}, 100 de milioane); se acceptă cel mult 100 de milioane de pixeli pe pagină.`);
    }
  });

  it('a page just under the limit is measured, not refused', async () => {
    const side = Math.floor(Math.sqrt(MAX_PAGE_PIXELS));
    const raw = await rawOf('mare.png', hugePng(side, side));
    expect(await measurePage(raw)).toEqual({ width: side, height: side, channels: 1 });
  });

  it('station split stops with the Romanian message and leaves --out untouched', async () => {
    const inDir = path.join(dir, 'split-in');
    await mkdir(inDir, { recursive: true });
    await writeFile(path.join(inDir, 'scan-uriaș.png'), hugePng(30_000, 30_000));
    const out = path.join(dir, 'split-out');
    const res = await runSplit([inDir, '--out', out], { cwd: dir, dataDir: path.join(dir, 'data') });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('scan-uriaș.png: pagina este prea mare (30000 × 30000 de pixeli, 900 de milioane)');
    expect(existsSync(out)).toBe(false);
  });
});

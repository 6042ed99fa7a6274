import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { BLACK_MAKEUP, BLACK_TERMINATING, EXTENDED_MAKEUP, WHITE_MAKEUP, WHITE_TERMINATING } from '../../../station/src/imaging/ccitt-codes.ts';
import { decodeCcittFax, type CcittDecodeParams } from '../../../station/src/imaging/ccitt-g3-decode.ts';
import { encodeG4 } from '../../../station/src/imaging/ccitt-g4-encode.ts';
import { packedToTiffG4 } from '../../../station/src/imaging/g4-tiff-wrap.ts';
import { parseTiff } from '../../../station/src/imaging/tiff-structure.ts';
import { PdfImageWriter } from '../../../station/src/pdf/pdf-image-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'ccitt-g3-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Bitmap { packed: Uint8Array; width: number; height: number }

/** A page-like bitmap: text lines, a frame, a long black bar, a few dots. */
async function textPage(width: number, height: number): Promise<Bitmap> {
  const lines = Array.from({ length: 12 }, (_, i) => `<text x="${20 + (i % 3) * 7}" y="${60 + i * 34}" font-size="${18 + (i % 4) * 3}" font-family="DejaVu Sans">Registratura nr. ${84500 + i}/27.09.2021 ăâîșț</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/><rect x="4" y="4" width="${width - 8}" height="${height - 8}" fill="none" stroke="black" stroke-width="3"/>${lines}<rect x="0" y="${height - 30}" width="${width}" height="14" fill="black"/><circle cx="${width - 40}" cy="40" r="9"/></svg>`;
  const { data } = await sharp(Buffer.from(svg)).grayscale().raw().toBuffer({ resolveWithObject: true });
  const stride = Math.ceil(width / 8);
  const packed = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (data[y * width + x]! < 128) packed[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
  return { packed, width, height };
}

function samePixels(a: Bitmap, packed: Uint8Array): number {
  const stride = Math.ceil(a.width / 8);
  let diff = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const m = 0x80 >> (x & 7);
      if ((a.packed[y * stride + (x >> 3)]! & m) !== (packed[y * stride + (x >> 3)]! & m)) diff++;
    }
  }
  return diff;
}

/** Decodes every strip of the first page of a CCITT TIFF the way the station reads it. */
function decodeTiff(bytes: Uint8Array): { packed: Uint8Array; width: number; height: number } {
  const ifd = parseTiff(bytes)[0]!;
  const parts: Uint8Array[] = [];
  for (let i = 0, rows = 0; i < ifd.stripOffsets.length; i++) {
    const want = Math.min(ifd.rowsPerStrip, ifd.height - rows);
    const strip = bytes.subarray(ifd.stripOffsets[i]!, ifd.stripOffsets[i]! + ifd.stripByteCounts[i]!);
    const k = ifd.compression === 4 ? -1 : ifd.compression === 3 && ifd.t4Options & 1 ? 1 : 0;
    const bm = decodeCcittFax(strip, { columns: ifd.width, rows: want, k, encodedByteAlign: ifd.compression === 2, lsbFirst: ifd.fillOrder === 2, blackIs1: (ifd.photometric ?? 0) === 1 });
    parts.push(bm.packed);
    rows += want;
  }
  return { packed: Buffer.concat(parts), width: ifd.width, height: ifd.height };
}

/** Modified Huffman rows (T.4 1-D) with optional EOLs and byte alignment: what fax software and TIFF Compression 2 write. */
function encodeMH(bm: Bitmap, opts: { eol: boolean; byteAlign: boolean }): Uint8Array {
  const bits: number[] = [];
  const put = (code: string) => { for (const c of code) bits.push(c === '1' ? 1 : 0); };
  const run = (n: number, term: string[], makeup: string[]) => {
    while (n >= 2560 + 64) { put(EXTENDED_MAKEUP[12]!); n -= 2560; }
    if (n >= 1792) { put(EXTENDED_MAKEUP[(n >> 6) - 28]!); n &= 63; } else if (n >= 64) { put(makeup[(n >> 6) - 1]!); n &= 63; }
    put(term[n]!);
  };
  const stride = Math.ceil(bm.width / 8);
  for (let y = 0; y < bm.height; y++) {
    if (opts.byteAlign) while (bits.length % 8 !== (opts.eol ? 4 : 0)) bits.push(0);
    if (opts.eol) put('000000000001');
    let x = 0;
    let black = false;
    while (x < bm.width) {
      let e = x;
      while (e < bm.width && (((bm.packed[y * stride + (e >> 3)]! >> (7 - (e & 7))) & 1) === 1) === black) e++;
      run(e - x, black ? BLACK_TERMINATING : WHITE_TERMINATING, black ? BLACK_MAKEUP : WHITE_MAKEUP);
      x = e;
      black = !black;
    }
  }
  while (bits.length % 8) bits.push(0);
  const out = new Uint8Array(bits.length / 8);
  bits.forEach((b, i) => { if (b) out[i >> 3]! |= 0x80 >> (i & 7); });
  return out;
}

/** What poppler shows for a PDF image with these CCITTFaxDecode parameters: the independent reference. */
async function popplerReads(data: Uint8Array, width: number, height: number, params: { k: number; encodedByteAlign?: boolean; blackIs1?: boolean }): Promise<Uint8Array> {
  const pdf = join(dir, `ref-${Math.random().toString(36).slice(2)}.pdf`);
  const w = await PdfImageWriter.create(pdf);
  await w.addPage({ filter: 'CCITTFaxDecode', data, width, height, k: params.k, blackIs1: params.blackIs1 ?? false, encodedByteAlign: params.encodedByteAlign }, 72, 72);
  await w.finish({ title: 't', producer: 't', creationDate: new Date(0) });
  // pdfimages gives the image exactly as poppler's CCITTFaxDecode filter decodes it
  const r = spawnSync('pdfimages', ['-png', pdf, join(dir, 'ref')]);
  expect(r.status).toBe(0);
  const png = readFileSync(`${join(dir, 'ref')}-000.png`);
  const { data: gray, info } = await sharp(png).grayscale().raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([width, height]);
  const stride = Math.ceil(width / 8);
  const packed = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (gray[y * width + x]! < 128) packed[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
  return packed;
}

describe('decodeCcittFax', () => {
  it('reads every Group 3 variant libtiff writes (1-D, 2-D, fill bits, LSB-first) exactly as libtiff does', async () => {
    const page = await textPage(1001, 523);
    const g4 = join(dir, 'page.tif');
    writeFileSync(g4, packedToTiffG4(page.packed, page.width, page.height));
    for (const [codec, fill] of [['g3:1d', 'msb2lsb'], ['g3:2d', 'msb2lsb'], ['g3:1d:fill', 'msb2lsb'], ['g3:2d:fill', 'lsb2msb'], ['g4', 'lsb2msb']] as const) {
      const out = join(dir, `${codec.replace(/:/g, '_')}-${fill}.tif`);
      const r = spawnSync('tiffcp', ['-c', codec, '-f', fill, '-r', '100', g4, out]);
      expect(r.status, String(r.stderr)).toBe(0);
      const bytes = readFileSync(out);
      const ifd = parseTiff(bytes)[0]!;
      expect(ifd.compression).toBe(codec === 'g4' ? 4 : 3);
      expect(samePixels(page, decodeTiff(bytes).packed), `${codec} ${fill}`).toBe(0);
    }
  });

  it('reads G4 written by the station encoder, wide runs and odd widths included', async () => {
    const page = await textPage(2733, 160);
    expect(samePixels(page, decodeCcittFax(encodeG4(page.packed, page.width, page.height), { columns: page.width, rows: page.height, k: -1 }).packed)).toBe(0);
    // rows not given: read to EOFB
    expect(decodeCcittFax(encodeG4(page.packed, page.width, page.height), { columns: page.width, k: -1 }).height).toBe(160);
  });

  it('reads 1-D data with and without EOLs, byte-aligned or not, and agrees with poppler', async () => {
    const page = await textPage(640, 300);
    for (const opts of [{ eol: true, byteAlign: false }, { eol: false, byteAlign: true }, { eol: true, byteAlign: true }, { eol: false, byteAlign: false }]) {
      const data = encodeMH(page, opts);
      const params: CcittDecodeParams = { columns: page.width, rows: page.height, k: 0, encodedByteAlign: opts.byteAlign };
      expect(samePixels(page, decodeCcittFax(data, params).packed), JSON.stringify(opts)).toBe(0);
      expect(samePixels(page, await popplerReads(data, page.width, page.height, params)), `poppler ${JSON.stringify(opts)}`).toBe(0);
    }
  });

  it('BlackIs1 inverts the result as a PDF viewer shows it', async () => {
    const page = await textPage(200, 80);
    const data = encodeMH(page, { eol: true, byteAlign: false });
    const params = { columns: 200, rows: 80, k: 0, blackIs1: true };
    const mine = decodeCcittFax(data, params).packed;
    expect(samePixels(page, mine)).toBeGreaterThan(200 * 80 * 0.5);
    expect(samePixels({ ...page, packed: await popplerReads(data, 200, 80, params) }, mine)).toBe(0);
  });

  it('replaces a damaged row by the one above when an EOL follows, and refuses data that is mostly garbage', async () => {
    const page = await textPage(320, 120);
    const data = encodeMH(page, { eol: true, byteAlign: false });
    const hurt = data.slice();
    hurt[Math.floor(hurt.length / 2)] = 0xff; // one row's codes damaged
    hurt[Math.floor(hurt.length / 2) + 1] = 0xff;
    const got = decodeCcittFax(hurt, { columns: 320, rows: 120, k: 0 });
    expect(got.damagedRows).toBeGreaterThan(0);
    expect(samePixels(page, got.packed)).toBeLessThan(320 * 3);

    const garbage = new Uint8Array(4000).map((_, i) => (i * 151) & 0xff);
    for (const k of [-1, 0, 1]) {
      try {
        decodeCcittFax(garbage, { columns: 1728, rows: 2200, k });
        expect.unreachable(`k=${k}`);
      } catch (e) {
        expect(isStationError(e, 'INPUT_CORRUPT'), String(e)).toBe(true);
      }
    }
  });

  it('refuses hostile sizes before allocating for them', () => {
    const tiny = new Uint8Array([0, 1, 0x80]);
    for (const p of [{ columns: 0, k: 0 }, { columns: 2 ** 21, k: 0 }, { columns: 1728, rows: 2 ** 30, k: -1 }]) {
      try {
        decodeCcittFax(tiny, p);
        expect.unreachable(JSON.stringify(p));
      } catch (e) {
        expect(isStationError(e, 'INPUT_CORRUPT')).toBe(true);
      }
    }
  });
});

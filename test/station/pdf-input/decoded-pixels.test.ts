import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFHexString } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openScannerPdf, type PdfPageImage } from '../../../station/src/pdf-input/read-pdf-pages.ts';
import { pdfWithRawImage } from './helpers/build-pdf.ts';
import { lzwEncode } from './helpers/lzw-encode.ts';
import { pngParts } from './helpers/png-chunks.ts';

async function only(bytes: Uint8Array): Promise<PdfPageImage> {
  const pdf = await openScannerPdf(bytes, 'scan.pdf');
  return pdf.page(0);
}

function expectPixels(page: PdfPageImage, channels: 1 | 3, bits: 1 | 8): Uint8Array {
  expect(page.kind).toBe('pixels');
  if (page.kind !== 'pixels') throw new Error(`expected pixels, got ${page.kind}`);
  expect([page.channels, page.bitsPerComponent]).toEqual([channels, bits]);
  return page.data;
}

/** A small image with gradients in every channel, so that each predictor and conversion is exercised. */
function gradient(width: number, height: number, channels: number): Buffer {
  const raw = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) raw[(y * width + x) * channels + c] = (x * (c + 1) * 3 + y * 5 + c * 40) & 0xff;
    }
  }
  return raw;
}

describe('lossless images are decoded to samples', () => {
  it('embedPng RGB and gray: pdf-lib stores both as DeviceRGB', async () => {
    for (const channels of [3, 1] as const) {
      const raw = gradient(97, 61, channels);
      const png = await sharp(raw, { raw: { width: 97, height: 61, channels } }).toColourspace(channels === 1 ? 'b-w' : 'srgb').png().toBuffer();
      const doc = await PDFDocument.create();
      const image = await doc.embedPng(png);
      doc.addPage([97 * 0.72, 61 * 0.72]).drawImage(image, { x: 0, y: 0, width: 97 * 0.72, height: 61 * 0.72 });
      const page = await only(await doc.save());
      const data = expectPixels(page, 3, 8);
      const expected = channels === 3 ? raw : Buffer.from(Array.from(raw).flatMap((v) => [v, v, v]));
      expect(Buffer.from(data).equals(expected)).toBe(true);
      expect(page.kind === 'pixels' && [page.width, page.height, page.dpiX, page.dpiY]).toEqual([97, 61, 100, 100]);
    }
  });

  it('embedPng with alpha: composited on white through the /SMask', async () => {
    const width = 4;
    const rgba = Buffer.from([200, 100, 50, 255, 200, 100, 50, 0, 200, 100, 50, 128, 0, 0, 0, 64]);
    const png = await sharp(rgba, { raw: { width, height: 1, channels: 4 } }).png().toBuffer();
    const doc = await PDFDocument.create();
    doc.addPage([4, 1]).drawImage(await doc.embedPng(png), { x: 0, y: 0, width: 4, height: 1 });
    const data = expectPixels(await only(await doc.save()), 3, 8);
    const over = (v: number, a: number): number => Math.floor((v * a + 255 * (255 - a) + 127) / 255);
    expect(Array.from(data)).toEqual([200, 100, 50, 255, 255, 255, over(200, 128), over(100, 128), over(50, 128), over(0, 64), over(0, 64), over(0, 64)]);
  });

  it('PNG data copied into FlateDecode with Predictor 15: gray 8-bit, RGB, gray 16-bit', async () => {
    const cases = [
      { channels: 1, space: 'b-w', cs: 'DeviceGray', depth: 8 },
      { channels: 3, space: 'srgb', cs: 'DeviceRGB', depth: 8 },
      { channels: 1, space: 'grey16', cs: 'DeviceGray', depth: 16 },
    ] as const;
    for (const c of cases) {
      const raw = gradient(203, 37, c.channels);
      const png = await sharp(raw, { raw: { width: 203, height: 37, channels: c.channels } }).toColourspace(c.space).png({ adaptiveFiltering: true }).toBuffer();
      const parts = pngParts(png);
      expect(parts.bitDepth).toBe(c.depth);
      const dict = { Width: 203, Height: 37, ColorSpace: c.cs, BitsPerComponent: c.depth, Filter: 'FlateDecode', DecodeParms: { Predictor: 15, Colors: c.channels, BitsPerComponent: c.depth, Columns: 203 } };
      const data = expectPixels(await only(await pdfWithRawImage({ data: parts.idat, dict })), c.channels, 8);
      // 16-bit: the high byte of each sample (sharp scales 8 to 16 bits by × 257, so it is the original value)
      expect(Buffer.from(data).equals(raw)).toBe(true);
    }
  });

  it('a 1-bit palette PNG (PLTE → /Indexed) stays 1-bit, 1 = black', async () => {
    const width = 21;
    const raw = Buffer.alloc(width * 3, 255);
    raw[0] = raw[5] = raw[20] = raw[21 + 7] = raw[42 + 20] = 0;
    const png = await sharp(raw, { raw: { width, height: 3, channels: 1 } }).png({ palette: true, colours: 2 }).toBuffer();
    const parts = pngParts(png);
    expect([parts.colorType, parts.bitDepth]).toEqual([3, 1]);
    const hival = parts.palette!.length / 3 - 1;
    const dict = {
      Width: width,
      Height: 3,
      BitsPerComponent: 1,
      ColorSpace: ['Indexed', 'DeviceRGB', hival, PDFHexString.of(Buffer.from(parts.palette!).toString('hex'))],
      Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: 1, BitsPerComponent: 1, Columns: width },
    };
    const data = expectPixels(await only(await pdfWithRawImage({ data: parts.idat, dict })), 1, 1);
    const black = (x: number, y: number): number => (data[y * 3 + (x >> 3)]! >> (7 - (x & 7))) & 1;
    const found: string[] = [];
    for (let y = 0; y < 3; y++) for (let x = 0; x < width; x++) if (black(x, y)) found.push(`${x},${y}`);
    expect(found).toEqual(['0,0', '5,0', '20,0', '7,1', '20,2']);
    expect(data[2]! & 0b111).toBe(0); // padding bits cleared
  });

  it('1-bit gray, inverted gray and an image mask all come out 1 = black', async () => {
    const rows = Uint8Array.from([0b10110000, 0b01000000]); // 4 pixels wide, 2 rows
    const dict = { Width: 4, Height: 2, BitsPerComponent: 1 };
    const gray = expectPixels(await only(await pdfWithRawImage({ data: rows, dict: { ...dict, ColorSpace: 'DeviceGray' } })), 1, 1);
    expect(Array.from(gray)).toEqual([0b01000000, 0b10110000]); // 0 = black in DeviceGray
    const inverted = expectPixels(await only(await pdfWithRawImage({ data: rows, dict: { ...dict, ColorSpace: 'DeviceGray', Decode: [1, 0] } })), 1, 1);
    expect(Array.from(inverted)).toEqual([0b10110000, 0b01000000]);
    const mask = expectPixels(await only(await pdfWithRawImage({ data: rows, dict: { Width: 4, Height: 2, ImageMask: true } })), 1, 1);
    expect(Array.from(mask)).toEqual([0b01000000, 0b10110000]); // sample 0 paints (black)
  });

  it('LZWDecode with TIFF predictor 2 and EarlyChange 0; ASCIIHex over Flate; RunLength', async () => {
    const width = 150;
    const raw = gradient(width, 40, 1);
    const diff = Buffer.from(raw);
    for (let y = 0; y < 40; y++) for (let x = width - 1; x > 0; x--) diff[y * width + x] = (raw[y * width + x]! - raw[y * width + x - 1]!) & 0xff;
    const base = { Width: width, Height: 40, ColorSpace: 'DeviceGray', BitsPerComponent: 8 };
    const lzw = { ...base, Filter: 'LZWDecode', DecodeParms: { Predictor: 2, Colors: 1, BitsPerComponent: 8, Columns: width, EarlyChange: 0 } };
    expect(Buffer.from(expectPixels(await only(await pdfWithRawImage({ data: lzwEncode(diff, 0), dict: lzw })), 1, 8)).equals(raw)).toBe(true);

    const hex = Buffer.from(deflateSync(raw).toString('hex') + '>', 'latin1');
    const chain = { ...base, Filter: ['ASCIIHexDecode', 'FlateDecode'] };
    expect(Buffer.from(expectPixels(await only(await pdfWithRawImage({ data: hex, dict: chain })), 1, 8)).equals(raw)).toBe(true);

    const runs: number[] = [];
    for (let i = 0; i < raw.length; i += 100) runs.push(99, ...raw.subarray(i, i + 100));
    runs.push(128);
    const rl = { ...base, Filter: 'RunLengthDecode' };
    expect(Buffer.from(expectPixels(await only(await pdfWithRawImage({ data: Uint8Array.from(runs), dict: rl })), 1, 8)).equals(raw)).toBe(true);
  });

  it('converts Indexed (2-bit), CMYK, ICCBased, CalGray and a /Decode array', async () => {
    const indexed = {
      Width: 4,
      Height: 1,
      BitsPerComponent: 2,
      ColorSpace: ['Indexed', 'DeviceRGB', 3, PDFHexString.of('ff0000' + '00ff00' + '0000ff' + '808080')],
    };
    expect(Array.from(expectPixels(await only(await pdfWithRawImage({ data: Uint8Array.from([0b00011011]), dict: indexed })), 3, 8))).toEqual([
      255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128,
    ]);

    const cmyk = { Width: 3, Height: 1, BitsPerComponent: 8, ColorSpace: 'DeviceCMYK' };
    expect(Array.from(expectPixels(await only(await pdfWithRawImage({ data: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 255, 255, 0, 0, 0]), dict: cmyk })), 3, 8))).toEqual([
      255, 255, 255, 0, 0, 0, 0, 255, 255,
    ]);

    const gray3 = Uint8Array.from([10, 20, 30]);
    const iccGray = await pdfWithRawImage({
      data: gray3,
      dict: (doc) => ({
        Width: 3,
        Height: 1,
        BitsPerComponent: 8,
        ColorSpace: ['ICCBased', doc.context.register(doc.context.stream(new Uint8Array(16), { N: 1, Alternate: 'DeviceGray' } as never))],
      }),
    });
    expect(Array.from(expectPixels(await only(iccGray), 1, 8))).toEqual([10, 20, 30]);

    const calGray = { Width: 3, Height: 1, BitsPerComponent: 8, ColorSpace: ['CalGray', { WhitePoint: [0.9505, 1, 1.089] }], Decode: [1, 0] };
    expect(Array.from(expectPixels(await only(await pdfWithRawImage({ data: gray3, dict: calGray })), 1, 8))).toEqual([245, 235, 225]);
  });

  it('reads a hex string palette written with white space and an odd final digit, as the PDF specification says', async () => {
    // img2pdf 0.3 writes `< 000000 ffffff >`: read as written, the palette's white became cyan
    const palette = (hex: string) => ({ Width: 3, Height: 1, BitsPerComponent: 8, ColorSpace: ['Indexed', 'DeviceRGB', 2, PDFHexString.of(hex)] });
    const data = Uint8Array.from([0, 1, 2]);
    expect(Array.from(expectPixels(await only(await pdfWithRawImage({ data, dict: palette(' 000000 ffffff\n\t80 40 2 ') })), 3, 8))).toEqual([
      0, 0, 0, 255, 255, 255, 0x80, 0x40, 0x20,
    ]);
    const bitonal = { Width: 8, Height: 1, BitsPerComponent: 1, ColorSpace: ['Indexed', 'DeviceRGB', 1, PDFHexString.of(' 000000 FFFFFF ')] };
    expect(Array.from(expectPixels(await only(await pdfWithRawImage({ data: Uint8Array.from([0b00001111]), dict: bitonal })), 1, 1))).toEqual([0b11110000]);
  });
});

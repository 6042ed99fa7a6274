/**
 * Scanner PDFs of the kinds real scanners, MFPs, fax software and converters write, built here
 * (seeded, no network) from one A4 letter page: stencil masks painted through a pattern, pages
 * assembled from strips, a small image on a large page, CCITT G3 in every variant, palettes
 * written as img2pdf 0.3 does. Each builder returns the PDF bytes; the tests compare what the
 * station makes of them with the input, page by page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFHexString, PDFName, type PDFRef } from 'pdf-lib';
import sharp from 'sharp';
import { A4, setContent } from './build-pdf.ts';
import { singleStrip } from './tiff-strip.ts';

/** An A4 letter as SVG: heading, paragraphs, a signature; `colour` adds a blue stamp and a red heading. */
function letterSvg(colour: boolean, dpi: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 22; i++) {
    const width = 150 - ((i * 37) % 45);
    lines.push(`<rect x="25" y="${70 + i * 8}" width="${width}" height="3.2" fill="#222"/>`);
  }
  // sized in pixels at `dpi` (librsvg would apply a density to millimetres twice)
  const px = (mm: number): number => Math.round((mm / 25.4) * dpi);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${px(210)}" height="${px(297)}" viewBox="0 0 210 297">
    <rect width="210" height="297" fill="#fff"/>
    <text x="25" y="40" font-family="DejaVu Sans" font-size="9" font-weight="bold" fill="${colour ? '#b01010' : '#000'}">PRIMĂRIA MUNICIPIULUI</text>
    <text x="25" y="55" font-family="DejaVu Sans" font-size="5">Registratura generală — nr. 84512 din 27.09.2021</text>
    ${lines.join('\n')}
    <path d="M120 260 q10 -15 20 0 t20 0" stroke="#123" stroke-width="1.2" fill="none"/>
    ${colour ? '<circle cx="60" cy="255" r="16" fill="none" stroke="#1840c0" stroke-width="2.5"/><text x="48" y="257" font-family="DejaVu Sans" font-size="4" fill="#1840c0">ȘTAMPILĂ</text>' : ''}
  </svg>`;
}

/** The letter at `dpi` as raw pixels (gray or RGB). */
export async function letterPixels(dpi: number, colour: boolean): Promise<{ data: Buffer; width: number; height: number; channels: 1 | 3 }> {
  const img = sharp(Buffer.from(letterSvg(colour, dpi))).flatten({ background: '#fff' });
  const out = colour ? img.toColourspace('srgb') : img.greyscale();
  const { data, info } = await out.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: colour ? 3 : 1 };
}

/** Packed 1-bit rows (MSB first), bit = 1 where `dark(gray)`. */
function packBits(gray: Buffer, width: number, height: number, bitIsDark: boolean): Buffer {
  const rowBytes = Math.ceil(width / 8);
  const out = Buffer.alloc(rowBytes * height, bitIsDark ? 0 : 0xff);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (gray[y * width + x]! < 128) out[y * rowBytes + (x >> 3)]! ^= 0x80 >> (x & 7);
    }
  }
  return out;
}

async function newPage(size: [number, number] = A4) {
  const doc = await PDFDocument.create();
  const page = doc.addPage(size);
  const add = (data: Uint8Array, dict: Record<string, unknown>): PDFRef =>
    doc.context.register(doc.context.stream(data, { Type: 'XObject', Subtype: 'Image', ...dict } as never));
  return { doc, page, add };
}

/** A stencil mask of the letter (150 dpi) painted through a coloured tiling pattern, or in a plain colour. */
export async function stencilMaskPdf(paint: 'pattern' | 'red'): Promise<Uint8Array> {
  const { data, width, height } = await letterPixels(150, false);
  const { doc, page, add } = await newPage();
  // ImageMask: sample 0 paints (default /Decode [0 1])
  const mask = add(deflateSync(packBits(data, width, height, false)), { Width: width, Height: height, ImageMask: true, Filter: 'FlateDecode' });
  page.node.setXObject(PDFName.of('Im0'), mask);
  const tile = doc.context.stream('0.1 0.25 0.75 rg 0 0 6 12 re f 0.85 0.35 0 rg 6 0 6 12 re f', {
    Type: 'Pattern', PatternType: 1, PaintType: 1, TilingType: 1, BBox: [0, 0, 12, 12], XStep: 12, YStep: 12, Resources: {},
  } as never);
  page.node.Resources()!.set(PDFName.of('Pattern'), doc.context.obj({ P0: doc.context.register(tile) }));
  const fill = paint === 'pattern' ? '/Pattern cs /P0 scn' : '0.8 0 0 rg';
  await setContent(doc, page, `q ${fill} ${A4[0]} 0 0 ${A4[1]} 0 0 cm /Im0 Do Q`);
  return doc.save();
}

/** The letter in `strips` horizontal bands, each its own image: colour JPEG bands, or 1-bit bands (Flate). */
export async function stripsPdf(kind: 'colour-jpeg' | 'bitonal', strips = 4, dpi = 150): Promise<Uint8Array> {
  const colour = kind === 'colour-jpeg';
  const { data, width, height, channels } = await letterPixels(dpi, colour);
  const { doc, page, add } = await newPage();
  const ops: string[] = [];
  const rowsPer = Math.ceil(height / strips);
  for (let s = 0; s < strips; s++) {
    const top = s * rowsPer;
    const rows = Math.min(rowsPer, height - top);
    const band = data.subarray(top * width * channels, (top + rows) * width * channels);
    const ref = colour
      ? add(await sharp(band, { raw: { width, height: rows, channels } }).jpeg({ quality: 85 }).toBuffer(), { Width: width, Height: rows, ColorSpace: 'DeviceRGB', BitsPerComponent: 8, Filter: 'DCTDecode' })
      : add(deflateSync(packBits(band, width, rows, false)), { Width: width, Height: rows, ColorSpace: 'DeviceGray', BitsPerComponent: 1, Filter: 'FlateDecode' });
    page.node.setXObject(PDFName.of(`S${s}`), ref);
    const hPt = (rows * 72) / dpi;
    const yPt = A4[1] - ((top + rows) * 72) / dpi;
    ops.push(`q ${A4[0]} 0 0 ${hPt.toFixed(4)} 0 ${yPt.toFixed(4)} cm /S${s} Do Q`);
  }
  await setContent(doc, page, ops.join('\n'));
  return doc.save();
}

/** A 3 × 2 inch colour photo of the letter's top (200 dpi JPEG) drawn at 1 inch from the top left of a larger page. */
export async function smallImagePdf(options: { rotate?: number; cropBox?: [number, number, number, number]; size?: [number, number] } = {}): Promise<Uint8Array> {
  const { data, width, channels } = await letterPixels(200, true);
  const jpeg = await sharp(data, { raw: { width, height: data.length / width / channels, channels } })
    .extract({ left: 100, top: 180, width: 600, height: 400 })
    .jpeg({ quality: 85 })
    .toBuffer();
  const size = options.size ?? A4;
  const { doc, page, add } = await newPage(size);
  page.node.setXObject(PDFName.of('Im0'), add(jpeg, { Width: 600, Height: 400, ColorSpace: 'DeviceRGB', BitsPerComponent: 8, Filter: 'DCTDecode' }));
  await setContent(doc, page, `q 216 0 0 144 72 ${size[1] - 72 - 144} cm /Im0 Do Q`);
  if (options.rotate) page.node.set(PDFName.of('Rotate'), doc.context.obj(options.rotate));
  if (options.cropBox) page.node.set(PDFName.of('CropBox'), doc.context.obj(options.cropBox));
  return doc.save();
}

/** An 8-bit palette image as img2pdf 0.3 wrote it: `[/Indexed /DeviceRGB 1 < 000000 ffffff >]`. */
export async function spacedPalettePdf(dpi = 100): Promise<Uint8Array> {
  const { data, width, height } = await letterPixels(dpi, false);
  const indices = Buffer.from(data.map((v) => (v < 128 ? 0 : 1)));
  const { doc, page, add } = await newPage();
  const image = add(deflateSync(indices), {
    Width: width, Height: height, BitsPerComponent: 8, Filter: 'FlateDecode',
    ColorSpace: ['Indexed', 'DeviceRGB', 1, PDFHexString.of(' 000000 ffffff ')],
  });
  page.node.setXObject(PDFName.of('Im0'), image);
  await setContent(doc, page, `q ${A4[0]} 0 0 ${A4[1]} 0 0 cm /Im0 Do Q`);
  return doc.save();
}

export interface G3Options {
  /** 'g3:1d' (K = 0), 'g3:2d' (K > 0); `fill`: EOL codes end on a byte boundary (TIFF fill bits = /EncodedByteAlign). */
  mode: '1d' | '2d';
  fill?: boolean;
  /** /BlackIs1 true (with /Decode [1 0] so the page still looks like the letter, unless `showInverted`). */
  blackIs1?: boolean;
  showInverted?: boolean;
  rotate?: number;
  dpi?: number;
}

/**
 * A fax-style page: the letter at 200 dpi (or `dpi`), coded CCITT Group 3 by libtiff (tiffcp
 * -c g3:…), with an EOL before every row, stored in a PDF with the matching /DecodeParms.
 */
export function g3Pdf(letter: { data: Buffer; width: number; height: number }, o: G3Options): Promise<Uint8Array> {
  const dir = mkdtempSync(path.join(tmpdir(), 'g3-'));
  try {
    return (async () => {
      await sharp(letter.data, { raw: { width: letter.width, height: letter.height, channels: 1 } }).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1 }).toFile(path.join(dir, 'g4.tif'));
      const codec = `g3:${o.mode}${o.fill ? ':fill' : ''}`;
      execFileSync('tiffcp', ['-c', codec, '-r', '1000000', path.join(dir, 'g4.tif'), path.join(dir, 'g3.tif')]);
      const strip = singleStrip(readFileSync(path.join(dir, 'g3.tif')));
      const dpi = o.dpi ?? 200;
      const size: [number, number] = [(strip.width * 72) / dpi, (strip.height * 72) / dpi];
      const { doc, page, add } = await newPage(size);
      // libvips writes min-is-black: what G3 codes as "white" is the ink, which PDF says with /BlackIs1 true
      const inkIsWhiteRuns = strip.photometric === 1;
      const blackIs1 = o.blackIs1 ?? false;
      const decodeInverted = blackIs1 !== inkIsWhiteRuns ? !o.showInverted : Boolean(o.showInverted);
      page.node.setXObject(PDFName.of('Im0'), add(strip.data, {
        Width: strip.width, Height: strip.height, ColorSpace: 'DeviceGray', BitsPerComponent: 1, Filter: 'CCITTFaxDecode',
        DecodeParms: { K: o.mode === '1d' ? 0 : 4, Columns: strip.width, Rows: strip.height, EndOfLine: true, EncodedByteAlign: Boolean(o.fill), BlackIs1: blackIs1 },
        ...(decodeInverted ? { Decode: [1, 0] } : {}),
      }));
      await setContent(doc, page, `q ${size[0]} 0 0 ${size[1]} 0 0 cm /Im0 Do Q`);
      if (o.rotate) page.node.set(PDFName.of('Rotate'), doc.context.obj(o.rotate));
      return doc.save();
    })().finally(() => rmSync(dir, { recursive: true, force: true }));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}


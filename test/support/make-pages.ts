/**
 * Small synthetic scanned pages for tests: an 8-bit gray canvas with paper noise, pseudo-text,
 * barcodes, dust specks, bleed-through and an 8-bit "page mark" (black squares in a known place)
 * that can be read back from an output PDF to check page order. Pages are encoded with sharp.
 */
import sharp from 'sharp';
import { barcodeSymbol, type TestBarcodeFormat } from './zxing-writer.ts';

export const PAPER = 246;
export const INK = 24;

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

export class GrayCanvas {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    readonly dpi: number,
    paper = PAPER,
  ) {
    this.data = new Uint8Array(width * height).fill(paper);
  }

  static a4(dpi: number, paper = PAPER): GrayCanvas {
    return new GrayCanvas(Math.round(8.27 * dpi), Math.round(11.69 * dpi), dpi, paper);
  }

  /** Pixels per millimetre. */
  get ppmm(): number {
    return this.dpi / 25.4;
  }

  rect(x: number, y: number, w: number, h: number, value: number): this {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) this.data.fill(value, yy * this.width + x0, yy * this.width + x1);
    return this;
  }

  /** Only darkens (ink on paper never lightens it). */
  darken(x: number, y: number, w: number, h: number, value: number): this {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) if (this.data[yy * this.width + xx]! > value) this.data[yy * this.width + xx] = value;
    return this;
  }

  /** Adds ±amplitude noise to every pixel (scanner sensor noise). */
  noise(seed: number, amplitude = 3): this {
    // a prime-length table of offsets, walked cyclically: cheap and aperiodic along rows
    const r = rng(seed);
    const table = new Int16Array(8191).map(() => Math.round((r() * 2 - 1) * amplitude));
    const d = this.data;
    for (let i = 0, k = 0; i < d.length; i++, k = k === 8190 ? 0 : k + 1) {
      const v = d[i]! + table[k]!;
      d[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
    return this;
  }

  /** Copies a module raster (0 black, 255 white) scaled by `module` px, with `ink` as black. */
  symbol(sym: { data: Uint8Array; width: number; height: number }, x: number, y: number, module: number, opts: { rotate?: 0 | 90 | 180 | 270; ink?: number; barHeight?: number } = {}): this {
    const ink = opts.ink ?? INK;
    const rot = opts.rotate ?? 0;
    // 1D symbols are a few rows tall: stretch them to barHeight px
    const sy = opts.barHeight ? opts.barHeight / sym.height : module;
    const w = sym.width * module;
    const h = Math.round(sym.height * sy);
    const [ow, oh] = rot === 90 || rot === 270 ? [h, w] : [w, h];
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        // (u, v): coordinates in the unrotated symbol
        let u: number;
        let v: number;
        if (rot === 0) [u, v] = [ox, oy];
        else if (rot === 180) [u, v] = [w - 1 - ox, h - 1 - oy];
        else if (rot === 90) [u, v] = [oy, h - 1 - ox];
        else [u, v] = [w - 1 - oy, ox];
        const mx = Math.floor(u / module);
        const my = Math.min(sym.height - 1, Math.floor(v / sy));
        if (sym.data[my * sym.width + mx] === 0) {
          const px = Math.round(x) + ox;
          const py = Math.round(y) + oy;
          if (px >= 0 && py >= 0 && px < this.width && py < this.height) this.data[py * this.width + px] = ink;
        }
      }
    }
    return this;
  }

  /** The whole page turned by 90/180/270 degrees clockwise (a sheet fed sideways or upside down). */
  rotated(deg: 90 | 180 | 270): GrayCanvas {
    const { width: w, height: h } = this;
    const out = deg === 180 ? new GrayCanvas(w, h, this.dpi) : new GrayCanvas(h, w, this.dpi);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = this.data[y * w + x]!;
        if (deg === 180) out.data[(h - 1 - y) * w + (w - 1 - x)] = v;
        else if (deg === 90) out.data[x * h + (h - 1 - y)] = v;
        else out.data[(w - 1 - x) * h + y] = v;
      }
    }
    return out;
  }
}

/** One line of pseudo-text: glyph-like strokes, words and spaces; returns the line's right edge. */
export function textLine(c: GrayCanvas, x: number, y: number, chars: number, seed: number, opts: { ink?: number; mirrored?: boolean; glyphMm?: number } = {}): number {
  const r = rng(seed);
  const gh = Math.max(4, Math.round((opts.glyphMm ?? 3) * c.ppmm));
  const gw = Math.round(gh * 0.6);
  const s = Math.max(1, Math.round(gh / 8));
  const ink = opts.ink ?? INK;
  let cx = x;
  for (let i = 0; i < chars; i++) {
    const gx = opts.mirrored ? c.width - cx - gw : cx;
    if (r() < 0.16) {
      cx += gw; // a space
      continue;
    }
    const strokes = [r() < 0.6, r() < 0.5, r() < 0.5, r() < 0.4, r() < 0.6];
    if (strokes.filter(Boolean).length < 2) strokes[0] = strokes[4] = true;
    if (strokes[0]) c.darken(gx, y, s, gh, ink);
    if (strokes[1]) c.darken(gx + gw - s, y, s, gh, ink);
    if (strokes[2]) c.darken(gx, y, gw, s, ink);
    if (strokes[3]) c.darken(gx, y + gh / 2, gw, s, ink);
    if (strokes[4]) c.darken(gx, y + gh - s, gw, s, ink);
    cx += gw + Math.max(1, Math.round(gw / 3));
  }
  return cx;
}

/** Paragraphs of pseudo-text between 18 % and `bottom` of the page height. */
export function textBlock(c: GrayCanvas, seed: number, lines: number, opts: { ink?: number; mirrored?: boolean; top?: number } = {}): void {
  const r = rng(seed);
  const left = c.width * 0.1;
  const lineGap = 7 * c.ppmm;
  const top = c.height * (opts.top ?? 0.18);
  for (let i = 0; i < lines; i++) {
    const y = top + i * lineGap;
    if (y > c.height * 0.9) break;
    const chars = 30 + Math.floor(r() * 25);
    textLine(c, left, y, chars, seed * 131 + i, opts);
  }
}

// ---- page marks ----------------------------------------------------------------------------

const MARK_BITS = 8;
const markCell = (w: number, h: number, i: number) => ({ cx: w * (0.12 + i * 0.045), cy: h * 0.09, size: w * 0.025 });

/** Writes `value` (1–255) as black squares in the page's top band (bit 7 first). 0 draws nothing. */
export function drawMark(c: GrayCanvas, value: number): void {
  if (value < 0 || value > 255) throw new Error('mark out of range');
  for (let i = 0; i < MARK_BITS; i++) {
    if (!(value & (0x80 >> i))) continue;
    const { cx, cy, size } = markCell(c.width, c.height, i);
    c.rect(cx - size / 2, cy - size / 2, size, size, 0);
  }
}

/** Reads the mark back from a decoded gray image of the page (any resolution, same orientation). */
export function readMark(img: { data: Uint8Array; width: number; height: number }): number {
  let v = 0;
  for (let i = 0; i < MARK_BITS; i++) {
    const { cx, cy } = markCell(img.width, img.height, i);
    if (img.data[Math.round(cy) * img.width + Math.round(cx)]! < 128) v |= 0x80 >> i;
  }
  return v;
}

// ---- page kinds --------------------------------------------------------------------------------

export interface BarcodeSpec {
  value: string;
  format: TestBarcodeFormat;
  /** Module size in millimetres (default 0.5 for 1D, 0.8 for 2D). */
  moduleMm?: number;
  /** Top-left corner as a fraction of the page. */
  at?: { x: number; y: number };
  /** Rotation of the symbol on the page. */
  rotate?: 0 | 90 | 180 | 270;
  ink?: number;
}

const is2D = (f: TestBarcodeFormat) => f === 'QRCode' || f === 'DataMatrix';

export async function drawBarcode(c: GrayCanvas, spec: BarcodeSpec): Promise<void> {
  const sym = await barcodeSymbol(spec.value, spec.format);
  const module = Math.max(1, Math.round((spec.moduleMm ?? (is2D(spec.format) ? 0.8 : 0.5)) * c.ppmm));
  const at = spec.at ?? { x: 0.2, y: 0.15 };
  c.symbol(sym, c.width * at.x, c.height * at.y, module, { rotate: spec.rotate, ink: spec.ink, barHeight: is2D(spec.format) ? undefined : Math.round(15 * c.ppmm) });
}

/** An ordinary page: a mark, some paragraphs, optionally barcodes that are not separators. */
export async function contentPage(dpi: number, mark: number, opts: { seed?: number; lines?: number; barcodes?: BarcodeSpec[] } = {}): Promise<GrayCanvas> {
  const c = GrayCanvas.a4(dpi);
  const seed = opts.seed ?? mark + 1;
  drawMark(c, mark);
  textBlock(c, seed, opts.lines ?? 18);
  for (const b of opts.barcodes ?? []) await drawBarcode(c, b);
  return c.noise(seed);
}

/** A separator sheet: one big barcode and a title line; `pageRotate` turns the whole sheet. */
export async function separatorPage(dpi: number, barcode: BarcodeSpec, opts: { pageRotate?: 90 | 180 | 270; seed?: number } = {}): Promise<GrayCanvas> {
  let c = GrayCanvas.a4(dpi);
  textLine(c, c.width * 0.2, c.height * 0.08, 24, opts.seed ?? 7, { glyphMm: 6 });
  await drawBarcode(c, { at: { x: 0.2, y: 0.2 }, ...barcode });
  if (opts.pageRotate) c = c.rotated(opts.pageRotate);
  return c.noise(opts.seed ?? 7);
}

/** The back of a sheet with nothing printed: paper noise, a few dust specks, optional faint bleed-through. */
export function blankBack(dpi: number, opts: { seed?: number; specks?: number; bleedThrough?: boolean } = {}): GrayCanvas {
  const seed = opts.seed ?? 99;
  const c = GrayCanvas.a4(dpi);
  if (opts.bleedThrough) textBlock(c, seed, 18, { ink: PAPER - 22, mirrored: true });
  const r = rng(seed);
  for (let i = 0; i < (opts.specks ?? 0); i++) {
    const size = 1 + Math.floor(r() * 2);
    c.rect(c.width * (0.1 + r() * 0.8), c.height * (0.1 + r() * 0.8), size, size, 30);
  }
  return c.noise(seed);
}

/** A sparse real page: only a date line and a signature line (with a short scribble). */
export function sparsePage(dpi: number, seed = 5): GrayCanvas {
  const c = GrayCanvas.a4(dpi);
  textLine(c, c.width * 0.12, c.height * 0.55, 16, seed); // «Data: 27.09.2021»
  const y = c.height * 0.62;
  const x = c.width * 0.55;
  c.darken(x, y, 60 * c.ppmm, Math.max(1, Math.round(0.3 * c.ppmm)), INK); // the signature line
  const r = rng(seed);
  let px = x + 5 * c.ppmm;
  let py = y - 4 * c.ppmm;
  for (let i = 0; i < 40; i++) {
    const nx = px + r() * 1.2 * c.ppmm;
    const ny = py + (r() - 0.5) * 2 * c.ppmm;
    c.darken(Math.min(px, nx), Math.min(py, ny), Math.abs(nx - px) + 2, Math.abs(ny - py) + 2, 60);
    px = nx;
    py = Math.max(y - 8 * c.ppmm, Math.min(y - 1 * c.ppmm, ny));
  }
  return c.noise(seed);
}

// ---- encoders ---------------------------------------------------------------------------------

/** sharp keeps one channel only when told to: without b-w it writes a 3-component JPEG. */
const raw = (c: GrayCanvas) => sharp(c.data, { raw: { width: c.width, height: c.height, channels: 1 } }).toColourspace('b-w');

/** A JPEG as a scanner writes it (gray, with its resolution); `skewDeg` turns the sheet slightly. */
export async function toJpeg(c: GrayCanvas, quality = 85, opts: { skewDeg?: number } = {}): Promise<Buffer> {
  let img = raw(c).withDensity(c.dpi);
  if (opts.skewDeg) img = sharp(await img.rotate(opts.skewDeg, { background: { r: PAPER, g: PAPER, b: PAPER } }).png({ compressionLevel: 0 }).toBuffer()).toColourspace('b-w').withDensity(c.dpi);
  return img.jpeg({ quality }).toBuffer();
}

/** The page thresholded to pure black and white (what a bitonal scan holds). */
export function bitonal(c: GrayCanvas): GrayCanvas {
  const out = new GrayCanvas(c.width, c.height, c.dpi);
  for (let i = 0; i < c.data.length; i++) out.data[i] = c.data[i]! < 128 ? 0 : 255;
  return out;
}

/** Rows of ceil(width/8) bytes, 1 = black (PBM convention). */
export function packBits(c: GrayCanvas): Uint8Array {
  const rowBytes = Math.ceil(c.width / 8);
  const packed = new Uint8Array(rowBytes * c.height);
  for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) if (c.data[y * c.width + x]! < 128) packed[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
  return packed;
}

/** Binary PBM (P4) as scanimage writes it in lineart mode. */
export function toPbm(c: GrayCanvas): Buffer {
  return Buffer.concat([Buffer.from(`P4\n# SANE data follows\n${c.width} ${c.height}\n`, 'latin1'), Buffer.from(packBits(c))]);
}

/** A bitonal CCITT G4 TIFF (libvips/libtiff). */
export async function toG4Tiff(c: GrayCanvas): Promise<Buffer> {
  return raw(bitonal(c)).withDensity(c.dpi).tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer();
}

export async function toPng(c: GrayCanvas): Promise<Buffer> {
  return raw(c).withDensity(c.dpi).png({ compressionLevel: 1 }).toBuffer();
}

export async function toTiff(c: GrayCanvas, compression: 'lzw' | 'none' = 'lzw'): Promise<Buffer> {
  return raw(c).withDensity(c.dpi).tiff({ compression }).toBuffer();
}

/** Binary PGM (P5) as scanimage writes it. */
export function toPgm(c: GrayCanvas): Buffer {
  return Buffer.concat([Buffer.from(`P5\n# SANE data follows\n${c.width} ${c.height}\n255\n`, 'latin1'), Buffer.from(c.data)]);
}

/**
 * What a kept page becomes in its PDF under the `storage` setting (the only place a page is
 * re-encoded for storage, at PDF writing, and only when it must be):
 *   - `original`: the image as the decode stage made it (a scanner's JPEG or G4 untouched);
 *   - `auto`: a multi-component page the colour check decided gray becomes one-component gray at
 *     full resolution (JPEG at the station's jpegQuality, never above the quality the scan was
 *     written at; Flate stays Flate, lossless) when that is smaller; colour pages and pages already
 *     gray or bitonal are untouched;
 *   - `auto-bitonal`: as `auto`, and a gray page that is pure text on near-white paper (no shading,
 *     no photo: almost no pixels between ink and paper besides stroke edges; its mean gray moves by
 *     12 levels at most, what the fidelity checks allow: white paper, not tinted) becomes CCITT G4.
 * Same size, same orientation (the stored pixels keep their orientation; /Rotate is the page's),
 * the same tone (gray is the colour's luminance; G4 only where the paper is already near white).
 */
import { deflateSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { StorageMode, SummaryPageColour } from '../../../shared/src/split-summary.ts';
import { encodeG4 } from '../imaging/ccitt-g4-encode.ts';
import { estimateJpegQuality } from '../imaging/jpeg-quality.ts';
import { corruptImage, encodeJpeg, packBitonal, type RawPixels } from '../imaging/sharp-adapter.ts';
import type { AnalyzedPage, EmbedImage } from '../pipeline/page-types.ts';

export interface StorageSettings {
  storage: StorageMode;
  jpegQuality: number;
}

export type StoredAs = NonNullable<SummaryPageColour['stored']>;

/** Paper at least this light (0–255) may become black and white… */
const BITONAL_PAPER = 230;
/** …when the page's mean gray moves by at most this much (the fidelity checks' own limit). */
const BITONAL_TONE = 12;
/** Pixels between ink and paper, as a share of the ink pixels, above which a page has shading (text edges alone stay under). */
const MID_PER_INK = 0.9;
/** …and as a share of the whole page. */
const MID_PER_PAGE = 0.03;

/** The full-resolution gray pixels of a multi-component image, or null when it has one component or is not continuous-tone. */
async function grayPixels(img: EmbedImage, label: string): Promise<RawPixels | null> {
  try {
    // libvips turns CMYK (Adobe inverted included) and YCbCr to sRGB, then to its luminance
    if (img.filter === 'DCTDecode' && img.components > 1) return await jpegLuma(img.data);
    if (img.filter === 'FlateDecode' && img.components === 3 && img.bitsPerComponent === 8) {
      const rgb = inflateSync(img.data);
      const { data, info } = await sharp(rgb, { raw: { width: img.width, height: img.height, channels: 3 } }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
      return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 1 };
    }
    return null;
  } catch (err) {
    throw corruptImage(label, err);
  }
}

/** Pure text on near-white paper: ink and paper and little in between. */
function isPureText(px: RawPixels): boolean {
  const hist = new Uint32Array(256);
  const d = px.data;
  for (let i = 0; i < d.length; i += 2) hist[d[i]!]!++;
  let total = 0;
  for (const n of hist) total += n;
  const at = (p: number) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += hist[v]!) >= total * p) return v;
    return 255;
  };
  // the paper: most of a text page, so its 60th percentile (the 90th would be the paper's noise)
  const paper = at(0.6);
  const ink = at(0.005);
  if (paper < BITONAL_PAPER || paper - ink < 100) return false;
  const lo = ink + (paper - ink) * 0.3;
  const hi = paper - (paper - ink) * 0.3;
  let dark = 0;
  let mid = 0;
  for (let v = 0; v < 256; v++) {
    if (v <= lo) dark += hist[v]!;
    else if (v < hi) mid += hist[v]!;
  }
  if (dark === 0 || mid > dark * MID_PER_INK || mid > total * MID_PER_PAGE) return false;
  // black and white must keep the page's tone: its mean gray against the one G4 will show (packBitonal's 50 % cut)
  let sum = 0;
  let white = 0;
  for (let v = 0; v < 256; v++) {
    sum += v * hist[v]!;
    if (v >= 128) white += hist[v]!;
  }
  return Math.abs((255 * white) / total - sum / total) <= BITONAL_TONE;
}

function toG4(px: RawPixels): EmbedImage {
  const packed = packBitonal(px.data, px.width, px.height);
  return { filter: 'CCITTFaxDecode', data: encodeG4(packed, px.width, px.height), width: px.width, height: px.height, k: -1, blackIs1: false };
}

/** The image to write for a kept page, and how it is stored. */
export async function storedImage(page: Pick<AnalyzedPage, 'embed' | 'colour' | 'label'>, s: StorageSettings): Promise<{ embed: EmbedImage; stored: StoredAs }> {
  const original = { embed: page.embed, stored: 'original' as StoredAs };
  if (s.storage === 'original' || page.colour?.decision !== 'gray') return original;
  const gray = await grayPixels(page.embed, page.label);
  if (!gray) {
    // already one component: only auto-bitonal may still store a gray JPEG page as G4
    if (s.storage !== 'auto-bitonal' || page.embed.filter !== 'DCTDecode' || page.embed.components !== 1) return original;
    const px = await onePlane(page.embed, page.label);
    return isPureText(px) ? { embed: toG4(px), stored: 'bitonal' } : original;
  }
  if (s.storage === 'auto-bitonal' && isPureText(gray)) return { embed: toG4(gray), stored: 'bitonal' };
  let embed: EmbedImage;
  if (page.embed.filter === 'FlateDecode') {
    embed = { filter: 'FlateDecode', data: deflateSync(gray.data, { level: 6 }), width: gray.width, height: gray.height, components: 1, bitsPerComponent: 8 };
  } else {
    // never above the quality the page was scanned at: that would spend bytes on the scanner's own artefacts
    const quality = Math.min(s.jpegQuality, estimateJpegQuality(page.embed.data) ?? s.jpegQuality);
    embed = { filter: 'DCTDecode', data: await encodeJpeg(gray, quality), width: gray.width, height: gray.height, components: 1 };
  }
  // a gray copy no smaller than the scan saves nothing: the scan stays as it is
  return embed.data.length < page.embed.data.length ? { embed, stored: 'gray' } : original;
}

async function onePlane(img: EmbedImage & { filter: 'DCTDecode' }, label: string): Promise<RawPixels> {
  try {
    return await jpegLuma(img.data);
  } catch (err) {
    throw corruptImage(label, err);
  }
}

/** A JPEG's full-resolution luminance, one byte a pixel. */
async function jpegLuma(bytes: Uint8Array): Promise<RawPixels> {
  const { data, info } = await sharp(bytes, { failOn: 'none' }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 1 };
}

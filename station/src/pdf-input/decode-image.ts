import type { PDFContext, PDFRawStream } from 'pdf-lib';
import { blackBitOf, toBlackIs1 } from './bitonal-samples.ts';
import { applyFilters, IMAGE_CODECS, readFilters, type FilterStep } from './filter-chain.ts';
import { readImageParams, assertSize, type ImageParams } from './image-params.ts';
import { readJpegInfo } from './jpeg-info.ts';
import { MAX_CONTENT_BYTES, MAX_DECODED_BYTES } from './limits.ts';
import type { DecodedImage } from './pdf-page-image.ts';
import { decodeCcittFax } from '../imaging/ccitt-g3-decode.ts';
import { corruptImage } from './pdf-input-problem.ts';
import { boolAt, entry, numberAt, streamOf } from './pdf-values.ts';
import { toPixels8 } from './sample-convert.ts';

/** JBIG2 data that can go into the output as it is. */
export interface Jbig2Data {
  data: Uint8Array;
  globals: Uint8Array | undefined;
  inverted: boolean;
}

/**
 * An image XObject read without re-encoding; or one that pdf.js must decode (`decodeBy`: the
 * codec, for logs), at its own size, with its JBIG2 data when that can be kept as it is; or the
 * reason the page must be rendered instead.
 */
export type ImageOutcome =
  | { image: DecodedImage }
  | { decodeBy: string; width: number; height: number; jbig2?: Jbig2Data }
  | { render: string };

const render = (reason: string): ImageOutcome => ({ render: reason });
const byPdfjs = (reason: string, p: ImageParams, jbig2?: Jbig2Data): ImageOutcome => ({ decodeBy: reason, width: p.width, height: p.height, jbig2 });

export function decodeImageXObject(context: PDFContext, stream: PDFRawStream): ImageOutcome {
  const p = readImageParams(context, stream);
  const codecAt = p.filters.findIndex((f) => IMAGE_CODECS.has(f.name));
  if (codecAt >= 0 && codecAt !== p.filters.length - 1) return render(`${p.filters[codecAt]!.name} is not the last filter`);
  const codec = codecAt >= 0 ? p.filters[codecAt]! : undefined;
  const before = codec ? p.filters.slice(0, -1) : p.filters;
  if (p.masked) return render('image with a /Mask');
  if (codec?.name === 'JPXDecode') return p.smask ? render('JPXDecode with a soft mask') : byPdfjs('JPXDecode', p);
  if (codec?.name === 'JBIG2Decode') return jbig2(context, stream, p, codec, before);
  if (codec?.name === 'DCTDecode') return jpeg(context, stream, p, codec, before);
  if (codec?.name === 'CCITTFaxDecode') return ccitt(context, stream, p, codec, before);
  return pixels(context, stream, p);
}

function encodedData(context: PDFContext, stream: PDFRawStream, before: FilterStep[], maxOutput: number): Uint8Array {
  return before.length === 0 ? stream.contents.slice() : applyFilters(context, stream.contents, before, maxOutput);
}

function jpeg(context: PDFContext, stream: PDFRawStream, p: ImageParams, codec: FilterStep, before: FilterStep[]): ImageOutcome {
  if (p.smask) return render('JPEG with a soft mask');
  if (p.imageMask || p.colorSpace.kind === 'indexed') return render('JPEG as a mask or with a palette');
  if (p.colorSpace.kind === 'unsupported' && p.colorSpace.name !== 'none') return render(`JPEG in ${p.colorSpace.name}`);
  if (p.decode && p.decode.some((v, i) => v !== (i % 2 === 0 ? 0 : 1))) return render('JPEG with a /Decode array');
  if (codec.parms && numberAt(context, codec.parms, 'ColorTransform') !== undefined) return render('JPEG with /ColorTransform');
  const data = encodedData(context, stream, before, Math.min(MAX_DECODED_BYTES, p.width * p.height * 4 + (1 << 20)));
  const info = readJpegInfo(data);
  if (!info) throw corruptImage({ codec: 'DCTDecode' });
  const height = info.height || p.height; // a JPEG may give its height later (DNL marker)
  if (info.width < 1) throw corruptImage({ codec: 'DCTDecode', width: info.width });
  assertSize(info.width, height, info.components);
  if (info.components !== 1 && info.components !== 3 && info.components !== 4) return render(`JPEG with ${info.components} components`);
  return { image: { kind: 'jpeg', data, width: info.width, height, components: info.components } };
}

function ccitt(context: PDFContext, stream: PDFRawStream, p: ImageParams, codec: FilterStep, before: FilterStep[]): ImageOutcome {
  if (p.smask) return render('CCITT with a soft mask');
  if (p.bitsPerComponent !== 1 || p.colorSpace.kind !== 'gray') return render('CCITT in a colour space other than gray');
  const parms = codec.parms;
  const read = (key: string): number | undefined => (parms ? numberAt(context, parms, key) : undefined);
  const flag = (key: string): boolean | undefined => (parms ? boolAt(context, parms, key) : undefined);
  const columns = read('Columns') ?? 1728;
  if (columns !== p.width) return render('CCITT /Columns differs from the image width');
  const k = read('K') ?? 0;
  const encodedByteAlign = flag('EncodedByteAlign') ?? false;
  const inverted = blackBitOf(p) === 1;
  const data = encodedData(context, stream, before, Math.min(MAX_DECODED_BYTES, Math.ceil(p.width / 8) * p.height + (1 << 20)));
  // G3 (1-D or 2-D), and G4 written with end-of-line codes or byte-aligned rows, are decoded to a
  // bitmap (the decode stage stores it as G4, at the same resolution); plain G4 is kept as it is.
  if (k >= 0 || encodedByteAlign || flag('EndOfLine') === true || flag('EndOfBlock') === false) {
    return { image: decodedFax(data, p, { k, encodedByteAlign, blackIs1: flag('BlackIs1') ?? false }, inverted) };
  }
  return {
    image: {
      kind: 'ccitt',
      data,
      width: p.width,
      height: p.height, // /Rows may be missing; the image height is what counts
      k,
      blackIs1: (flag('BlackIs1') ?? false) !== inverted,
      encodedByteAlign,
    },
  };
}

/** CCITT data decoded to packed rows, 1 = black as the page shows it (/BlackIs1 and /Decode applied), exactly the image's height. */
function decodedFax(data: Uint8Array, p: ImageParams, parms: { k: number; encodedByteAlign: boolean; blackIs1: boolean }, inverted: boolean): DecodedImage {
  let fax: ReturnType<typeof decodeCcittFax>;
  try {
    fax = decodeCcittFax(data, { columns: p.width, rows: p.height, ...parms });
  } catch (err) {
    throw corruptImage({ codec: 'CCITTFaxDecode', k: parms.k }, err);
  }
  const rowBytes = Math.ceil(p.width / 8);
  const packed = new Uint8Array(rowBytes * p.height); // rows missing at the end stay white, as viewers show them
  packed.set(fax.packed.subarray(0, packed.length));
  if (inverted) {
    const padBits = rowBytes * 8 - p.width;
    const keep = (0xff << padBits) & 0xff;
    for (let i = 0; i < packed.length; i++) packed[i] = ~packed[i]! & 0xff;
    for (let r = 1; r <= p.height; r++) packed[r * rowBytes - 1]! &= keep;
  }
  return { kind: 'pixels', data: packed, width: p.width, height: p.height, channels: 1, bitsPerComponent: 1 };
}

/** JBIG2 in gray with no other filter is kept as it is (with its globals); anything else is decoded. */
function jbig2(context: PDFContext, stream: PDFRawStream, p: ImageParams, codec: FilterStep, before: FilterStep[]): ImageOutcome {
  if (p.smask) return render('JBIG2 with a soft mask');
  if (p.imageMask || p.bitsPerComponent !== 1 || p.colorSpace.kind !== 'gray' || before.length > 0) return byPdfjs('JBIG2Decode', p);
  const globalsStream = codec.parms ? streamOf(context, entry(context, codec.parms, 'JBIG2Globals')) : undefined;
  const globals = globalsStream ? applyFilters(context, globalsStream.contents, readFilters(context, globalsStream.dict), MAX_CONTENT_BYTES) : undefined;
  const inverted = p.decode !== undefined && p.decode.length >= 2 && p.decode[0]! > p.decode[1]!;
  return byPdfjs('JBIG2Decode', p, { data: stream.contents.slice(), globals, inverted });
}

function pixels(context: PDFContext, stream: PDFRawStream, p: ImageParams): ImageOutcome {
  if (p.colorSpace.kind === 'unsupported') return render(`image in ${p.colorSpace.name}`);
  if (p.matte) return render('soft mask with /Matte');
  const raw = rawSamples(context, stream, p);
  let alpha: Uint8Array | undefined;
  if (p.smask) {
    const outcome = softMask(context, p.smask, p.width, p.height);
    if ('render' in outcome) return outcome;
    alpha = outcome.alpha;
  }
  const blackBit = alpha ? undefined : blackBitOf(p);
  if (blackBit !== undefined) {
    const data = toBlackIs1(raw, p.width, p.height, blackBit);
    return { image: { kind: 'pixels', data, width: p.width, height: p.height, channels: 1, bitsPerComponent: 1 } };
  }
  const { data, channels } = toPixels8(raw, p, alpha);
  return { image: { kind: 'pixels', data, width: p.width, height: p.height, channels, bitsPerComponent: 8 } };
}

/** The decoded sample bytes of an image stored without an image codec, exactly rows × row bytes. */
function rawSamples(context: PDFContext, stream: PDFRawStream, p: ImageParams): Uint8Array {
  const rowBytes = Math.ceil((p.width * p.components * p.bitsPerComponent) / 8);
  const expected = rowBytes * p.height;
  // Room for PNG row tags and a little trailing junk; a stream inflating beyond is refused.
  const raw = applyFilters(context, stream.contents, p.filters, expected + p.height + 65_536);
  if (raw.length >= expected) return raw.length === expected ? raw : raw.subarray(0, expected);
  if (expected - raw.length >= rowBytes) throw corruptImage({ expectedBytes: expected, actualBytes: raw.length });
  const padded = new Uint8Array(expected); // less than one row short: a sloppy writer, padded as viewers do
  padded.set(raw);
  return padded;
}

/** The alpha channel from an /SMask, one byte per pixel of the image (nearest-neighbour if sizes differ). */
function softMask(context: PDFContext, smask: PDFRawStream, width: number, height: number): { alpha: Uint8Array } | { render: string } {
  const m = readImageParams(context, smask);
  if (m.filters.some((f) => IMAGE_CODECS.has(f.name))) return { render: 'soft mask stored with an image codec' };
  if (m.colorSpace.kind === 'unsupported' && m.colorSpace.name !== 'none') return { render: 'soft mask colour space' };
  const gray: ImageParams = { ...m, colorSpace: { kind: 'gray' }, components: 1, imageMask: false };
  const { data } = toPixels8(rawSamples(context, smask, gray), gray);
  if (m.width === width && m.height === height) return { alpha: data };
  const alpha = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(m.height - 1, Math.floor((y * m.height) / height));
    for (let x = 0; x < width; x++) alpha[y * width + x] = data[sy * m.width + Math.min(m.width - 1, Math.floor((x * m.width) / width))]!;
  }
  return { alpha };
}

import type { PDFContext, PDFRawStream } from 'pdf-lib';
import { pixelSizeRo } from '../../../shared/src/count-ro.ts';
import { colorSpaceComponents, readColorSpace, type ImageColorSpace } from './color-space.ts';
import { readFilters, type FilterStep } from './filter-chain.ts';
import { MAX_DECODED_BYTES, MAX_IMAGE_SIDE } from './limits.ts';
import { PdfInputProblem } from './pdf-input-problem.ts';
import { boolAt, entry, numberAt, numbersOf, streamOf } from './pdf-values.ts';

/** The entries of an image XObject dictionary that decide how its data is read. */
export interface ImageParams {
  width: number;
  height: number;
  bitsPerComponent: number;
  imageMask: boolean;
  colorSpace: ImageColorSpace;
  /** Samples per pixel: 1 for masks and indexed images. */
  components: number;
  decode: number[] | undefined;
  smask: PDFRawStream | undefined;
  /** A /Mask entry (colour key or stencil) is present. */
  masked: boolean;
  /** /Matte in a soft mask: colours were pre-multiplied. */
  matte: boolean;
  filters: FilterStep[];
}

export function readImageParams(context: PDFContext, stream: PDFRawStream): ImageParams {
  const dict = stream.dict;
  const width = numberAt(context, dict, 'Width') ?? numberAt(context, dict, 'W');
  const height = numberAt(context, dict, 'Height') ?? numberAt(context, dict, 'H');
  if (width === undefined || height === undefined || !Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new PdfInputProblem('INPUT_CORRUPT', 'imaginea nu are dimensiuni valide', { width, height });
  }
  assertSize(width, height, 1);
  const filters = readFilters(context, dict);
  const imageMask = boolAt(context, dict, 'ImageMask') === true;
  const codec = filters.at(-1)?.name;
  const bitsPerComponent = imageMask ? 1 : (numberAt(context, dict, 'BitsPerComponent') ?? (codec === 'CCITTFaxDecode' ? 1 : 8));
  const csObject = entry(context, dict, 'ColorSpace');
  // A JPEG carries its own colour information; a missing /ColorSpace is only tolerated there.
  const colorSpace: ImageColorSpace = imageMask ? { kind: 'gray' } : csObject === undefined ? { kind: 'unsupported', name: 'none' } : readColorSpace(context, csObject);
  const components = imageMask ? 1 : colorSpaceComponents(colorSpace);
  if (![1, 2, 4, 8, 16].includes(bitsPerComponent)) {
    throw new PdfInputProblem('INPUT_CORRUPT', 'imaginea nu are un număr valid de biți pe componentă', { bitsPerComponent });
  }
  assertSize(width, height, (Math.max(1, components) * bitsPerComponent) / 8);
  const smask = streamOf(context, entry(context, dict, 'SMask'));
  return {
    width,
    height,
    bitsPerComponent,
    imageMask,
    colorSpace,
    components,
    decode: numbersOf(context, entry(context, dict, 'Decode')),
    smask,
    masked: entry(context, dict, 'Mask') !== undefined,
    matte: smask !== undefined && entry(context, smask.dict, 'Matte') !== undefined,
    filters,
  };
}

/** Rejects images too large to decode: more than MAX_IMAGE_SIDE on a side or MAX_DECODED_BYTES decoded. */
export function assertSize(width: number, height: number, bytesPerPixel: number): void {
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height * bytesPerPixel > MAX_DECODED_BYTES) {
    throw new PdfInputProblem('INPUT_UNSUPPORTED', `imaginea este prea mare (${pixelSizeRo(width, height)})`, { width, height });
  }
}

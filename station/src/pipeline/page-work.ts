/**
 * What a page worker does (`page-workers.ts`), as one pure function of a request, so it runs the
 * same in a worker thread or in the calling thread: the preview measures (`preview-look.ts`), and
 * with them, when asked, the first barcode look at the gray preview where it was made (it is not
 * sent back and forth between the two); a look alone; a barcode read.
 */
import { lookAtPreview, type PreviewLook, type PreviewLookOptions } from '../barcode/preview-look.ts';
import type { BarcodeReadOptions, BarcodeReader, FoundBarcode, GrayImage } from '../barcode/zxing-reader.ts';
import { measurePreview, type MeasuredPreview, type PreviewInput } from './preview-look.ts';
import { sharingPreviews } from '../imaging/raster-hold.ts';

/** The look asked together with the measures: its `blank` is the ink measured, below `maxInkRatio` (the blank check's rule). */
export type LookWithMeasure = Omit<PreviewLookOptions, 'blank'> & { maxInkRatio: number };

/** The measures, and the look when one was asked, with the milliseconds it took (stage «barcode»'s share). */
export type MeasuredAndLooked = MeasuredPreview & { look?: PreviewLook; lookMs?: number };

export type PageRequest =
  | { op: 'measure'; input: PreviewInput; look?: LookWithMeasure }
  | { op: 'look'; img: GrayImage; opts: PreviewLookOptions }
  | { op: 'read'; img: GrayImage; opts: BarcodeReadOptions };

function measureAndLook(reader: BarcodeReader, input: PreviewInput, look?: LookWithMeasure): MeasuredAndLooked {
  // the ink measure and the look read one copy of the gray preview (`gray-passes.ts`, `raster-hold.ts`)
  return sharingPreviews(() => measureThenLook(reader, input, look));
}

function measureThenLook(reader: BarcodeReader, input: PreviewInput, look?: LookWithMeasure): MeasuredAndLooked {
  const gray = input.gray;
  const m = measurePreview(input);
  const pixels = (input.rgb ?? gray)!.data;
  if (!look) return { ...m, pixels };
  const t0 = performance.now();
  const { maxInkRatio, ...opts } = look;
  const found = lookAtPreview(reader, (m.preview ?? gray)!, { ...opts, blank: m.inkRatio < maxInkRatio });
  return { ...m, pixels, look: found, lookMs: performance.now() - t0 };
}

export function answerPageRequest(reader: BarcodeReader, req: PageRequest): MeasuredAndLooked | PreviewLook | FoundBarcode[] {
  if (req.op === 'measure') return measureAndLook(reader, req.input, req.look);
  if (req.op === 'look') return lookAtPreview(reader, req.img, req.opts);
  return reader.read(req.img, req.opts);
}

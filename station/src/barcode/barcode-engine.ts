/**
 * Where barcode reading runs: in the calling thread (`createLocalEngine`) or in the pool of page
 * worker threads (`pipeline/page-workers.ts`), behind one small interface. zxing is synchronous WebAssembly; in
 * workers it runs beside image decoding and PDF writing instead of taking turns with them.
 */
import type { BarcodeReadOptions, FoundBarcode, GrayImage } from './zxing-reader.ts';
import { BarcodeReader } from './zxing-reader.ts';
import { lookAtPreview, type PreviewLook, type PreviewLookOptions } from './preview-look.ts';

export interface BarcodeEngine {
  /** `label`: the page's, named by the error of a page that a worker cannot get through. */
  lookAtPreview(img: GrayImage, opts: PreviewLookOptions, label?: string): Promise<PreviewLook>;
  read(img: GrayImage, opts: BarcodeReadOptions, label?: string): Promise<FoundBarcode[]>;
  /** Stops the worker threads, if any. Reads after close fail. */
  close(): Promise<void>;
}

export async function createLocalEngine(): Promise<BarcodeEngine> {
  const reader = await BarcodeReader.create();
  return {
    lookAtPreview: async (img, opts) => lookAtPreview(reader, img, opts),
    read: async (img, opts) => reader.read(img, opts),
    close: async () => {},
  };
}

/** `workers` 0 reads in the calling thread; otherwise a pool of that many worker threads. */
export async function createBarcodeEngine(workers: number): Promise<BarcodeEngine> {
  if (workers <= 0) return createLocalEngine();
  const { PageWorkers } = await import('../pipeline/page-workers.ts');
  return PageWorkers.start(workers);
}

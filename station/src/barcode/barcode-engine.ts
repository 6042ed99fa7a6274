/**
 * Where barcode reading runs: in the calling thread (`createLocalEngine`) or in a pool of worker
 * threads (`BarcodeWorkerPool`), behind one small interface. zxing is synchronous WebAssembly; in
 * workers it runs beside image decoding and PDF writing instead of taking turns with them.
 */
import type { BarcodeReadOptions, FoundBarcode, GrayImage } from './zxing-reader.ts';
import { BarcodeReader } from './zxing-reader.ts';
import { lookAtPreview, type PreviewLook, type PreviewLookOptions } from './preview-look.ts';

export interface BarcodeEngine {
  lookAtPreview(img: GrayImage, opts: PreviewLookOptions): Promise<PreviewLook>;
  read(img: GrayImage, opts: BarcodeReadOptions): Promise<FoundBarcode[]>;
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
  const { BarcodeWorkerPool } = await import('./barcode-worker-pool.ts');
  return BarcodeWorkerPool.start(workers);
}

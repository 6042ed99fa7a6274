/**
 * One pool of worker threads for a page's pixel work (`page-work.ts`): the preview measures (the gray
 * preview of a colour page, its colour, the ink) together with the first barcode look, and the
 * barcode reads at higher resolution. The main thread only hands pages between libvips, the workers
 * and the PDF writer. Each worker holds one zxing reader; how the pool copes with a worker that
 * crashes or hangs, a stopped batch and a close: `worker-pool.ts`.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Clock } from '../../../shared/src/clock.ts';
import type { BarcodeEngine } from '../barcode/barcode-engine.ts';
import type { PreviewLook, PreviewLookOptions } from '../barcode/preview-look.ts';
import { BarcodeReader, type BarcodeReadOptions, type FoundBarcode, type GrayImage } from '../barcode/zxing-reader.ts';
import { answerPageRequest, type LookWithMeasure, type MeasuredAndLooked, type PageRequest } from './page-work.ts';
import type { PreviewInput } from './preview-look.ts';
import { TransferBuffers } from './transfer-buffers.ts';
import { pageWorkerEntry } from './worker-bundle.ts';
import { WorkerPool } from './worker-pool.ts';

/**
 * A request takes milliseconds (a thorough full-page read of a 300 dpi page, seconds): a minute without
 * an answer, and two seconds more for each million pixels of its image (a 100-megapixel page, the
 * largest taken, over four minutes), is a hung worker — generous, for a loaded machine.
 */
const REQUEST_TIMEOUT_MS = 60_000;
const TIMEOUT_MS_PER_MEGAPIXEL = 2_000;
/**
 * A worker's young generation (V8's default grows to 16 MB a semi-space): its garbage is the previews'
 * working arrays, collected young. Split of 2,000 colour pages, two workers, load 12–15: peak RSS
 * 399 → 369 MB, CPU 41.5 → 42.8 ms a page (within the noise).
 */
const YOUNG_GENERATION_MB = 4;
/** A slot whose worker could not be restarted is tried again after this long (meanwhile the others, or the calling thread, do its work). */
const RESTART_DELAY_MS = 30_000;
/**
 * A worker is ready in 0.2–0.5 s (its zxing module compiled); one silent for half a minute is stuck
 * and ended: the batch goes on without it (in the other workers or the calling thread).
 */
const START_TIMEOUT_MS = 30_000;

export interface PageWorkersOptions {
  /** Starts one worker (tests: a worker that crashes or blocks on demand). */
  spawn?: () => Worker;
  /** Where a worker that cannot start is logged (once, and once when it starts again: `worker-pool.ts`). */
  log?: Pick<Logger, 'warn' | 'info'>;
  /** Stops waiting for the workers to start (Ctrl-C): `start` fails with CANCELLED. */
  signal?: AbortSignal;
  /** The pool's clock: its start and request deadlines and restart delay (tests: one they move). */
  clock?: Clock;
}

export class PageWorkers implements BarcodeEngine {
  private local: Promise<BarcodeReader> | null = null;
  private readonly buffers = new TransferBuffers();

  private constructor(private readonly pool: WorkerPool) {}

  static async start(size: number, o: PageWorkersOptions = {}): Promise<PageWorkers> {
    const entry = o.spawn ? null : await pageWorkerEntry();
    const pool = await WorkerPool.start({
      size,
      spawn: o.spawn ?? (() => new Worker(entry!, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } })),
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      restartDelayMs: RESTART_DELAY_MS,
      startTimeoutMs: START_TIMEOUT_MS,
      ...(o.log ? { log: o.log } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.clock ? { clock: o.clock } : {}),
    });
    return new PageWorkers(pool);
  }

  get size(): number {
    return this.pool.size;
  }

  /** Requests not yet answered. */
  get inFlight(): number {
    return this.pool.inFlight;
  }

  /** Requests done in the calling thread while a worker could not start (the batch says so to the clerk), not during a restart after a crash. */
  get ranHereNotStarted(): number {
    return this.pool.ranHereNotStarted;
  }

  /** The pool's threads running now (test hook). */
  get threads(): Worker[] {
    return this.pool.workers;
  }

  /** The same request in this thread (no worker could be started), with a reader of its own made on first need. */
  private async here(req: PageRequest): Promise<unknown> {
    this.local ??= BarcodeReader.create();
    return answerPageRequest(await this.local, req);
  }

  private run<T>(label: string, req: PageRequest, transfer: () => { req: PageRequest; transfer: ArrayBuffer[] }): Promise<T> {
    const img = req.op === 'measure' ? (req.input.rgb ?? req.input.gray)! : req.img;
    return this.pool.run({
      label,
      timeoutMs: REQUEST_TIMEOUT_MS + (TIMEOUT_MS_PER_MEGAPIXEL * img.width * img.height) / 1e6,
      message: () => {
        const m = transfer();
        return { data: m.req, transfer: m.transfer };
      },
      here: () => this.here(req),
    }) as Promise<T>;
  }

  /**
   * The measures of one preview, and the first look when `look` is given. Its pixels are copied
   * into memory of this thread's own (sharp's buffers cannot be moved: `transfer-buffers.ts`) and
   * moved to the worker, which moves them back with the answer; that memory carries the next page's
   * preview, and `pixels` in the answer are the input's own.
   */
  async measure(input: PreviewInput, label: string, look?: LookWithMeasure): Promise<MeasuredAndLooked> {
    const req: PageRequest = { op: 'measure', input, ...(look ? { look } : {}) };
    const own = (input.rgb ?? input.gray)!.data;
    const m = await this.run<MeasuredAndLooked>(label, req, () => {
      const pixels = this.buffers.copyOf(own); // a copy, made again for each attempt
      const moved: PreviewInput = input.rgb ? { ...input, rgb: { ...input.rgb, data: pixels } } : { ...input, gray: { ...input.gray!, data: pixels } };
      return { req: { ...req, input: moved }, transfer: [pixels.buffer as ArrayBuffer] };
    });
    // the worker's copy (not an answer made here from the input itself, nor memory the preview it made lies in)
    if (m.pixels.buffer !== own.buffer && m.preview?.data.buffer !== m.pixels.buffer) this.buffers.giveBack(m.pixels.buffer as ArrayBuffer);
    return { ...m, pixels: own };
  }

  lookAtPreview(img: GrayImage, opts: PreviewLookOptions, label = 'pagina'): Promise<PreviewLook> {
    const req: PageRequest = { op: 'look', img, opts };
    return this.run(label, req, () => ({ req, transfer: [] }));
  }

  read(img: GrayImage, opts: BarcodeReadOptions, label = 'pagina'): Promise<FoundBarcode[]> {
    const req: PageRequest = { op: 'read', img, opts };
    return this.run(label, req, () => ({ req, transfer: [] }));
  }

  /** Ends the work in flight (a stopped batch, a hung worker): its requests fail with CANCELLED. */
  cancel(): void {
    this.pool.cancel();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * A fixed pool of worker threads reading barcodes. Each request goes to the worker with the fewest
 * requests in flight; answers come back by id. A worker that dies fails its requests with
 * INTERNAL and is replaced, so one bad page cannot stall the batch.
 */
import { Worker } from 'node:worker_threads';
import { StationError } from '../../../shared/src/errors.ts';
import type { BarcodeEngine } from './barcode-engine.ts';
import type { PreviewLook, PreviewLookOptions } from './preview-look.ts';
import type { BarcodeReadOptions, FoundBarcode, GrayImage } from './zxing-reader.ts';

export type WorkerRequest =
  | { id: number; op: 'look'; img: GrayImage; opts: PreviewLookOptions }
  | { id: number; op: 'read'; img: GrayImage; opts: BarcodeReadOptions };
/** `value` is a PreviewLook for `look`, a FoundBarcode[] for `read`. */
export type WorkerResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

interface Pending {
  resolve: (value: unknown) => void;
  reject: (e: Error) => void;
}

const readFailed = (reason: string, cause?: Error) => new StationError('INTERNAL', 'Citirea codurilor de bare a eșuat.', { reason }, cause ? { cause } : undefined);
interface Slot {
  ready: Promise<Worker>;
  pending: Map<number, Pending>;
}

const BOOT = new URL('./barcode-worker-boot.mjs', import.meta.url);

function startWorker(): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT);
    const onError = (err: Error) => reject(err);
    worker.once('error', onError);
    worker.once('message', () => {
      worker.off('error', onError);
      resolve(worker);
    });
  });
}

export class BarcodeWorkerPool implements BarcodeEngine {
  private nextId = 1;
  private closed = false;
  private readonly slots: Slot[] = [];

  private constructor(workers: Worker[]) {
    for (const worker of workers) {
      const slot: Slot = { ready: Promise.resolve(worker), pending: new Map() };
      this.slots.push(slot);
      this.wire(slot, worker);
    }
  }

  static async start(size: number): Promise<BarcodeWorkerPool> {
    return new BarcodeWorkerPool(await Promise.all(Array.from({ length: size }, () => startWorker())));
  }

  get size(): number {
    return this.slots.length;
  }

  private wire(slot: Slot, worker: Worker): void {
    worker.unref(); // an idle pool never keeps the process alive
    worker.on('message', (res: WorkerResponse) => {
      const p = slot.pending.get(res.id);
      if (!p) return;
      slot.pending.delete(res.id);
      if (slot.pending.size === 0) worker.unref();
      if (res.ok) p.resolve(res.value);
      else p.reject(readFailed(res.error));
    });
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const p of slot.pending.values()) p.reject(readFailed(err.message, err));
      slot.pending.clear();
      if (this.closed) return;
      // a new worker takes the slot; requests sent meanwhile wait for it
      const replacement = startWorker().then((w) => {
        this.wire(slot, w);
        return w;
      });
      replacement.catch(() => {}); // a failed restart fails the next request, not the process
      slot.ready = replacement;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`barcode worker exited with code ${code}`)));
  }

  private async call<T>(req: Omit<WorkerRequest, 'id'>): Promise<T> {
    if (this.closed) throw new StationError('INTERNAL', 'Citirea codurilor de bare a fost oprită.');
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => slot.pending.set(id, { resolve, reject }));
    const worker = await slot.ready;
    worker.ref();
    worker.postMessage({ ...req, id });
    return answer as Promise<T>;
  }

  /** Test hook: ends one worker as a crash would. */
  async crashOne(): Promise<void> {
    await (await this.slots[0]!.ready).terminate();
  }

  lookAtPreview(img: GrayImage, opts: PreviewLookOptions): Promise<PreviewLook> {
    return this.call({ op: 'look', img, opts });
  }

  read(img: GrayImage, opts: BarcodeReadOptions): Promise<FoundBarcode[]> {
    return this.call({ op: 'read', img, opts });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map(async (s) => (await s.ready).terminate()));
  }
}

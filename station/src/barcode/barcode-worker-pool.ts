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
export type WorkerResponse =
  | { id: number; ok: true; look: PreviewLook }
  | { id: number; ok: true; found: FoundBarcode[] }
  | { id: number; ok: false; error: string };

interface Pending {
  resolve: (r: WorkerResponse) => void;
  reject: (e: Error) => void;
}
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
      p.resolve(res);
    });
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const p of slot.pending.values()) p.reject(new StationError('INTERNAL', 'Citirea codurilor de bare a eșuat.', { reason: err.message }, { cause: err }));
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

  private async send(req: Omit<WorkerRequest, 'id'>): Promise<WorkerResponse> {
    if (this.closed) throw new StationError('INTERNAL', 'Citirea codurilor de bare a fost oprită.');
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    const answer = new Promise<WorkerResponse>((resolve, reject) => slot.pending.set(id, { resolve, reject }));
    const worker = await slot.ready;
    worker.ref();
    worker.postMessage({ ...req, id });
    return answer;
  }

  /** Test hook: ends one worker as a crash would. */
  async crashOne(): Promise<void> {
    await (await this.slots[0]!.ready).terminate();
  }

  async lookAtPreview(img: GrayImage, opts: PreviewLookOptions): Promise<PreviewLook> {
    const res = await this.send({ op: 'look', img, opts });
    if (!res.ok) throw new StationError('INTERNAL', 'Citirea codurilor de bare a eșuat.', { reason: res.error });
    return (res as { look: PreviewLook }).look;
  }

  async read(img: GrayImage, opts: BarcodeReadOptions): Promise<FoundBarcode[]> {
    const res = await this.send({ op: 'read', img, opts });
    if (!res.ok) throw new StationError('INTERNAL', 'Citirea codurilor de bare a eșuat.', { reason: res.error });
    return (res as { found: FoundBarcode[] }).found;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map(async (s) => (await s.ready).terminate()));
  }
}

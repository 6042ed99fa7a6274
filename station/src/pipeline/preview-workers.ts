/**
 * A fixed pool of worker threads doing a page's pixel work on its preview (`preview-look.ts`), so the
 * main thread only hands pages between libvips, the workers and the PDF writer: the colour measure,
 * the gray preview of a colour page and the ink measure ran there and made it the split's bottleneck
 * (one core busy while the other waited). Requests go to the worker with the fewest in flight; a
 * worker that dies fails its requests with INTERNAL and is replaced, so one bad page cannot stall a batch.
 */
import { Worker } from 'node:worker_threads';
import { StationError } from '../../../shared/src/errors.ts';
import type { MeasuredPreview, PreviewInput } from './preview-look.ts';

type Answer = { id: number; ok: true; value: MeasuredPreview } | { id: number; ok: false; error: string };
interface Slot {
  ready: Promise<Worker>;
  pending: Map<number, { resolve: (v: MeasuredPreview) => void; reject: (e: Error) => void }>;
}

const BOOT = new URL('./preview-worker-boot.mjs', import.meta.url);
const failed = (reason: string, cause?: Error) => new StationError('INTERNAL', 'Analiza paginii a eșuat.', { reason }, cause ? { cause } : undefined);

function startWorker(): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT);
    // a worker that exits while booting without an error would otherwise leave its start pending for good
    const exited = (code: number) => reject(failed(`preview worker exited with code ${code} while starting`));
    worker.once('error', reject);
    worker.once('exit', exited);
    worker.once('message', () => {
      worker.off('error', reject);
      worker.off('exit', exited);
      resolve(worker);
    });
  });
}

export class PreviewWorkers {
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

  static async start(size: number): Promise<PreviewWorkers> {
    return new PreviewWorkers(await Promise.all(Array.from({ length: size }, () => startWorker())));
  }

  private wire(slot: Slot, worker: Worker): void {
    worker.unref(); // an idle pool never keeps the process alive
    worker.on('message', (res: Answer) => {
      const p = slot.pending.get(res.id);
      if (!p) return;
      slot.pending.delete(res.id);
      if (slot.pending.size === 0) worker.unref();
      if (res.ok) p.resolve(res.value);
      else p.reject(failed(res.error));
    });
    let down = false;
    const fail = (err: Error) => {
      if (down) return;
      down = true;
      for (const p of slot.pending.values()) p.reject(failed(err.message, err));
      slot.pending.clear();
      if (this.closed) return;
      const replacement = startWorker().then((w) => {
        this.wire(slot, w);
        return w;
      });
      replacement.catch(() => {}); // a failed restart fails the next request, not the process
      slot.ready = replacement;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`preview worker exited with code ${code}`)));
  }

  /**
   * The measures of one preview. Its pixels are copied once into memory of this thread's own (sharp's
   * buffers cannot be moved) and moved to the worker, which moves them back with the answer.
   */
  async measure(input: PreviewInput): Promise<MeasuredPreview> {
    if (this.closed) throw new StationError('INTERNAL', 'Analiza paginilor a fost oprită.');
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const worker = await slot.ready.catch((e: Error) => Promise.reject(failed(e.message, e)));
    const id = this.nextId++;
    const answer = new Promise<MeasuredPreview>((resolve, reject) => slot.pending.set(id, { resolve, reject }));
    const src = (input.rgb ?? input.gray)!;
    const pixels = new Uint8Array(src.data); // a copy
    worker.ref();
    worker.postMessage({ ...input, ...(input.rgb ? { rgb: { ...input.rgb, data: pixels } } : { gray: { ...input.gray!, data: pixels } }), id }, [pixels.buffer]);
    return answer;
  }

  /** Test hook: ends one worker as a crash would. */
  async crashOne(): Promise<void> {
    await (await this.slots[0]!.ready).terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.ready.then((w) => w.terminate()).catch(() => {})));
  }
}

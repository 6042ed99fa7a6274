/**
 * A fixed pool of worker threads answering requests by id (`page-workers.ts` says what they do).
 * Each request goes to the worker with the fewest in flight. A worker answers its requests in the
 * order they came, so the first one in flight is the one it is working on, and only that one is
 * blamed when the worker dies (a crash) or stays on it longer than `requestTimeoutMs` (hung: it is
 * ended). A request blamed once is sent again, to a restarted worker; blamed twice, it fails as its
 * page (INPUT_CORRUPT naming it). The others in flight are sent again unblamed. A worker that cannot
 * be restarted leaves its slot aside for `restartDelayMs`; with no worker left, requests run in the
 * calling thread, so the batch goes on. `cancel` (a stopped batch) and `close` settle every request.
 */
import { Worker } from 'node:worker_threads';
import { systemClock, type Clock } from '../../../shared/src/clock.ts';
import { StationError } from '../../../shared/src/errors.ts';

export interface WorkerPoolOptions {
  size: number;
  /** Starts one worker thread; it posts one message once it is ready for requests. */
  spawn: () => Worker;
  /** How long a worker may stay on one request before it is taken for hung and ended (unless the request says). */
  requestTimeoutMs: number;
  /** How long a slot whose worker could not be restarted is left aside before it is tried again. */
  restartDelayMs: number;
  clock?: Clock;
}

/** One request. `message` is built again for each attempt: buffers moved to a worker that died are gone with it. */
export interface PoolJob {
  /** The page it is for (error messages). */
  label: string;
  message(): { data: object; transfer: ArrayBuffer[] };
  /** The same work in the calling thread, when no worker can be had. */
  here(): Promise<unknown>;
  /** How long a worker may stay on it (a large image takes longer); the pool's `requestTimeoutMs` when absent. */
  timeoutMs?: number;
}

type Answer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

interface Entry {
  job: PoolJob;
  id: number;
  /** Times a worker died or hung on it. */
  strikes: number;
  posted: boolean;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker | null;
  starting: boolean;
  /** When its worker last failed to start (it is left aside for a while). */
  failedAt: number | null;
  inFlight: Entry[];
  /** Cancels the watchdog of the request the worker is on. */
  watchdog: (() => void) | null;
}

const failedPage = (label: string, reason: string) =>
  new StationError('INPUT_CORRUPT', `${label}: analiza paginii a oprit de două ori firul de lucru (s-a oprit sau nu a mai răspuns); pagina nu poate fi prelucrată.`, { page: label, reason });
const workFailed = (label: string, reason: string) => new StationError('INTERNAL', `${label}: analiza paginii a eșuat.`, { page: label, reason });
const stopped = () => new StationError('INTERNAL', 'Analiza paginilor a fost oprită.');
const cancelled = () => new StationError('CANCELLED', 'Lotul a fost anulat.');

/** A started worker, once it says it is ready; one that fails or exits while starting is ended. */
function ready(spawn: () => Worker): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = spawn();
    const fail = (err: Error) => {
      off();
      void worker.terminate();
      reject(err);
    };
    const exited = (code: number) => fail(new Error(`worker exited with code ${code} while starting`));
    const off = () => {
      worker.off('error', fail);
      worker.off('exit', exited);
    };
    worker.once('error', fail);
    worker.once('exit', exited);
    worker.once('message', () => {
      off();
      resolve(worker);
    });
  });
}

export class WorkerPool {
  private nextId = 1;
  private closed = false;
  private readonly slots: Slot[] = [];
  private readonly clock: Clock;

  private constructor(private readonly o: WorkerPoolOptions, workers: Worker[]) {
    this.clock = o.clock ?? systemClock;
    for (const w of workers) {
      const slot: Slot = { worker: null, starting: false, failedAt: null, inFlight: [], watchdog: null };
      this.slots.push(slot);
      this.attach(slot, w);
    }
  }

  /** Starts every worker; if one cannot start, those that did are ended and the error thrown. */
  static async start(o: WorkerPoolOptions): Promise<WorkerPool> {
    const started = await Promise.allSettled(Array.from({ length: o.size }, () => ready(o.spawn)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.terminate() : undefined)));
      throw new StationError('INTERNAL', 'Firele de lucru pentru analiza paginilor nu au putut porni.', { reason: String(failed.reason) }, { cause: failed.reason });
    }
    return new WorkerPool(o, started.map((s) => (s as PromiseFulfilledResult<Worker>).value));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Workers running now (test hook: the pool's threads). */
  get workers(): Worker[] {
    return this.slots.flatMap((s) => (s.worker ? [s.worker] : []));
  }

  /** Requests sent to a worker or waiting for one to start, not yet answered. */
  get inFlight(): number {
    return this.slots.reduce((n, s) => n + s.inFlight.length, 0);
  }

  run(job: PoolJob): Promise<unknown> {
    if (this.closed) return Promise.reject(stopped());
    return new Promise((resolve, reject) => this.dispatch({ job, id: this.nextId++, strikes: 0, posted: false, resolve, reject }));
  }

  /** Ends the work in flight (a stopped batch): its requests fail with CANCELLED, busy workers are ended and restarted when next needed. */
  cancel(): void {
    for (const slot of this.slots) this.drop(slot, cancelled());
  }

  /** Requests in flight fail; the workers are ended. Requests after close fail. */
  async close(): Promise<void> {
    this.closed = true;
    const ending = this.slots.map((s) => s.worker);
    for (const slot of this.slots) this.drop(slot, stopped());
    await Promise.all(ending.map((w) => w?.terminate()));
  }

  private dispatch(e: Entry): void {
    if (this.closed) return e.reject(stopped());
    const now = this.clock.now();
    const usable = this.slots.filter((s) => s.failedAt === null || now - s.failedAt >= this.o.restartDelayMs);
    if (usable.length === 0) {
      // no worker to be had: the calling thread does the work, the batch goes on
      e.job.here().then(e.resolve, e.reject);
      return;
    }
    const slot = usable.reduce((a, b) => (b.inFlight.length < a.inFlight.length ? b : a));
    slot.inFlight.push(e);
    if (slot.worker) this.post(slot, slot.worker, e);
    else this.restart(slot);
  }

  private restart(slot: Slot): void {
    if (slot.starting) return;
    slot.starting = true;
    ready(this.o.spawn).then(
      (w) => {
        slot.starting = false;
        slot.failedAt = null;
        if (this.closed) return void w.terminate();
        this.attach(slot, w);
      },
      () => {
        slot.starting = false;
        slot.failedAt = this.clock.now();
        // its requests go to another worker, or run in the calling thread
        const waiting = slot.inFlight.splice(0);
        for (const e of waiting) this.dispatch(e);
      },
    );
  }

  private attach(slot: Slot, worker: Worker): void {
    slot.worker = worker;
    worker.unref(); // an idle pool never keeps the process alive
    worker.on('message', (a: Answer) => this.answered(slot, worker, a));
    worker.on('error', (err) => this.lost(slot, worker, err.message));
    worker.on('exit', (code) => this.lost(slot, worker, `worker exited with code ${code}`));
    // a copy: a send that fails takes its request out of inFlight, which would skip the next one
    for (const e of [...slot.inFlight]) this.post(slot, worker, e);
  }

  private post(slot: Slot, worker: Worker, e: Entry): void {
    try {
      const { data, transfer } = e.job.message();
      worker.postMessage({ ...data, id: e.id }, transfer);
    } catch (err) {
      // a request that cannot be sent (not cloneable) fails alone; it never sits in the queue unanswered
      slot.inFlight.splice(slot.inFlight.indexOf(e), 1);
      return e.reject(workFailed(e.job.label, err instanceof Error ? err.message : String(err)));
    }
    e.posted = true;
    worker.ref();
    if (slot.inFlight[0] === e) this.watch(slot, worker);
  }

  /** The watchdog of the request the worker is on now. */
  private watch(slot: Slot, worker: Worker): void {
    slot.watchdog?.();
    const ms = slot.inFlight[0]?.job.timeoutMs ?? this.o.requestTimeoutMs;
    slot.watchdog = this.clock.after(ms, () => {
      if (slot.worker === worker) this.lost(slot, worker, `no answer in ${ms} ms`);
    });
  }

  private answered(slot: Slot, worker: Worker, a: Answer): void {
    if (slot.worker !== worker) return;
    const i = slot.inFlight.findIndex((e) => e.id === a.id);
    if (i < 0) return;
    const [e] = slot.inFlight.splice(i, 1);
    slot.watchdog?.();
    slot.watchdog = null;
    if (slot.inFlight.length > 0) this.watch(slot, worker);
    else worker.unref();
    if (a.ok) e!.resolve(a.value);
    else e!.reject(workFailed(e!.job.label, a.error));
  }

  /** The worker died or hung: it is ended; the request it was on is blamed, the others are sent again. */
  private lost(slot: Slot, worker: Worker, reason: string): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    slot.watchdog?.();
    slot.watchdog = null;
    void worker.terminate();
    const entries = slot.inFlight.splice(0);
    if (entries[0]?.posted) entries[0].strikes++;
    for (const e of entries) {
      e.posted = false;
      if (e.strikes >= 2) e.reject(failedPage(e.job.label, reason));
      else this.dispatch(e);
    }
  }

  private drop(slot: Slot, err: Error): void {
    const entries = slot.inFlight.splice(0);
    for (const e of entries) e.reject(err);
    slot.watchdog?.();
    slot.watchdog = null;
    if (entries.length > 0 && slot.worker) {
      // it may be hung on one of them: ended now, started again when needed
      const w = slot.worker;
      slot.worker = null;
      void w.terminate();
    }
  }
}

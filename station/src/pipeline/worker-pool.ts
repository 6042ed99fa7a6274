/**
 * A fixed pool of worker threads answering requests by id (`page-workers.ts` says what they do).
 * Each request goes to the ready worker with the fewest in flight. A worker answers its requests in the
 * order they came, so the first one in flight is the one it is working on, and only that one is
 * blamed when the worker dies (a crash, an exit unasked) or stays on it longer than `requestTimeoutMs`
 * (hung: it is ended). A worker lost (or ended by `cancel`) is restarted at once, in the background.
 * A request blamed once is sent again, to a ready worker or the restarted one (never risked in the
 * calling thread while a worker may still start); blamed twice, it fails as its page (INPUT_CORRUPT
 * naming it). The others in flight are sent again unblamed, like any request: to a ready worker, or,
 * with none ready, run in the calling thread; none waits for a worker that is (re)starting.
 *
 * A worker that fails, exits or stays silent for `startTimeoutMs` while starting is ended and its slot
 * left aside for `restartDelayMs`, then tried again in the background (at the next request) while its
 * work goes elsewhere; with no worker to be had, requests run in the calling thread, so a batch goes
 * on even when no worker can start at all (`ranHere` counts them; `ranHereNotStarted` those done while a
 * worker could not start, not those taken during an ordinary restart after a crash). Every worker has its
 * listeners from the moment it is spawned: nothing it emits is ever unhandled. `cancel` (a stopped
 * batch) and `close` settle every request.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../../shared/src/clock.ts';
import { StationError } from '../../../shared/src/errors.ts';
import { namingPage } from './page-error.ts';
import { reasonOf } from './reason-of.ts';
import { answeredError, type Answer } from './worker-answer.ts';

export interface WorkerPoolOptions {
  size: number;
  /** Starts one worker thread; it posts one message once it is ready for requests. */
  spawn: () => Worker;
  /** How long a worker may take to say it is ready before it is ended as one that could not start. */
  startTimeoutMs: number;
  /** How long a worker may stay on one request before it is taken for hung and ended (unless the request says). */
  requestTimeoutMs: number;
  /** How long a slot whose worker could not be (re)started is left aside before it is tried again. */
  restartDelayMs: number;
  clock?: Clock;
  /**
   * Where a slot whose worker could not start is logged: once when it starts failing (a warning), once
   * when a worker starts in it again (how many starts failed), not at each try in between.
   */
  log?: Pick<Logger, 'warn' | 'info'>;
  /** Stops waiting for the workers to start (Ctrl-C): `start` ends them and fails with CANCELLED. */
  signal?: AbortSignal;
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
  /** Its worker, once ready for requests. */
  worker: Worker | null;
  /** The worker starting in it, until it says it is ready, fails or is late. */
  starting: Worker | null;
  /** Ends the start's deadline and tells whoever waits for the start (`WorkerPool.start`). */
  startEnded: (() => void) | null;
  /** When its worker last failed to start (it is left aside for a while). */
  failedAt: number | null;
  /** Starts that failed in a row (logged at the first, and when one succeeds again). */
  failedStarts: number;
  inFlight: Entry[];
  /** Cancels the watchdog of the request the worker is on. */
  watchdog: (() => void) | null;
}

/** The slot with the fewest requests in flight (the first of them on a tie). */
const fewest = (slots: Slot[]): Slot => slots.reduce((a, b) => (b.inFlight.length < a.inFlight.length ? b : a));

const failedPage = (label: string, reason: string) =>
  new StationError('INPUT_CORRUPT', `${label}: analiza paginii a oprit de două ori firul de lucru (s-a oprit sau nu a mai răspuns); pagina nu poate fi prelucrată.`, { page: label, reason });
/**
 * A page's work failed, in a worker or in the calling thread alike: a StationError of a code of its own
 * is kept (its message and details) and named as the page's by the pipeline's one rule (`namingPage`:
 * a kernel's INPUT_TOO_LARGE gets the page's name); anything else is INTERNAL naming the page.
 */
const workFailed = (label: string, err: unknown): StationError =>
  err instanceof StationError && err.code !== 'INTERNAL'
    ? namingPage(label, err)
    : new StationError('INTERNAL', `${label}: analiza paginii a eșuat.`, { page: label, reason: reasonOf(err) }, { cause: err });
const stopped = () => new StationError('INTERNAL', 'Analiza paginilor a fost oprită.');
const cancelled = () => new StationError('CANCELLED', 'Lotul a fost anulat.');

export class WorkerPool {
  private nextId = 1;
  private closed = false;
  private here = 0;
  private hereNotStarted = 0;
  private readonly slots: Slot[] = [];
  private readonly clock: Clock;

  private constructor(private readonly o: WorkerPoolOptions) {
    this.clock = o.clock ?? systemClock;
    for (let i = 0; i < o.size; i++) this.slots.push({ worker: null, starting: null, startEnded: null, failedAt: null, failedStarts: 0, inFlight: [], watchdog: null });
  }

  /**
   * Starts every worker and waits until one is ready, or every one has failed to start (logged; its
   * slot is tried again later, meanwhile the others or the calling thread do its work): the others
   * take requests as they become ready, so one slow or hung while starting does not hold the batch.
   * Fails only when `signal` stops it (CANCELLED), with every worker ended.
   */
  static async start(o: WorkerPoolOptions): Promise<WorkerPool> {
    if (o.signal?.aborted) throw cancelled();
    const pool = new WorkerPool(o);
    const started = new Promise<void>((resolve) => {
      let left = pool.slots.length;
      if (left === 0) resolve();
      for (const s of pool.slots) void pool.begin(s).then(() => (s.worker || --left === 0 ? resolve() : undefined));
    });
    let onAbort = () => {};
    const aborted = new Promise<void>((resolve) => (onAbort = resolve));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([started, aborted]);
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
    }
    if (o.signal?.aborted) {
      await pool.close();
      throw cancelled();
    }
    return pool;
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

  /** Requests done in the calling thread because no worker could be had. */
  get ranHere(): number {
    return this.here;
  }

  /**
   * Those of `ranHere` done while a worker could not start (its start failed or passed the deadline,
   * and it has not been ready since); not those taken while a worker restarted after a crash.
   */
  get ranHereNotStarted(): number {
    return this.hereNotStarted;
  }

  run(job: PoolJob): Promise<unknown> {
    if (this.closed) return Promise.reject(stopped());
    return new Promise((resolve, reject) => this.dispatch({ job, id: this.nextId++, strikes: 0, posted: false, resolve, reject }));
  }

  /** Ends the work in flight (a stopped batch): its requests fail with CANCELLED, busy workers are ended and restarted when next needed. */
  cancel(): void {
    for (const slot of this.slots) this.drop(slot, cancelled());
  }

  /** Requests in flight fail; the workers, ready or starting, are ended. Requests after close fail. */
  async close(): Promise<void> {
    this.closed = true;
    const ending = this.slots.flatMap((s) => [s.worker, s.starting]);
    for (const slot of this.slots) {
      this.drop(slot, stopped());
      slot.worker = slot.starting = null;
      this.endStart(slot);
    }
    await Promise.all(ending.map((w) => w?.terminate()));
  }

  private dispatch(e: Entry): void {
    if (this.closed) return e.reject(stopped());
    const now = this.clock.now();
    // a slot without a worker is (re)started in the background, one left aside once its delay is over:
    // no request waits for it (one that hangs while starting would hold them for the start deadline)
    for (const s of this.slots) if (s.failedAt === null || now - s.failedAt >= this.o.restartDelayMs) this.restart(s);
    // a request that brought a worker down already waits for one starting: never a worker that may be
    // going down too (several ended at once: it would take a second strike that was not its own), never
    // the calling thread (it might bring that down too)
    const starting = this.slots.filter((s) => s.starting);
    if (e.strikes > 0 && starting.length > 0) return void fewest(starting).inFlight.push(e);
    const ready = this.slots.filter((s) => s.worker);
    if (ready.length > 0) {
      const slot = fewest(ready);
      slot.inFlight.push(e);
      return this.post(slot, slot.worker!, e);
    }
    // none ready: the others, and it when none is starting, run in the calling thread
    this.runHere(e);
  }

  /** Starts the slot's worker in the background when it has none, ready or starting. */
  private restart(slot: Slot): void {
    if (!this.closed && !slot.worker && !slot.starting) void this.begin(slot);
  }

  /** No worker to be had: the calling thread does the work, the batch goes on; a failure names the page as a worker's would. */
  private runHere(e: Entry): void {
    this.here++;
    if (this.slots.some((s) => s.failedAt !== null)) this.hereNotStarted++;
    Promise.resolve()
      .then(() => e.job.here())
      .then(e.resolve, (err: unknown) => e.reject(workFailed(e.job.label, err)));
  }

  /** Spawns the slot's worker; settles once it is ready or could not start. Its listeners are there from the start, for good. */
  private begin(slot: Slot): Promise<void> {
    return new Promise((settled) => {
      let worker: Worker;
      try {
        worker = this.o.spawn();
      } catch (err) {
        this.notStarted(slot, reasonOf(err));
        return settled();
      }
      slot.starting = worker;
      const deadline = this.clock.after(this.o.startTimeoutMs, () => this.gone(slot, worker, `not ready in ${this.o.startTimeoutMs} ms`));
      slot.startEnded = () => {
        deadline();
        settled();
      };
      worker.on('message', (m: Answer) => (slot.worker === worker ? this.answered(slot, worker, m) : this.ready(slot, worker)));
      worker.on('error', (err: unknown) => this.gone(slot, worker, reasonOf(err)));
      worker.on('exit', (code: number) => this.gone(slot, worker, `worker exited with code ${code}`));
    });
  }

  private endStart(slot: Slot): void {
    const ended = slot.startEnded;
    slot.startEnded = null;
    ended?.();
  }

  private ready(slot: Slot, worker: Worker): void {
    if (slot.starting !== worker) return;
    slot.starting = null;
    slot.failedAt = null;
    if (slot.failedStarts > 0) this.o.log?.info({ failedStarts: slot.failedStarts }, 'worker started again after failed starts: requests go to it again');
    slot.failedStarts = 0;
    this.endStart(slot);
    slot.worker = worker;
    worker.unref(); // an idle pool never keeps the process alive
    // a copy: a send that fails takes its request out of inFlight, which would skip the next one
    for (const e of [...slot.inFlight]) this.post(slot, worker, e);
  }

  /** A worker failed, exited or was late: while starting, its slot is left aside; once ready, it is lost. */
  private gone(slot: Slot, worker: Worker, reason: string): void {
    if (slot.worker === worker) return this.lost(slot, worker, reason);
    if (slot.starting !== worker) return;
    slot.starting = null;
    this.endStart(slot);
    void worker.terminate();
    this.notStarted(slot, reason);
  }

  private notStarted(slot: Slot, reason: string): void {
    slot.failedAt = this.clock.now();
    // tried again every `restartDelayMs`: said once, not at each try (a worker that never starts filled the log)
    if (slot.failedStarts++ === 0) this.o.log?.warn({ reason }, 'worker could not start: its requests go to another worker or run in the calling thread');
    for (const e of slot.inFlight.splice(0)) this.dispatch(e);
  }

  private post(slot: Slot, worker: Worker, e: Entry): void {
    try {
      const { data, transfer } = e.job.message();
      worker.postMessage({ ...data, id: e.id }, transfer);
    } catch (err) {
      // a request that cannot be sent (not cloneable) fails alone; it never sits in the queue unanswered
      slot.inFlight.splice(slot.inFlight.indexOf(e), 1);
      return e.reject(workFailed(e.job.label, err));
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
    const i = slot.inFlight.findIndex((e) => e.id === a.id);
    if (i < 0) return;
    const [e] = slot.inFlight.splice(i, 1);
    slot.watchdog?.();
    slot.watchdog = null;
    if (slot.inFlight.length > 0) this.watch(slot, worker);
    else worker.unref();
    if (a.ok) e!.resolve(a.value);
    else e!.reject(workFailed(e!.job.label, answeredError(a)));
  }

  /** The worker died or hung: it is ended; the request it was on is blamed, the others are sent again. */
  private lost(slot: Slot, worker: Worker, reason: string): void {
    slot.worker = null;
    slot.watchdog?.();
    slot.watchdog = null;
    void worker.terminate();
    const entries = slot.inFlight.splice(0);
    if (entries[0]?.posted) entries[0].strikes++;
    this.restart(slot); // at once: ready again, as a rule, before the next request; the one it was on waits for it
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
      this.restart(slot); // ready for the next batch (none after close)
    }
  }
}

/**
 * The worker pool's robustness (`worker-pool.ts`), with stub workers that crash, hang, throw null,
 * exit unasked or fail, hang or wait while starting, on demand, and a clock the test moves: a crash
 * or a hang costs the request one more try; a page that brings down a worker twice fails as that
 * page; a worker that cannot start (fails, or stays silent past the start deadline) leaves its work
 * to the others or the calling thread, whose failures name the page too; nothing a worker emits is
 * unhandled; Ctrl-C while workers start ends them; cancel and close settle what is in flight. A
 * StationError, from a worker or the calling thread, keeps its code and details and names its page
 * by the pipeline's one rule (`namingPage`).
 */
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { StationError } from '../../../shared/src/errors.ts';
import { WorkerPool, type PoolJob } from '../../../station/src/pipeline/worker-pool.ts';
import { ManualClock } from '../../support/manual-clock.ts';

const STUB = new URL('../../support/pool-worker-stub.mjs', import.meta.url);
const TIMEOUT = 60_000;
const DELAY = 30_000;
const START = 30_000;

interface Started {
  workers: Worker[];
  exited: Promise<number>[];
  /** Each worker's first message (it says it is ready). */
  ready: Promise<unknown>[];
}

/** How a stub worker starts: ready at once, fails, never says it is ready, or says so once sent { go: true }. */
type StartKind = 'ok' | 'fail' | 'hang' | 'on-go';

/** A spawn that starts stub workers, each as `startOf` its number (from 0) says; `true`: it fails. */
function stubs(startOf: (n: number) => boolean | StartKind = () => 'ok', onEvery?: string): Started & { spawn: () => Worker } {
  const workers: Worker[] = [];
  const exited: Promise<number>[] = [];
  const ready: Promise<unknown>[] = [];
  return {
    workers,
    exited,
    ready,
    spawn: () => {
      const kind = startOf(workers.length);
      const start = kind === true ? 'fail' : kind === false ? 'ok' : kind;
      const w = new Worker(STUB, { workerData: { failStart: start === 'fail', start: start === 'hang' || start === 'on-go' ? start : undefined, onEvery } });
      workers.push(w);
      exited.push(new Promise((resolve) => w.once('exit', resolve)));
      ready.push(new Promise((resolve) => w.once('message', resolve)));
      return w;
    },
  };
}

/** A job whose attempts do `actions` in turn (the last one again after them); `here` answers «here». */
function job(label: string, ...actions: string[]): PoolJob & { attempts: number } {
  const j = {
    label,
    attempts: 0,
    message: () => ({ data: { action: actions[Math.min(j.attempts++, actions.length - 1)], value: label }, transfer: [] }),
    here: async (): Promise<unknown> => ({ here: label }),
  };
  return j;
}

let pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});

const options = (size: number, s: ReturnType<typeof stubs>, clock: ManualClock) => ({ size, spawn: s.spawn, requestTimeoutMs: TIMEOUT, restartDelayMs: DELAY, startTimeoutMs: START, clock });

async function start(size: number, s: ReturnType<typeof stubs>, clock = new ManualClock()): Promise<WorkerPool> {
  const pool = await WorkerPool.start(options(size, s, clock));
  pools.push(pool);
  return pool;
}

describe('worker pool', () => {
  it('sends a request whose worker crashed again, to a restarted worker; the others in flight run in the calling thread meanwhile (none waits for the restart)', async () => {
    const s = stubs();
    const pool = await start(1, s);
    const crashing = job('p1.jpg', 'crash', 'echo');
    const [a, b, c] = await Promise.all([pool.run(crashing), pool.run(job('p2.jpg', 'echo')), pool.run(job('p3.jpg', 'echo'))]);
    expect([a, b, c]).toEqual([{ echo: 'p1.jpg' }, { here: 'p2.jpg' }, { here: 'p3.jpg' }]);
    expect(crashing.attempts).toBe(2);
    expect(pool.ranHere).toBe(2);
    expect(pool.ranHereNotStarted).toBe(0); // an ordinary restart: nothing for the clerk to hear
    expect(s.workers.length).toBe(2);
    expect(pool.size).toBe(1);
    expect(await pool.run(job('p4.jpg', 'echo'))).toEqual({ echo: 'p4.jpg' });
  });

  it('requests in flight on a worker that crashed do not wait for a restarted worker that hangs while starting: they run in the calling thread at once; the one it was on waits for the start deadline, then runs there too', async () => {
    const clock = new ManualClock();
    const s = stubs((n) => (n === 0 ? 'ok' : 'hang'));
    const pool = await start(1, s, clock);
    const crashing = pool.run(job('p1.jpg', 'crash'));
    const others = Promise.all([pool.run(job('p2.jpg', 'echo')), pool.run(job('p3.jpg', 'echo'))]);
    // no clock moved: on the old code they sat on the restarting slot until its start deadline
    expect(await others).toEqual([{ here: 'p2.jpg' }, { here: 'p3.jpg' }]);
    expect(s.workers.length).toBe(2); // restarted at once
    expect(pool.ranHere).toBe(2);
    expect(pool.ranHereNotStarted).toBe(0); // taken while the worker restarted, not for want of one
    // the page that brought a worker down is not risked in the calling thread while a worker may still start
    await clock.waiting();
    clock.advance(START);
    expect(await crashing).toEqual({ here: 'p1.jpg' });
    expect([pool.ranHere, pool.ranHereNotStarted]).toEqual([3, 1]); // the restart passed its deadline: a worker could not start
    expect(await s.exited[1]).toBeTypeOf('number');
  });

  it('fails a page that crashes a worker twice as that page (INPUT_CORRUPT naming it); the batch goes on', async () => {
    const s = stubs();
    const pool = await start(2, s);
    const bad = pool.run(job('scan-0007.jpg', 'crash'));
    await expect(bad).rejects.toMatchObject({ code: 'INPUT_CORRUPT', details: { page: 'scan-0007.jpg' } });
    await expect(bad).rejects.toThrow(/^scan-0007\.jpg: analiza paginii a oprit de două ori firul de lucru/);
    await until(() => pool.workers.length === 2); // both restarted at once
    expect(await pool.run(job('scan-0008.jpg', 'echo'))).toEqual({ echo: 'scan-0008.jpg' });
  });

  it('two workers going down at once: the request one of them was on is sent again to a restarted worker only, never to the other one going down (a second strike not its own)', async () => {
    for (let round = 0; round < 5; round++) {
      const s = stubs();
      const pool = await start(2, s);
      await Promise.all(s.ready);
      const x = job(`p${round}.jpg`, 'crash', 'echo');
      const answer = pool.run(x);
      // the other worker ends as this one crashes: whichever exit is heard first, the page is not blamed twice
      void s.workers[1]!.terminate();
      expect(await answer).toEqual({ echo: `p${round}.jpg` });
      expect(x.attempts).toBe(2);
      await pool.close();
    }
  });

  it('an error answer fails the request as INTERNAL naming the page, without retrying it', async () => {
    const pool = await start(1, stubs());
    const j = job('p.jpg', 'fail');
    await expect(pool.run(j)).rejects.toMatchObject({ code: 'INTERNAL', message: 'p.jpg: analiza paginii a eșuat.' });
    expect(j.attempts).toBe(1);
  });

  it('a StationError, from a worker or the calling thread, is named by the one rule (namingPage), its details kept', async () => {
    const kernel = new StationError('INPUT_TOO_LARGE', 'Pagina este prea mare pentru a fi analizată', { needBytes: 5e9, maxBytes: 2 ** 31 });
    const named = new StationError('INPUT_TOO_LARGE', 'a.png: pagina este prea mare', { page: 'a.png', maxPixels: 1e8 });
    const cpu = new StationError('CPU_UNSUPPORTED', 'Procesorul nu are SSE4.1.', { missing: 'SSE4.1' });
    const expected = [
      { code: 'INPUT_TOO_LARGE', message: 'p.jpg: pagina este prea mare pentru a fi analizată', details: { needBytes: 5e9, maxBytes: 2 ** 31, page: 'p.jpg' } },
      { code: 'INPUT_TOO_LARGE', message: 'a.png: pagina este prea mare', details: { page: 'a.png', maxPixels: 1e8 } },
      { code: 'CPU_UNSUPPORTED', message: 'Procesorul nu are SSE4.1.', details: { missing: 'SSE4.1' } },
    ];
    const inWorker = await start(1, stubs());
    const here = await start(1, stubs(() => true));
    for (const [i, err] of [kernel, named, cpu].entries()) {
      const answer = { error: err.message, code: err.code, details: err.details };
      const fromWorker = await inWorker.run({ label: 'p.jpg', message: () => ({ data: { action: 'answer', answer }, transfer: [] }), here: async () => null }).then(() => null, (e: unknown) => e);
      const fromHere = await here.run({ label: 'p.jpg', message: () => ({ data: {}, transfer: [] }), here: () => Promise.reject(err) }).then(() => null, (e: unknown) => e);
      for (const got of [fromWorker, fromHere]) {
        expect(got).toBeInstanceOf(StationError);
        const { code, message, details } = got as StationError;
        expect({ code, message, details }).toEqual(expected[i]);
      }
    }
  });

  it('a request that cannot be sent fails alone, and the next one is answered', async () => {
    const pool = await start(1, stubs());
    const unsendable: PoolJob = { label: 'p.jpg', message: () => ({ data: { action: 'echo', value: () => 1 }, transfer: [] }), here: async () => null };
    await expect(pool.run(unsendable)).rejects.toMatchObject({ code: 'INTERNAL', details: { page: 'p.jpg' } });
    expect(pool.inFlight).toBe(0);
    expect(await pool.run(job('next.jpg', 'echo'))).toEqual({ echo: 'next.jpg' });
  });

  it('ends a worker that does not answer in time and tries the request once more; hung twice, it fails as its page', async () => {
    const clock = new ManualClock();
    const s = stubs();
    const pool = await start(1, s, clock);
    const once = job('slow.jpg', 'block', 'echo');
    const answer = pool.run(once);
    await clock.waiting();
    clock.advance(TIMEOUT);
    expect(await answer).toEqual({ echo: 'slow.jpg' });
    expect(await s.exited[0]).toBeTypeOf('number'); // the hung worker was ended

    const twice = job('hung.jpg', 'block');
    const hung = pool.run(twice);
    await clock.waiting();
    clock.advance(TIMEOUT);
    await until(() => twice.attempts === 2); // its second try is in a restarted worker (its start deadline is on the clock too)
    clock.advance(TIMEOUT);
    await expect(hung).rejects.toMatchObject({ code: 'INPUT_CORRUPT', details: { page: 'hung.jpg' } });
    await until(() => pool.workers.length === 1);
    expect(await pool.run(job('next.jpg', 'echo'))).toEqual({ echo: 'next.jpg' });
  });

  it('a request that says how long it may take (a large image) is given that long', async () => {
    const clock = new ManualClock();
    const s = stubs();
    const pool = await start(1, s, clock);
    const large = Object.assign(job('large.tif', 'block', 'echo'), { timeoutMs: 3 * TIMEOUT });
    const answer = pool.run(large);
    await clock.waiting();
    clock.advance(2 * TIMEOUT);
    expect(large.attempts).toBe(1); // still on it
    expect(s.workers.length).toBe(1); // not taken for hung: no worker started in its place (a second attempt is sent only once one has started)
    clock.advance(TIMEOUT);
    expect(await answer).toEqual({ echo: 'large.tif' });
    expect(large.attempts).toBe(2);
  });

  it('cancel ends a hung request with CANCELLED and the pool works on', async () => {
    const clock = new ManualClock();
    const s = stubs();
    const pool = await start(1, s, clock);
    const hung = pool.run(job('hung.jpg', 'block'));
    await clock.waiting(); // the request is in the worker
    pool.cancel();
    await expect(hung).rejects.toMatchObject({ code: 'CANCELLED' });
    await s.exited[0];
    await until(() => pool.workers.length === 1); // restarted at once, no request needed (the next batch finds it ready)
    expect(s.workers.length).toBe(2);
    expect(await pool.run(job('after.jpg', 'echo'))).toEqual({ echo: 'after.jpg' });
    expect(pool.ranHere).toBe(0);
  });

  it('a slot whose worker cannot be restarted does not fail the requests after it: they run in the calling thread, and it is tried again later', async () => {
    const clock = new ManualClock();
    let refuse = true;
    const s = stubs((n) => n > 0 && refuse);
    const pool = await start(1, s, clock);
    expect(await pool.run(job('p1.jpg', 'crash', 'echo'))).toEqual({ here: 'p1.jpg' });
    expect(await pool.run(job('p2.jpg', 'echo'))).toEqual({ here: 'p2.jpg' });
    expect(await pool.run(job('p3.jpg', 'echo'))).toEqual({ here: 'p3.jpg' });
    expect(s.workers.length).toBe(2); // one failed restart, not one a request
    refuse = false;
    clock.advance(DELAY);
    // tried again in the background: the request that sets it off runs here meanwhile, the next in the worker
    expect(await pool.run(job('p4.jpg', 'echo'))).toEqual({ here: 'p4.jpg' });
    await until(() => pool.workers.length === 1);
    expect(await pool.run(job('p5.jpg', 'echo'))).toEqual({ echo: 'p5.jpg' });
  });

  it('a worker that cannot start leaves the others working; the pool starts, and says so in the log', async () => {
    const warned: unknown[] = [];
    const s = stubs((n) => n === 1);
    const pool = await WorkerPool.start({ ...options(3, s, new ManualClock()), log: { warn: (o: unknown) => void warned.push(o), info: () => {} } });
    pools.push(pool);
    expect(s.workers.length).toBe(3);
    await until(() => pool.workers.length === 2 && warned.length === 1); // the pool is there once one is ready; the others follow
    expect(await s.exited[1]).toBe(1);
    expect(warned).toEqual([{ reason: 'stub worker refuses to start' }]);
    const answers = await Promise.all(['a', 'b', 'c', 'd'].map((p) => pool.run(job(p, 'echo'))));
    expect(answers).toEqual(['a', 'b', 'c', 'd'].map((p) => ({ echo: p }))); // in the two workers, none here
    expect(pool.ranHere).toBe(0);
  });

  it('a batch goes on when no worker can start: its requests run in the calling thread, and a worker is tried again later', async () => {
    const clock = new ManualClock();
    let refuse = true;
    const s = stubs(() => refuse);
    const pool = await start(2, s, clock);
    expect(pool.workers).toEqual([]);
    const answers = await Promise.all(['p1.jpg', 'p2.jpg', 'p3.jpg'].map((p) => pool.run(job(p, 'echo'))));
    expect(answers).toEqual([{ here: 'p1.jpg' }, { here: 'p2.jpg' }, { here: 'p3.jpg' }]);
    expect(pool.ranHere).toBe(3);
    expect(pool.ranHereNotStarted).toBe(3);
    expect(s.workers.length).toBe(2); // not one a request
    refuse = false;
    clock.advance(DELAY);
    expect(await pool.run(job('p4.jpg', 'echo'))).toEqual({ here: 'p4.jpg' }); // tried again, in the background
    await until(() => pool.workers.length === 2);
    expect(await pool.run(job('p5.jpg', 'echo'))).toEqual({ echo: 'p5.jpg' });
    expect(pool.ranHere).toBe(4);
  });

  it('a worker that keeps failing to start is logged once, not at each try, and once more when it starts again', async () => {
    const clock = new ManualClock();
    const logged: [string, unknown][] = [];
    let refuse = true;
    const s = stubs(() => refuse);
    const pool = await WorkerPool.start({ ...options(1, s, clock), log: { warn: (o: unknown) => void logged.push(['warn', o]), info: (o: unknown) => void logged.push(['info', o]) } });
    pools.push(pool);
    // tried again at the first request after each delay: four starts fail, over two minutes
    for (let i = 1; i <= 3; i++) {
      clock.advance(DELAY);
      expect(await pool.run(job(`p${i}.jpg`, 'echo'))).toEqual({ here: `p${i}.jpg` });
      await until(() => s.workers.length === i + 1);
      await s.exited[i]; // its failure handled (the pool's listeners ran): the slot left aside again
    }
    expect(logged).toEqual([['warn', { reason: 'stub worker refuses to start' }]]);
    refuse = false;
    clock.advance(DELAY);
    expect(await pool.run(job('p4.jpg', 'echo'))).toEqual({ here: 'p4.jpg' });
    await until(() => pool.workers.length === 1);
    expect(logged).toEqual([['warn', { reason: 'stub worker refuses to start' }], ['info', { failedStarts: 4 }]]);
    expect(await pool.run(job('p5.jpg', 'echo'))).toEqual({ echo: 'p5.jpg' });
  });

  it('a worker that never says it is ready is ended at the start deadline, and its work runs elsewhere', async () => {
    const clock = new ManualClock();
    const s = stubs((n) => (n < 2 ? 'hang' : 'ok'));
    const starting = WorkerPool.start(options(1, s, clock));
    await clock.waiting(); // the start deadline is set
    clock.advance(START - 1);
    expect(s.workers.length).toBe(1);
    clock.advance(1);
    const pool = await starting;
    pools.push(pool);
    expect(await s.exited[0]).toBeTypeOf('number'); // the silent worker was ended
    expect(pool.workers).toEqual([]);
    expect(await pool.run(job('p1.jpg', 'echo'))).toEqual({ here: 'p1.jpg' });
    // tried again in the background: silent again, it holds no request while it starts (they run here)
    clock.advance(DELAY);
    expect(await pool.run(job('p2.jpg', 'echo'))).toEqual({ here: 'p2.jpg' });
    expect(s.workers.length).toBe(2);
    clock.advance(START);
    expect(await s.exited[1]).toBeTypeOf('number');
    clock.advance(DELAY);
    expect(await pool.run(job('p3.jpg', 'echo'))).toEqual({ here: 'p3.jpg' });
    await until(() => pool.workers.length === 1); // the third starts
    expect(await pool.run(job('p4.jpg', 'echo'))).toEqual({ echo: 'p4.jpg' });
  });

  it('a worker ready early that then fails while another is still starting is handled (nothing unhandled), and the pool works', async () => {
    const s = stubs((n) => (n === 1 ? 'on-go' : 'ok'));
    const starting = WorkerPool.start(options(2, s, new ManualClock()));
    await s.ready[0];
    s.workers[0]!.postMessage({ action: 'throw-null' }); // an error event (not even an Error) while worker 1 is starting
    expect(await s.exited[0]).toBe(1);
    const pool = await starting; // there once worker 0 was ready
    pools.push(pool);
    s.workers[1]!.postMessage({ go: true });
    await until(() => pool.workers.length === 2); // worker 1, and the one started at once in worker 0's place
    expect(s.workers.length).toBe(3);
    const answers = await Promise.all([pool.run(job('p1.jpg', 'echo')), pool.run(job('p2.jpg', 'echo'))]);
    expect(answers).toEqual([{ echo: 'p1.jpg' }, { echo: 'p2.jpg' }]);
    expect(pool.ranHere).toBe(0);
  });

  it('the pool is there once one worker is ready: one that hangs while starting does not hold the batch for the start deadline', async () => {
    const clock = new ManualClock();
    const warned: unknown[] = [];
    const s = stubs((n) => (n === 1 ? 'hang' : 'ok'));
    // no clock moved: on the old code start waited for every worker, the silent one until its deadline
    const pool = await WorkerPool.start({ ...options(2, s, clock), log: { warn: (o: unknown) => void warned.push(o), info: () => {} } });
    pools.push(pool);
    expect(pool.workers.length).toBe(1);
    expect(pool.workers[0]).toBe(s.workers[0]);
    const answers = await Promise.all(['p1.jpg', 'p2.jpg'].map((p) => pool.run(job(p, 'echo'))));
    expect(answers).toEqual([{ echo: 'p1.jpg' }, { echo: 'p2.jpg' }]); // in the ready worker, none here
    expect(pool.ranHere).toBe(0);
    clock.advance(START);
    expect(await s.exited[1]).toBeTypeOf('number');
    expect(warned).toEqual([{ reason: `not ready in ${START} ms` }]);
  });

  it('Ctrl-C while the workers start: start fails CANCELLED at once and every worker is ended', async () => {
    const s = stubs(() => 'hang');
    const ac = new AbortController();
    const starting = WorkerPool.start({ ...options(2, s, new ManualClock()), signal: ac.signal });
    expect(s.workers.length).toBe(2);
    ac.abort();
    await expect(starting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await Promise.all(s.exited)).length).toBe(2);
    await expect(WorkerPool.start({ ...options(1, s, new ManualClock()), signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(s.workers.length).toBe(2); // stopped before: none spawned
  });

  it('a worker that exits with code 0 unasked: the request it was on is sent again; idle, it is restarted at once', async () => {
    const s = stubs();
    const pool = await start(1, s);
    const j = job('p1.jpg', 'exit0', 'echo');
    expect(await pool.run(j)).toEqual({ echo: 'p1.jpg' });
    expect(j.attempts).toBe(2);
    expect(await s.exited[0]).toBe(0);
    s.workers[1]!.postMessage({ action: 'exit0' }); // idle
    expect(await s.exited[1]).toBe(0);
    await until(() => pool.workers.length === 1);
    expect(await pool.run(job('p2.jpg', 'echo'))).toEqual({ echo: 'p2.jpg' });
    expect(s.workers.length).toBe(3);
    expect(pool.ranHere).toBe(0);
  });

  it('a worker that throws something not an Error costs the request a retry, not the process', async () => {
    const s = stubs();
    const pool = await start(1, s);
    const j = job('p1.jpg', 'throw-null', 'echo');
    expect(await pool.run(j)).toEqual({ echo: 'p1.jpg' });
    expect(j.attempts).toBe(2);
    await expect(pool.run(job('p2.jpg', 'throw-null'))).rejects.toMatchObject({ code: 'INPUT_CORRUPT', details: { page: 'p2.jpg', reason: 'null' } });
  });

  it('work in the calling thread that fails, with an Error or anything else, fails as its page (INTERNAL naming it)', async () => {
    const pool = await start(1, stubs(() => true));
    for (const thrown of [new Error('zxing: out of memory'), 'boom', null, Object.create(null)]) {
      const j = Object.assign(job('scan-0003.jpg', 'echo'), { here: () => Promise.reject(thrown) });
      const failed = pool.run(j);
      await expect(failed).rejects.toMatchObject({ code: 'INTERNAL', message: 'scan-0003.jpg: analiza paginii a eșuat.', details: { page: 'scan-0003.jpg' } });
      expect(await failed.catch((e: Error) => e.cause)).toBe(thrown);
    }
    const throwing = Object.assign(job('scan-0004.jpg', 'echo'), { here: () => { throw new TypeError('not async'); } });
    await expect(pool.run(throwing)).rejects.toMatchObject({ code: 'INTERNAL', details: { page: 'scan-0004.jpg', reason: 'not async' } });
  });

  it('close settles the requests in flight, hung or queued, and refuses those after it', async () => {
    const clock = new ManualClock();
    const s = stubs();
    const pool = await start(1, s, clock);
    const hung = expect(pool.run(job('hung.jpg', 'block'))).rejects.toMatchObject({ code: 'INTERNAL', message: 'Analiza paginilor a fost oprită.' });
    const queued = expect(pool.run(job('queued.jpg', 'echo'))).rejects.toMatchObject({ code: 'INTERNAL' });
    await clock.waiting();
    await pool.close();
    await hung;
    await queued;
    await s.exited[0];
    await expect(pool.run(job('late.jpg', 'echo'))).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

/** Waits for a condition, a turn of the event loop at a time. */
async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setImmediate(r));
}

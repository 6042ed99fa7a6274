/**
 * The worker pool's robustness (`worker-pool.ts`), with stub workers that crash, hang or refuse to
 * start on demand and a clock the test moves: a crash or a hang costs the request one more try; a
 * page that brings down a worker twice fails as that page; a slot whose worker cannot be restarted
 * does not fail every request after it (they run in the calling thread); a worker started beside
 * one that failed is ended; cancel and close settle what is in flight.
 */
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool, type PoolJob } from '../../../station/src/pipeline/worker-pool.ts';
import { ManualClock } from '../../support/manual-clock.ts';

const STUB = new URL('../../support/pool-worker-stub.mjs', import.meta.url);
const TIMEOUT = 60_000;
const DELAY = 30_000;

interface Started {
  workers: Worker[];
  exited: Promise<number>[];
}

/** A spawn that starts stub workers, those whose number is in `failing` refusing to start (numbers from 0). */
function stubs(failing: (n: number) => boolean = () => false, onEvery?: string): Started & { spawn: () => Worker } {
  const workers: Worker[] = [];
  const exited: Promise<number>[] = [];
  return {
    workers,
    exited,
    spawn: () => {
      const w = new Worker(STUB, { workerData: { failStart: failing(workers.length), onEvery } });
      workers.push(w);
      exited.push(new Promise((resolve) => w.once('exit', resolve)));
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
    here: async () => ({ here: label }),
  };
  return j;
}

let pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});

async function start(size: number, s: ReturnType<typeof stubs>, clock = new ManualClock()): Promise<WorkerPool> {
  const pool = await WorkerPool.start({ size, spawn: s.spawn, requestTimeoutMs: TIMEOUT, restartDelayMs: DELAY, clock });
  pools.push(pool);
  return pool;
}

describe('worker pool', () => {
  it('sends a request whose worker crashed again, to a restarted worker; the others in flight are answered too', async () => {
    const s = stubs();
    const pool = await start(1, s);
    const crashing = job('p1.jpg', 'crash', 'echo');
    const [a, b, c] = await Promise.all([pool.run(crashing), pool.run(job('p2.jpg', 'echo')), pool.run(job('p3.jpg', 'echo'))]);
    expect([a, b, c]).toEqual([{ echo: 'p1.jpg' }, { echo: 'p2.jpg' }, { echo: 'p3.jpg' }]);
    expect(crashing.attempts).toBe(2);
    expect(s.workers.length).toBe(2);
    expect(pool.size).toBe(1);
  });

  it('fails a page that crashes a worker twice as that page (INPUT_CORRUPT naming it); the batch goes on', async () => {
    const s = stubs();
    const pool = await start(2, s);
    const bad = pool.run(job('scan-0007.jpg', 'crash'));
    await expect(bad).rejects.toMatchObject({ code: 'INPUT_CORRUPT', details: { page: 'scan-0007.jpg' } });
    await expect(bad).rejects.toThrow(/^scan-0007\.jpg: analiza paginii a oprit de două ori firul de lucru/);
    expect(await pool.run(job('scan-0008.jpg', 'echo'))).toEqual({ echo: 'scan-0008.jpg' });
  });

  it('an error answer fails the request as INTERNAL naming the page, without retrying it', async () => {
    const pool = await start(1, stubs());
    const j = job('p.jpg', 'fail');
    await expect(pool.run(j)).rejects.toMatchObject({ code: 'INTERNAL', message: 'p.jpg: analiza paginii a eșuat.' });
    expect(j.attempts).toBe(1);
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

    const hung = pool.run(job('hung.jpg', 'block'));
    await clock.waiting();
    clock.advance(TIMEOUT);
    await clock.waiting(); // its second try is in a restarted worker
    clock.advance(TIMEOUT);
    await expect(hung).rejects.toMatchObject({ code: 'INPUT_CORRUPT', details: { page: 'hung.jpg' } });
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
    expect(await pool.run(job('after.jpg', 'echo'))).toEqual({ echo: 'after.jpg' });
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
    expect(await pool.run(job('p4.jpg', 'echo'))).toEqual({ echo: 'p4.jpg' });
  });

  it('ends the workers that started when another could not', async () => {
    const s = stubs((n) => n === 1);
    await expect(WorkerPool.start({ size: 3, spawn: s.spawn, requestTimeoutMs: TIMEOUT, restartDelayMs: DELAY })).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(s.workers.length).toBe(3);
    // every one exits (a worker left running would keep this waiting until the test's time runs out)
    expect((await Promise.all(s.exited)).length).toBe(3);
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

/**
 * The page worker thread (`page-worker.ts`): whatever its work throws, even an object String cannot
 * turn into text, it answers with an error (the request fails as INTERNAL naming its page) and stays
 * up, instead of crashing (the page retried, then failed as INPUT_CORRUPT).
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const THROWING = new URL('../../support/page-worker-throwing.mjs', import.meta.url);

describe('page worker', () => {
  it('answers an error for work that throws an object without a prototype, and answers the next request', async () => {
    const w = new Worker(THROWING);
    const exited = new Promise<number>((resolve) => w.once('exit', resolve));
    try {
      const messages: unknown[] = [];
      const next = () => new Promise<unknown>((resolve, reject) => {
        w.once('message', (m) => resolve((messages.push(m), m)));
        w.once('error', reject);
      });
      await next(); // ready
      const img = { data: new Uint8Array(16), width: 4, height: 4 };
      for (const id of [1, 2]) {
        const answer = next();
        w.postMessage({ id, op: 'read', img, opts: { formats: ['QRCode'], tryHarder: false, maxSymbols: 1 } });
        expect(await Promise.race([answer, exited.then((code) => ({ exited: code }))])).toEqual({ id, ok: false, error: '[object Object]' });
      }
    } finally {
      await w.terminate();
    }
  });
});

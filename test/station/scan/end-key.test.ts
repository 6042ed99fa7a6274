/**
 * The key that ends a watched-folder batch on a terminal: S or Enter end it, Ctrl-C (a key in raw
 * mode) is passed on as an interrupt, other keys do nothing; the terminal is restored afterwards.
 * The terminal is a stream that says it is one (isTTY, setRawMode), fed real key bytes.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listenForEndKey } from '../../../station/src/scan/end-key.ts';

function fakeTerminal() {
  const raw: boolean[] = [];
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (m: boolean) => raw.push(m) });
  return { input, raw };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('listenForEndKey', () => {
  it.each([['s'], ['S'], ['\r']])('%j ends the batch', async (key) => {
    const { input, raw } = fakeTerminal();
    const seen: string[] = [];
    const stop = listenForEndKey(input, { onEnd: () => seen.push('end'), onInterrupt: () => seen.push('int') });
    input.write('x');
    input.write('q');
    await tick();
    expect(seen).toEqual([]);
    input.write(key);
    await tick();
    expect(seen).toEqual(['end']);
    stop();
    expect(raw).toEqual([true, false]);
  });

  it('Ctrl-C in raw mode is an interrupt, not an end', async () => {
    const { input } = fakeTerminal();
    const seen: string[] = [];
    const stop = listenForEndKey(input, { onEnd: () => seen.push('end'), onInterrupt: () => seen.push('int') });
    input.write('\u0003');
    await tick();
    expect(seen).toEqual(['int']);
    stop();
  });

  it('not a terminal: nothing is read', async () => {
    const input = new PassThrough();
    const seen: string[] = [];
    const stop = listenForEndKey(input, { onEnd: () => seen.push('end'), onInterrupt: () => seen.push('int') });
    input.write('s');
    await tick();
    expect(seen).toEqual([]);
    stop();
  });
});

import { describe, expect, it } from 'vitest';
import { TransferBuffers } from '../../../station/src/pipeline/transfer-buffers.ts';

describe('TransferBuffers', () => {
  it('copies into a buffer handed back when one is large enough (the smallest that is), else into a new one', () => {
    const t = new TransferBuffers();
    const a = t.copyOf(new Uint8Array([1, 2, 3]));
    expect([...a]).toEqual([1, 2, 3]);
    const big = new ArrayBuffer(100);
    const small = new ArrayBuffer(8);
    t.giveBack(big);
    t.giveBack(small);
    const b = t.copyOf(new Uint8Array([4, 5, 6, 7, 8]));
    expect(b.buffer).toBe(small);
    expect([b.byteOffset, b.length, [...b]]).toEqual([0, 5, [4, 5, 6, 7, 8]]);
    const c = t.copyOf(new Uint8Array(50).fill(9));
    expect(c.buffer).toBe(big);
    expect(c.length).toBe(50);
    // none left: a new one, not a buffer already handed out
    const d = t.copyOf(new Uint8Array(5));
    expect([d.buffer === small, d.buffer === big]).toEqual([false, false]);
    expect(t.keptBytes).toBe(0);
  });

  it('keeps at most four, the largest; never the same buffer twice, never an empty (detached) one', () => {
    const t = new TransferBuffers();
    const sizes = [10, 20, 30, 40, 50, 5];
    for (const n of sizes) t.giveBack(new ArrayBuffer(n));
    expect(t.keptBytes).toBe(20 + 30 + 40 + 50);
    const again = new ArrayBuffer(60);
    t.giveBack(again);
    t.giveBack(again);
    expect(t.keptBytes).toBe(30 + 40 + 50 + 60);
    const moved = new ArrayBuffer(70);
    structuredClone(moved, { transfer: [moved] });
    t.giveBack(moved);
    expect(t.keptBytes).toBe(30 + 40 + 50 + 60);
  });

  it('keeps 16 MB at most in all: the preview of a huge page once, not four times for good', () => {
    const MB = 1024 * 1024;
    const t = new TransferBuffers();
    for (let i = 0; i < 4; i++) t.giveBack(new ArrayBuffer(13 * MB));
    expect(t.keptBytes).toBe(13 * MB);
    // ordinary previews still find room beside it, as long as the total stays under the cap
    t.giveBack(new ArrayBuffer(2 * MB));
    t.giveBack(new ArrayBuffer(2 * MB));
    expect(t.keptBytes).toBe(13 * MB + 2 * MB);
    const small = new TransferBuffers();
    for (let i = 0; i < 4; i++) small.giveBack(new ArrayBuffer(3 * MB));
    small.giveBack(new ArrayBuffer(5 * MB)); // replaces a 3 MB one: 14 MB
    expect(small.keptBytes).toBe(14 * MB);
    small.giveBack(new ArrayBuffer(6 * MB)); // would make 17 MB: not kept
    expect(small.keptBytes).toBe(14 * MB);
  });
});

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
});

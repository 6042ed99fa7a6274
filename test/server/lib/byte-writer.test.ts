/**
 * ByteWriter: the bytes written come back whole and in order, through growth past the size expected;
 * a buffer allocated to the exact size expected holds everything (nothing joined, nothing spare).
 */
import { describe, expect, it, vi } from 'vitest';
import { ByteWriter } from '../../../server/src/lib/byte-writer.ts';

describe('ByteWriter', () => {
  it('fills a buffer of the exact size expected, texts of several bytes a character at its very end', () => {
    // over 4 KB: a buffer of its own, not a slice of Node's shared pool
    const parts = ['{"a":', 'ș'.repeat(3000), 12_345, 'ț"\u2028', 'x'.repeat(20), 7, '€𝄞', 'ă'.repeat(40), 123];
    const text = parts.map(String).join('');
    const encoded = parts.map((part) => (typeof part === 'number' ? part : Buffer.from(part)));
    const allocated: number[] = [];
    const allocUnsafe = vi.spyOn(Buffer, 'allocUnsafe').mockImplementation((size: number) => {
      allocated.push(size);
      return Buffer.alloc(size);
    });
    let bytes: Buffer;
    try {
      const out = new ByteWriter(Buffer.byteLength(text));
      for (const [i, part] of encoded.entries()) {
        if (typeof part === 'number') out.number(part);
        else if (i % 2 === 1) out.text(parts[i] as string);
        else out.write(part);
      }
      bytes = out.bytes();
    } finally {
      allocUnsafe.mockRestore();
    }
    expect(bytes.toString('utf8')).toBe(text);
    // one buffer, the size expected: no chunk for a worst case that did not come, nothing joined
    expect(allocated).toEqual([Buffer.byteLength(text)]);
  });

  it('grows past the size expected and joins the chunks in order', () => {
    const out = new ByteWriter(64);
    let expected = '';
    for (let i = 0; i < 40_000; i += 1) {
      const piece = i % 3 === 0 ? `ă${i}` : i % 3 === 1 ? `,"k":` : 'ț'.repeat(i % 50);
      if (i % 3 === 1) out.write(Buffer.from(piece));
      else out.text(piece);
      out.number(i);
      out.byte(0x2c);
      expected += `${piece}${i},`;
    }
    out.number(-1.5);
    out.text('x'.repeat(300_000));
    expected += `-1.5${'x'.repeat(300_000)}`;
    expect(out.bytes().toString('utf8')).toBe(expected);
  });
});

/** Multi-row statements come in a few fixed row counts: a list of any length splits greedily, in order. */
import { describe, expect, it } from 'vitest';
import { multiRowStatement, ROW_CHUNK_SIZES, rowChunks } from '../../../server/src/db/row-chunks.ts';
import { isStationError, type StationError } from '../../../shared/src/errors.ts';

describe('rowChunks', () => {
  it.each([
    [0, []], [1, [1]], [4, [2, 2]], [5, [5]], [6, [5, 1]], [10, [10]], [99, [50, 20, 20, 5, 2, 2]],
    [100, [100]], [499, [200, 200, 50, 20, 20, 5, 2, 2]], [501, [500, 1]], [1203, [500, 500, 200, 2, 1]],
  ])('splits %i rows into %j', (n, lengths) => {
    const rows = Array.from({ length: n }, (_, i) => i);
    const chunks = rowChunks(rows);
    expect(chunks.map((c) => c.part.length)).toEqual(lengths);
    // the same rows, in order, each part starting where the last ended
    expect(chunks.flatMap((c) => c.part)).toEqual(rows);
    for (const c of chunks) expect(c.part[0]).toBe(c.first);
  });

  it('uses only the fixed sizes for every length up to 2000', () => {
    const lengths = new Set<number>();
    for (let n = 0; n <= 2000; n++) for (const c of rowChunks(new Array<number>(n).fill(0))) lengths.add(c.part.length);
    expect([...lengths].sort((a, b) => b - a)).toEqual(ROW_CHUNK_SIZES);
  });
});

describe('multiRowStatement', () => {
  it('writes the row once per row after VALUES, and refuses other counts', () => {
    const text = multiRowStatement('INSERT INTO t (a, b)', '(?, ?)');
    expect(text(5)).toBe('INSERT INTO t (a, b)\nVALUES (?, ?),\n(?, ?),\n(?, ?),\n(?, ?),\n(?, ?)');
    expect(text(5)).toBe(text(5));
    let refused: unknown;
    try {
      text(7);
    } catch (err) {
      refused = err;
    }
    expect(isStationError(refused, 'INTERNAL')).toBe(true);
    expect((refused as StationError).details).toEqual({ rows: 7, sizes: ROW_CHUNK_SIZES });
  });
});

/**
 * Multi-row statements written for a few fixed row counts only. A statement per row count would
 * give every batch size its own text, each prepared and cached by the client (better-sqlite3 keeps
 * about 2 MB for a 500-row INSERT with a subquery a row): a long-running server would grow by
 * hundreds of MB. Rows are split greedily into parts of 500, 200, 100, 50, 20, 10, 5, 2 and 1, in
 * order: at most nine texts exist per statement, whatever the sizes sent, and a batch under 500 rows
 * takes at most 8 statements (a usual batch of ten, one).
 */
import { StationError } from '../../../shared/src/errors.ts';

/** The row counts a multi-row statement is written for, largest first (the last must be 1). */
export const ROW_CHUNK_SIZES: readonly number[] = [500, 200, 100, 50, 20, 10, 5, 2, 1];

export interface RowChunk<T> {
  /** The index of the part's first row in the whole list. */
  first: number;
  part: readonly T[];
}

/** The rows in order, in parts whose lengths are all among ROW_CHUNK_SIZES (the largest that fits first). */
export function rowChunks<T>(rows: readonly T[]): RowChunk<T>[] {
  const chunks: RowChunk<T>[] = [];
  let first = 0;
  for (const size of ROW_CHUNK_SIZES) {
    while (rows.length - first >= size) {
      chunks.push({ first, part: rows.slice(first, first + size) });
      first += size;
    }
  }
  return chunks;
}

/**
 * `head` followed by `VALUES` and `row` once per row, for a part's row count; each text is built once
 * (those of ROW_CHUNK_SIZES, at most).
 */
export function multiRowStatement(head: string, row: string): (rows: number) => string {
  const texts = new Map<number, string>();
  return (rows) => {
    let text = texts.get(rows);
    if (text === undefined) {
      // a programming error (callers split with rowChunks): the server answers 500 and logs the details
      if (!ROW_CHUNK_SIZES.includes(rows)) throw new StationError('INTERNAL', undefined, { rows, sizes: ROW_CHUNK_SIZES });
      text = `${head}\nVALUES ${Array.from({ length: rows }, () => row).join(',\n')}`;
      texts.set(rows, text);
    }
    return text;
  };
}

import { describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { compareCounts, compareDocumentHashes, copyOrder, type DocumentHash } from '../../../server/src/db/copy-plan.ts';

describe('copyOrder', () => {
  it('puts every table after the tables it references, the free ones by name', () => {
    expect(copyOrder([
      { name: 'documents', references: ['batches', 'stations'] },
      { name: 'sessions', references: ['users'] },
      { name: 'batches', references: ['stations'] },
      { name: 'weekly_totals', references: [] },
      { name: 'stations', references: [] },
      { name: 'users', references: [] },
      { name: 'borderou_entries', references: ['borderouri'] },
      { name: 'borderouri', references: [] },
    ])).toEqual(['borderouri', 'stations', 'users', 'weekly_totals', 'batches', 'borderou_entries', 'sessions', 'documents']);
  });

  it('ignores a reference to itself and to a table not copied', () => {
    expect(copyOrder([{ name: 'tree', references: ['tree', 'elsewhere'] }, { name: 'a', references: ['tree'] }])).toEqual(['tree', 'a']);
  });

  it('refuses a cycle', () => {
    let caught: unknown;
    try {
      copyOrder([{ name: 'a', references: ['b'] }, { name: 'b', references: ['a'] }, { name: 'c', references: [] }]);
    } catch (err) {
      caught = err;
    }
    expect(isStationError(caught, 'INTERNAL')).toBe(true);
    expect((caught as { details: unknown }).details).toEqual({ reason: 'foreign keys form a cycle', tables: ['a', 'b'] });
  });
});

describe('compareCounts', () => {
  it('lists the tables whose rows differ or that one side lacks', () => {
    expect(compareCounts(
      [{ table: 'batches', rows: 3 }, { table: 'documents', rows: 10 }, { table: 'users', rows: 1 }],
      [{ table: 'documents', rows: 9 }, { table: 'batches', rows: 3 }, { table: 'audit_log', rows: 0 }],
    )).toEqual([
      { table: 'audit_log', source: null, target: 0 },
      { table: 'documents', source: 10, target: 9 },
      { table: 'users', source: 1, target: null },
    ]);
    expect(compareCounts([{ table: 'a', rows: 0 }], [{ table: 'a', rows: 0 }])).toEqual([]);
  });
});

/** Pages of `rows` after an id, as the database would give them. */
function pager(source: DocumentHash[], target: DocumentHash[], size = 3) {
  const calls: string[] = [];
  const next = async (side: 'source' | 'target', after: number) => {
    calls.push(`${side}>${after}`);
    return (side === 'source' ? source : target).filter((d) => d.id > after).slice(0, size);
  };
  return { next, calls };
}

const docs = (n: number): DocumentHash[] => Array.from({ length: n }, (_, i) => ({ id: i * 2 + 1, sha256: i % 4 === 3 ? null : `h${i}` }));

describe('compareDocumentHashes', () => {
  it('reads both sides page by page and finds them equal', async () => {
    const { next, calls } = pager(docs(7), docs(7));
    expect(await compareDocumentHashes(next)).toEqual({ compared: 7, mismatch: null });
    expect(calls).toEqual(['source>-Infinity', 'target>-Infinity', 'source>5', 'target>5', 'source>11', 'target>11', 'source>13', 'target>13']);
    expect(await compareDocumentHashes(pager([], []).next)).toEqual({ compared: 0, mismatch: null });
  });

  it('names the first document whose SHA-256 differs (a null against a value too)', async () => {
    const target = docs(7).map((d) => (d.id === 9 ? { ...d, sha256: 'other' } : d));
    expect(await compareDocumentHashes(pager(docs(7), target).next)).toEqual({ compared: 4, mismatch: { id: 9, source: 'h4', target: 'other' } });
    const nulled = docs(7).map((d) => (d.id === 3 ? { ...d, sha256: null } : d));
    expect((await compareDocumentHashes(pager(docs(7), nulled).next)).mismatch).toEqual({ id: 3, source: 'h1', target: null });
  });

  it('names a document missing on one side, or extra on the other', async () => {
    const missing = docs(7).filter((d) => d.id !== 7);
    expect(await compareDocumentHashes(pager(docs(7), missing).next)).toEqual({ compared: 3, mismatch: { id: 7, source: null, target: undefined } });
    expect((await compareDocumentHashes(pager(docs(7), docs(8)).next)).mismatch).toEqual({ id: 15, source: undefined, target: null });
    expect((await compareDocumentHashes(pager(docs(6), docs(5)).next)).mismatch).toEqual({ id: 11, source: 'h5', target: undefined });
  });
});

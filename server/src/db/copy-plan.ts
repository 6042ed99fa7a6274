/**
 * The pure parts of `server db copy`: in which order the tables are copied (a table after every table
 * it references), and how the copy is compared with its source (the rows of every table; the
 * documents' SHA-256 values, read in id order from both sides and compared pair by pair).
 */
import { StationError } from '../../../shared/src/errors.ts';

export interface TableShape {
  name: string;
  /** Tables this one has foreign keys to (itself allowed). */
  references: readonly string[];
}

/** Parents before children; among tables free to go, by name (the same order every run). */
export function copyOrder(tables: readonly TableShape[]): string[] {
  const names = new Set(tables.map((t) => t.name));
  const waitingOn = new Map(tables.map((t) => [t.name, new Set(t.references.filter((r) => r !== t.name && names.has(r)))]));
  const order: string[] = [];
  while (waitingOn.size > 0) {
    const ready = [...waitingOn].filter(([, deps]) => deps.size === 0).map(([name]) => name).sort();
    if (ready.length === 0) {
      throw new StationError('INTERNAL', undefined, { reason: 'foreign keys form a cycle', tables: [...waitingOn.keys()].sort() });
    }
    for (const name of ready) {
      order.push(name);
      waitingOn.delete(name);
      for (const deps of waitingOn.values()) deps.delete(name);
    }
  }
  return order;
}

export interface TableCount {
  table: string;
  rows: number;
}

export interface CountMismatch {
  table: string;
  /** null: the table is missing on that side. */
  source: number | null;
  target: number | null;
}

/** Every table whose row count differs, or that exists on one side only (by table name). */
export function compareCounts(source: readonly TableCount[], target: readonly TableCount[]): CountMismatch[] {
  const bySource = new Map(source.map((t) => [t.table, t.rows]));
  const byTarget = new Map(target.map((t) => [t.table, t.rows]));
  const tables = [...new Set([...bySource.keys(), ...byTarget.keys()])].sort();
  return tables
    .map((table) => ({ table, source: bySource.get(table) ?? null, target: byTarget.get(table) ?? null }))
    .filter((m) => m.source !== m.target);
}

export interface DocumentHash {
  id: number;
  sha256: string | null;
}

export interface HashMismatch {
  /** The document's row id; the first one, in id order, that differs or exists on one side only. */
  id: number;
  source: string | null | undefined;
  target: string | null | undefined;
}

/**
 * Compares two id-ordered streams of (id, sha256) page by page: `next(side, afterId)` returns the
 * next rows after `afterId` (an empty page at the end). Returns the number of documents compared,
 * or the first difference.
 */
export async function compareDocumentHashes(
  next: (side: 'source' | 'target', afterId: number) => Promise<DocumentHash[]>,
): Promise<{ compared: number; mismatch: HashMismatch | null }> {
  let after = -Infinity;
  let compared = 0;
  for (;;) {
    const [a, b] = await Promise.all([next('source', after), next('target', after)]);
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
      const s = a[i];
      const t = b[i];
      if (!s || !t || s.id !== t.id) {
        const id = Math.min(s?.id ?? Infinity, t?.id ?? Infinity);
        return { compared, mismatch: { id, source: s?.id === id ? s.sha256 : undefined, target: t?.id === id ? t.sha256 : undefined } };
      }
      if (s.sha256 !== t.sha256) return { compared, mismatch: { id: s.id, source: s.sha256, target: t.sha256 } };
      compared++;
    }
    if (length === 0) return { compared, mismatch: null };
    after = a[a.length - 1]!.id;
  }
}

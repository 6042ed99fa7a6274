/**
 * The record of files a watched folder has already handed over for good.
 *
 * The folder driver only reads and appends keys; the station's SQLite journal keeps them
 * (journal/consumed-files-ledger.ts). Keys are opaque strings, marked together: one call, one
 * transaction, however many keys (a file's two; every duplicate a pass of the folder skipped).
 * The driver marks two per file, after the consumer confirmed its pages:
 *   file key     `<relative path>|<size>|<mtime ms>|<sha256>`: this exact file, so a file still in
 *                the folder after a crash between marking and archiving is archived, not replayed;
 *   content key  `sha256:<hex>`: the bytes, so the same content under another name is a duplicate.
 * And two per copy it hands over (the copy as a file: its name in the work folder, its inode and its
 * time in nanoseconds, which the rename into place keeps; its name, not its path, so a data folder
 * spelt otherwise on resume still finds it):
 *   made key      `copy:<name>|<inode>|<mtime ns>`, alone, before the copy takes its name: a copy
 *                 the driver made (a copy without it was made before these keys existed);
 *   confirmed key `confirmed:<name>|<inode>|<mtime ns>`, in the confirmation's transaction with the
 *                 file's two keys: the consumer took the page from this copy. A made copy without it
 *                 is one no consumer took, whatever became of its original (orphan-copies.ts).
 * So a page costs two commits. The made key cannot join the confirmation's transaction: it must be
 * durable before the copy takes its name, and the confirmation comes after the consumer has written
 * the page; nor the previous page's, since the copy (its inode) does not exist yet then. Dropping it
 * would leave a copy the ledger does not recognise (one made before these keys, or one whose inode
 * changed: a data folder copied to another disk) judged as never taken, removed, and its page lost.
 * Its cost: 0.3 ms CPU and one fsync (2–6 ms wall under load) a page, of a hand-over's ~9 ms CPU
 * (`bench/folder-handover-cost.ts`).
 */
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../../shared/src/errors.ts';
import { sha256File, sha256Hex } from '../../fs/sha256.ts';

export interface ConsumedLedger {
  isConsumed(key: string): boolean | Promise<boolean>;
  /** Records every key durably, in one transaction: all of them or none. */
  markConsumed(keys: readonly string[]): void | Promise<void>;
}

/** What the driver knows about one file when it hands it over. */
export interface FileIdentity {
  /** Path relative to the watched folder, with `/` separators. */
  relativePath: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

export function fileKey(id: FileIdentity): string {
  return `${id.relativePath}|${id.size}|${Math.floor(id.mtimeMs)}|${id.sha256}`;
}

export function contentKey(id: Pick<FileIdentity, 'sha256'>): string {
  return `sha256:${id.sha256}`;
}

/** A copy's file as such, not its bytes: its inode and modification time in nanoseconds (a rename keeps both). */
export interface CopyStamp {
  ino: bigint;
  mtimeNs: bigint;
}

export async function copyStamp(file: string): Promise<CopyStamp> {
  const st = await stat(file, { bigint: true });
  return { ino: st.ino, mtimeNs: st.mtimeNs };
}

export function copyMadeKey(copy: string, stamp: CopyStamp): string {
  return `copy:${path.basename(copy)}|${stamp.ino}|${stamp.mtimeNs}`;
}

export function copyConfirmedKey(copy: string, stamp: CopyStamp): string {
  return `confirmed:${path.basename(copy)}|${stamp.ino}|${stamp.mtimeNs}`;
}

/**
 * The file's bytes, read once, and its identity: size and mtime unchanged across the read, the hash
 * that of these very bytes (what is copied and handed over is what was hashed: no second read).
 */
export async function readIdentified(file: string, root: string): Promise<{ identity: FileIdentity; bytes: Buffer }> {
  const { value: bytes, st } = await readUnchanged(file, () => readFile(file), (b) => b.length);
  return { identity: { relativePath: relativeTo(root, file), size: st.size, mtimeMs: st.mtimeMs, sha256: sha256Hex(bytes) }, bytes };
}

/** Size, mtime and hash of `file` (streamed, never held whole), checked unchanged across the read; path relative to `root`. */
export async function describeFile(file: string, root: string): Promise<FileIdentity> {
  const { value: sha256, st } = await readUnchanged(file, () => sha256File(file));
  return { relativePath: relativeTo(root, file), size: st.size, mtimeMs: st.mtimeMs, sha256 };
}

/**
 * `read()` of `file` and its stat after, refused (INPUT_CORRUPT naming it) when its size or mtime
 * changed across the read, or when `length` of what was read is not its size.
 */
async function readUnchanged<T>(file: string, read: () => Promise<T>, length?: (value: T) => number): Promise<{ value: T; st: Stats }> {
  const before = await stat(file);
  const value = await read();
  const st = await stat(file);
  if (before.size !== st.size || before.mtimeMs !== st.mtimeMs || (length !== undefined && length(value) !== st.size)) {
    throw new StationError('INPUT_CORRUPT', `Fișierul „${path.basename(file)}” s-a schimbat în timp ce era citit.`, { file });
  }
  return { value, st };
}

/**
 * `file`'s path relative to `root`, with `/` separators whatever the system's (the ledger's keys and
 * the identity cache's: `identity-cache.ts`). `paths`: this system's path rules, or Windows'
 * (`path.win32`) to check them anywhere.
 */
export function relativeTo(root: string, file: string, paths: Pick<path.PlatformPath, 'relative' | 'sep'> = path): string {
  return paths.relative(root, file).split(paths.sep).join('/');
}

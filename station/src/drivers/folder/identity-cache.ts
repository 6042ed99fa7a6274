/**
 * The last identity read of each original, reused while its path, size and mtime are unchanged:
 * hashing is the costly part of judging a file, so the resume's orphan-copy sweep's hash serves the
 * scan, and a file seen again unchanged is not read again. An entry goes when its original is
 * archived or gone from the folder: a driver watching a folder all week keeps only the files there.
 */
import { describeFile, readIdentified, relativeTo, type FileIdentity } from './consumed-ledger.ts';

export class IdentityCache {
  private readonly identities = new Map<string, FileIdentity>();

  /**
   * `original`'s identity (path relative to `root`) while it has the size and mtime `seen`: the one
   * known already, else read now — `withBytes`: read whole and kept with it, so the copy is made of
   * the bytes hashed; null when it changed or cannot be read.
   */
  async identityOf(original: string, root: string, seen: { size: number; mtimeMs: number }, withBytes: boolean): Promise<{ identity: FileIdentity; bytes?: Buffer } | null> {
    const cached = this.identities.get(original);
    if (cached && cached.relativePath === relativeTo(root, original) && cached.size === seen.size && cached.mtimeMs === seen.mtimeMs) return { identity: cached };
    const read = withBytes ? await readIdentified(original, root).catch(() => null) : await describeFile(original, root).then((identity) => ({ identity }), () => null);
    if (!read || read.identity.size !== seen.size || read.identity.mtimeMs !== seen.mtimeMs) return null;
    this.identities.set(original, read.identity);
    return read;
  }

  /** How many originals' identities are kept. */
  get size(): number {
    return this.identities.size;
  }

  /** `original` is archived or gone: its identity is not kept. */
  forget(original: string): void {
    this.identities.delete(original);
  }

  /** Forgets every original `keep` says no to. */
  retain(keep: (original: string) => boolean): void {
    for (const original of this.identities.keys()) if (!keep(original)) this.identities.delete(original);
  }
}

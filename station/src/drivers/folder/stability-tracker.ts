/**
 * When has a file stopped changing? (pure: the caller passes the clock)
 * A file is stable once it is non-empty and its size and mtime have been seen unchanged for the
 * quiet period. Zero-byte files never are: scanners create the file first and fill it later.
 */
export interface Observation {
  size: number;
  mtimeMs: number;
}

interface Candidate extends Observation {
  since: number;
}

export class StabilityTracker {
  private readonly candidates = new Map<string, Candidate>();

  constructor(readonly quietMs: number) {}

  /** Records what stat() said now; returns true when the file is new or has changed. */
  observe(file: string, seen: Observation, now: number): boolean {
    const known = this.candidates.get(file);
    if (known && known.size === seen.size && known.mtimeMs === seen.mtimeMs) return false;
    this.candidates.set(file, { size: seen.size, mtimeMs: seen.mtimeMs, since: now });
    return true;
  }

  forget(file: string): void {
    this.candidates.delete(file);
  }

  has(file: string): boolean {
    return this.candidates.has(file);
  }

  get(file: string): Observation | undefined {
    const c = this.candidates.get(file);
    return c ? { size: c.size, mtimeMs: c.mtimeMs } : undefined;
  }

  files(): string[] {
    return [...this.candidates.keys()];
  }

  /** Files that are non-empty and unchanged for at least `quietMs` (the tracker's quiet period by default). */
  stable(now: number, quietMs = this.quietMs): string[] {
    const out: string[] = [];
    for (const [file, c] of this.candidates) {
      if (c.size > 0 && now - c.since >= quietMs) out.push(file);
    }
    return out;
  }

  /** Milliseconds until the next non-empty file not yet quiet for `quietMs` becomes so; undefined when none is waiting. */
  nextQuietIn(now: number, quietMs = this.quietMs): number | undefined {
    let next: number | undefined;
    for (const c of this.candidates.values()) {
      const left = c.since + quietMs - now;
      if (c.size > 0 && left > 0 && (next === undefined || left < next)) next = left;
    }
    return next;
  }

  /** Whether the file is non-empty and unchanged for at least `quietMs` (default: the whole quiet period). */
  quietFor(file: string, now: number, quietMs = this.quietMs): boolean {
    const c = this.candidates.get(file);
    return c !== undefined && c.size > 0 && now - c.since >= quietMs;
  }
}

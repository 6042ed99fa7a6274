/**
 * Memory a preview travels to a page worker in, used again page after page. sharp's buffers cannot
 * be moved to another thread (postMessage would copy them), so a preview is copied into memory of
 * this thread's own and moved; the worker moves it back with its answer and it waits here for the
 * next page. A fresh buffer a page cost more than the copy itself (the kernel faulting in a new
 * megabyte or three, and each one V8's external memory that brings the main thread's next full
 * garbage collection closer); these are already there.
 */

/** Buffers kept at most: about the pages in flight (the pipeline's concurrency). */
const KEPT = 4;
/**
 * Bytes kept at most in all: four colour previews of an A4 page at 200 dpi (2.9 MB each); the preview
 * of a page far larger (an A3 sheet at 600 dpi: 13 MB) is kept once, not four times for good.
 */
const KEPT_BYTES = 16 * 1024 * 1024;

export class TransferBuffers {
  private readonly spare: ArrayBuffer[] = [];

  /** A copy of `data` in movable memory: a spare buffer as large or larger when there is one. */
  copyOf(data: Uint8Array): Uint8Array {
    let best = -1;
    for (let i = 0; i < this.spare.length; i++) {
      const len = this.spare[i]!.byteLength;
      if (len >= data.length && (best < 0 || len < this.spare[best]!.byteLength)) best = i;
    }
    const out = best < 0 ? new Uint8Array(data.length) : new Uint8Array(this.spare.splice(best, 1)[0]!, 0, data.length);
    out.set(data);
    return out;
  }

  /**
   * A buffer handed back, for a later page. Only memory no one else holds may come here (a worker's
   * answer: the caller keeps its own pixels). The largest are kept, within KEPT and KEPT_BYTES; a
   * detached one (moved away again) is not.
   */
  giveBack(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0 || this.spare.includes(buffer)) return;
    const kept = this.keptBytes;
    if (this.spare.length < KEPT) {
      if (kept + buffer.byteLength <= KEPT_BYTES) this.spare.push(buffer);
      return;
    }
    let smallest = 0;
    for (let i = 1; i < this.spare.length; i++) if (this.spare[i]!.byteLength < this.spare[smallest]!.byteLength) smallest = i;
    const freed = this.spare[smallest]!.byteLength;
    if (freed < buffer.byteLength && kept - freed + buffer.byteLength <= KEPT_BYTES) this.spare[smallest] = buffer;
  }

  /** Bytes kept (test hook). */
  get keptBytes(): number {
    return this.spare.reduce((n, b) => n + b.byteLength, 0);
  }
}

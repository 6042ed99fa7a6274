/**
 * Which raster a kernel's memory holds a copy of, and the scope (`share`) within which a raster
 * held already is not copied again: the caller promises its bytes do not change meanwhile (a page's
 * measures and look read its preview). Outside the scope every call copies, so a raster changed in
 * place is read again. One per kernel memory (`preview-memory.ts`, `gray-passes.ts`).
 */
interface Raster {
  data: Uint8Array;
  width: number;
  height: number;
}

export class RasterHold {
  private sharing = 0;
  private held: Raster | undefined;

  /** Whether the memory holds `img` and may be used again for it (within `share` only). */
  holds(img: Raster): boolean {
    const h = this.held;
    return this.sharing > 0 && h !== undefined && h.data === img.data && h.width === img.width && h.height === img.height;
  }

  /** `img` was copied in: remembered within `share`, forgotten outside it. */
  copied(img: Raster): void {
    this.held = this.sharing > 0 ? { data: img.data, width: img.width, height: img.height } : undefined;
  }

  /** The memory holds nothing known any more (a new memory, a page written over it). */
  forget(): void {
    this.held = undefined;
  }

  share<T>(fn: () => T): T {
    this.sharing++;
    try {
      return fn();
    } finally {
      if (--this.sharing === 0) this.held = undefined;
    }
  }
}

/**
 * Which raster a kernel's memory holds a copy of (one `RasterHold` per memory: `preview-memory.ts`,
 * `gray-passes.ts`), and the one scope, `sharingPreviews`, within which a raster held already is not
 * copied again into any of them: the caller promises its bytes do not change meanwhile (a page's
 * measures and look read its previews). Outside the scope every call copies, so a raster changed in
 * place is read again; when the outermost scope ends every hold forgets its raster.
 */
interface Raster {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Scopes entered and not yet left. */
let sharing = 0;
/** Every hold (one per kernel memory, made once a thread): each forgets its raster when the outermost scope ends. */
const holds: RasterHold[] = [];

export class RasterHold {
  private held: Raster | undefined;

  constructor() {
    holds.push(this);
  }

  /** Whether the memory holds `img` and may be used again for it (within `sharingPreviews` only). */
  holds(img: Raster): boolean {
    const h = this.held;
    return sharing > 0 && h !== undefined && h.data === img.data && h.width === img.width && h.height === img.height;
  }

  /** `img` was copied in: remembered within `sharingPreviews`, forgotten outside it. */
  copied(img: Raster): void {
    this.held = sharing > 0 ? { data: img.data, width: img.width, height: img.height } : undefined;
  }

  /** The memory holds nothing known any more (a new memory, a page written over it). */
  forget(): void {
    this.held = undefined;
  }
}

/**
 * Runs `fn`, in which a preview (RGB or gray) already held by a kernel's memory — the same bytes
 * object, width and height — is not copied into it again: the caller promises the rasters' bytes do
 * not change meanwhile. Scopes nest; the outermost one's end forgets every raster held.
 */
export function sharingPreviews<T>(fn: () => T): T {
  sharing++;
  try {
    return fn();
  } finally {
    if (--sharing === 0) for (const h of holds) h.forget();
  }
}

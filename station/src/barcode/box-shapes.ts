/**
 * Boxes keep one numeric kind in their fields from the first page on (imported for this effect by
 * every module that makes them). V8 gives every object literal with the same property names in the
 * same order one hidden class a thread (its tree starts from the literal's property count), and a
 * field first holds small integers: the first fractional box made anywhere (a bar region's band
 * grown by its margin in mm, a window read at another scale, a symbol zxing located) turns that
 * field into a double, which retires the class every optimised function reading boxes was built for:
 * they deoptimise («wrong map») and are compiled again. And when no box of the old class is left,
 * the collector may drop the generalised class, and the next pages start over. These boxes, held
 * for the life of the thread, make x, y, width and height doubles before any real box is made, for
 * each shape the barcode look makes (a box; a window with its bars; a bar region; a dense patch),
 * so no page changes them. Values are unchanged: a double holds every integer a pixel count is.
 */
const DOUBLE = 0.5;

/**
 * Never read: held by the thread's global object so their classes (and the doubles in them) stay,
 * and so no bundler drops them as unused (the page worker runs an esbuild bundle).
 */
const KEY = Symbol.for('scan-station.box-shapes');
const thread = globalThis as Record<symbol, unknown[]>;
// once a thread, however often this module is loaded in it (a test's fresh module graph)
const held = thread[KEY] ?? (thread[KEY] = [
  { x: DOUBLE, y: DOUBLE, width: DOUBLE, height: DOUBLE },
  { x: DOUBLE, y: DOUBLE, width: DOUBLE, height: DOUBLE, bars: 'either' },
  { x: DOUBLE, y: DOUBLE, width: DOUBLE, height: DOUBLE, bars: 'vertical', blocks: DOUBLE },
  { x: DOUBLE, y: DOUBLE, width: DOUBLE, height: DOUBLE, cells: DOUBLE, peak: DOUBLE, density: DOUBLE },
]);

/**
 * Holds `exemplar` for the life of the thread, so its hidden class does too: an object of a class
 * (or a shape) no page keeps once it is done. With no such object left between pages, the collector
 * drops the class; the functions optimised for it deoptimise («weak objects») and the next page's,
 * of a class made anew, are compiled again. Returns `exemplar`.
 */
export function holdShape<T extends object>(exemplar: T): T {
  held.push(exemplar);
  return exemplar;
}

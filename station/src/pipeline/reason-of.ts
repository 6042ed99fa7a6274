/**
 * What went wrong, as text, whatever was thrown: an Error's message, anything else as a string; an
 * object String cannot turn into text (no prototype, so no toString) is named by its type. Used where
 * a failure travels as text (a page worker's error answer, the pool's reasons): it never throws itself.
 */
export function reasonOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return String(err);
  } catch {
    return Object.prototype.toString.call(err);
  }
}

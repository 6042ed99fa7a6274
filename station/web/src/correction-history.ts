/**
 * The clerk's unsaved corrections as an undo stack with redo: undo takes back the last one, redo
 * puts it back, any one in the list can be taken back alone (the rest are applied again by the
 * station), and a new correction clears what could be redone. Pure functions.
 */
import type { Correction } from './correction-bar.tsx';

interface Entry { c: Correction; what: string }
export interface History { done: Entry[]; undone: Entry[] }

export const NO_HISTORY: History = { done: [], undone: [] };

export const push = (h: History, e: Entry): History => ({ done: [...h.done, e], undone: [] });

export function undo(h: History): History {
  const last = h.done.at(-1);
  return last ? { done: h.done.slice(0, -1), undone: [...h.undone, last] } : h;
}

export function redo(h: History): History {
  const next = h.undone.at(-1);
  return next ? { done: [...h.done, next], undone: h.undone.slice(0, -1) } : h;
}

/** Takes back the correction at `i` alone; the ones after it stay (the station checks they still apply). */
export const withdraw = (h: History, i: number): History => ({ done: h.done.filter((_, k) => k !== i), undone: [] });

/**
 * Ending a batch from the keyboard: on a terminal, «S» or Enter ends the batch normally (a watched
 * folder has no last page). The terminal is put in raw mode to see single keys, so Ctrl-C arrives as
 * a key, not as SIGINT: it is passed on as an interrupt.
 */
import { emitKeypressEvents } from 'node:readline';

export interface KeyInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

export interface EndKeyHandlers {
  onEnd: () => void;
  onInterrupt: () => void;
}

/** Starts listening; returns the function that restores the terminal. Does nothing when `input` is not a terminal. */
export function listenForEndKey(input: KeyInput, h: EndKeyHandlers): () => void {
  if (!input.isTTY || typeof input.setRawMode !== 'function') return () => {};
  emitKeypressEvents(input);
  input.setRawMode(true);
  input.resume();
  const onKey = (str: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
    if (key?.ctrl && key.name === 'c') h.onInterrupt();
    else if (key?.name === 'return' || key?.name === 'enter' || str?.toLowerCase() === 's') h.onEnd();
  };
  input.on('keypress', onKey);
  return () => {
    input.off('keypress', onKey);
    input.setRawMode?.(false);
    input.pause();
  };
}

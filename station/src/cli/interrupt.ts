/**
 * Ctrl-C (SIGINT) and SIGTERM for the commands that run a batch: the first one asks the batch to
 * stop cleanly (its AbortSignal fires; the page in flight is finished or abandoned, the journal and
 * the staging folder are put in order, the clerk is told what happened); a second one exits at once.
 */
export const EXIT_INTERRUPTED = 130;

export interface Interrupt {
  signal: AbortSignal;
  /** Which signal stopped the batch, if any. */
  readonly received: NodeJS.Signals | null;
  /** The same as a Ctrl-C from the terminal (a raw-mode key reader sees Ctrl-C as a key). */
  trigger(sig?: NodeJS.Signals): void;
  dispose(): void;
}

export function listenForInterrupt(onFirst?: (sig: NodeJS.Signals) => void, proc: NodeJS.Process = process): Interrupt {
  const ac = new AbortController();
  let received: NodeJS.Signals | null = null;
  const handler = (sig: NodeJS.Signals) => {
    if (received) {
      // asked twice: stop now (the staging folder is removed by the next run of the same batch)
      proc.exit(EXIT_INTERRUPTED);
      return;
    }
    received = sig;
    onFirst?.(sig);
    ac.abort(new Error(`interrupted by ${sig}`));
  };
  proc.on('SIGINT', handler);
  proc.on('SIGTERM', handler);
  return {
    signal: ac.signal,
    get received() {
      return received;
    },
    trigger: (sig: NodeJS.Signals = 'SIGINT') => handler(sig),
    dispose: () => {
      proc.off('SIGINT', handler);
      proc.off('SIGTERM', handler);
    },
  };
}

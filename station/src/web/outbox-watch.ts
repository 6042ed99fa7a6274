/**
 * Outbox changes made by another program of the station over the same journal (`station sync --watch`,
 * a second `station ui`, `station outbox retry`): nothing crosses the processes, so the web app looks.
 * Every `intervalMs` it asks its connection's `PRAGMA data_version`, which changes only when another
 * connection committed (on an idle station that is all a check costs); then it reads the outbox's
 * fingerprint (outbox-fingerprint.ts) and calls `changed` once when it differs from the last one seen.
 * The app's own changes are said by its courier, which calls `seen` so they are not said twice. A journal
 * that cannot be read at a check (busy past its timeout) is logged once, and the next checks go on.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../../shared/src/clock.ts';
import type { JournalDb } from '../journal/open-journal.ts';
import { outboxFingerprint } from '../journal/outbox-fingerprint.ts';

/** How often the web app looks: a clerk sees another program's change within a few seconds. */
export const OUTBOX_WATCH_MS = 2_000;

export interface OutboxWatch {
  /** The outbox as it is now is known to the pages (the app said its own change): not said again. */
  seen(): void;
  /** No more checks (the app closes). */
  stop(): void;
}

export interface OutboxWatchOptions {
  clock: Clock;
  intervalMs?: number;
  log: Logger;
  /** The outbox changed in another program: said to the pages once. */
  changed(): void;
}

export function watchOutbox(db: JournalDb, opts: OutboxWatchOptions): OutboxWatch {
  const { clock, log, changed } = opts;
  const intervalMs = opts.intervalMs ?? OUTBOX_WATCH_MS;
  const fingerprint = outboxFingerprint(db);
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  let version: number | null = null;
  let last: string | null = null;
  let failing = false;
  let cancel: (() => void) | null = null;
  let stopped = false;

  /** Reads both, or throws: the next check starts from where this one could not. */
  const read = () => {
    const v = dataVersion();
    if (v === version && last !== null) return false;
    const now = fingerprint();
    const differs = last !== null && now !== last;
    version = v;
    last = now;
    return differs;
  };
  const check = () => {
    try {
      const differs = read();
      if (failing) log.info('outbox watch: the journal can be read again');
      failing = false;
      if (differs) changed();
    } catch (err) {
      if (!failing) log.warn({ err }, 'outbox watch: the journal could not be read; checking again later');
      failing = true;
    }
  };
  const arm = () => {
    cancel = clock.after(intervalMs, () => {
      cancel = null;
      if (stopped) return;
      check();
      if (!stopped) arm();
    });
  };
  check(); // the outbox as the app starts is the one its pages read first
  arm();
  return {
    seen() {
      try {
        version = dataVersion();
        last = fingerprint();
      } catch {
        // the next check reads it (and logs a journal that stays unreadable)
      }
    },
    stop() {
      stopped = true;
      cancel?.();
      cancel = null;
    },
  };
}

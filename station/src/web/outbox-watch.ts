/**
 * Outbox changes made by another program of the station over the same journal (`station sync --watch`,
 * a second `station ui`, `station outbox retry`, `station split` from a terminal): nothing crosses the
 * processes, so the web app looks. Every `intervalMs` it asks its connection's `PRAGMA data_version`, which
 * changes only when another connection committed (on an idle station that is all a check costs); then it
 * reads the outbox's fingerprint (outbox-fingerprint.ts) and the waiting reports as this app's sender sees
 * them (outbox-waiting-view.ts), and calls `changed` once when either differs from the last one seen.
 * A claim of another program can end with nothing committed (it lapses; its holder is killed or crashes):
 * while one is open, each check judges again which reports are held elsewhere, at the check's time, as the
 * list does (heldElsewhere), and says a change of them. When another program left a report this app's
 * sender may take (queued, put back, its claim ended, due earlier), `takeable` wakes that sender.
 * The app's own changes are said by its courier, which calls `seen` so they are not said twice. A journal
 * that cannot be read at a check (busy past its timeout) is logged once, and the next checks go on.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../../shared/src/clock.ts';
import type { JournalDb } from '../journal/open-journal.ts';
import { outboxFingerprint } from '../journal/outbox-fingerprint.ts';
import type { Outbox } from '../journal/outbox-repository.ts';
import { newlyTakeable, outboxWaitingView, type WaitingView } from '../journal/outbox-waiting-view.ts';

/** How often the web app looks: a clerk sees another program's change within a few seconds. */
export const OUTBOX_WATCH_MS = 2_000;

export interface OutboxWatch {
  /** The outbox as it is now is known to the pages (the app said its own change): not said again. */
  seen(): void;
  /** No more checks (the app closes). */
  stop(): void;
}

export interface OutboxWatchOptions {
  /** The app's outbox: whose claims are its own, the lease its sender grants. */
  outbox: Pick<Outbox, 'claimant' | 'leaseMs'>;
  clock: Clock;
  intervalMs?: number;
  log: Logger;
  /** The outbox changed in another program: said to the pages once. */
  changed(): void;
  /** Another program left a report this app's sender may take now: the sender woken. */
  takeable(): void;
}

interface Seen {
  version: number;
  fingerprint: string;
  waiting: WaitingView;
}

export function watchOutbox(db: JournalDb, opts: OutboxWatchOptions): OutboxWatch {
  const { clock, log, changed, takeable } = opts;
  const intervalMs = opts.intervalMs ?? OUTBOX_WATCH_MS;
  const fingerprint = outboxFingerprint(db);
  // judged at the wall clock's time, as the list's sendingElsewhere is when the pages read it
  const waitingView = outboxWaitingView(db, opts.outbox);
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  let last: Seen | null = null;
  let failing = false;
  let cancel: (() => void) | null = null;
  let stopped = false;

  const readAll = (): Seen => ({ version: dataVersion(), fingerprint: fingerprint(), waiting: waitingView(new Date()) });
  /** Reads what it needs, or throws: the next check starts from where this one could not. */
  const read = (): { differs: boolean; wake: boolean } => {
    if (!last) {
      last = readAll();
      return { differs: false, wake: false };
    }
    const version = dataVersion();
    const committed = version !== last.version;
    // nothing committed and no claim of another that could end: an idle station's check ends here
    if (!committed && !last.waiting.claimsOpen) return { differs: false, wake: false };
    const print = committed ? fingerprint() : last.fingerprint;
    if (print === last.fingerprint && !last.waiting.claimsOpen) {
      last = { ...last, version };
      return { differs: false, wake: false };
    }
    const waiting = waitingView(new Date());
    const before = last;
    last = { version, fingerprint: print, waiting };
    const differs = print !== before.fingerprint || waiting.heldElsewhere.join('\n') !== before.waiting.heldElsewhere.join('\n');
    return { differs, wake: newlyTakeable(before.waiting, waiting) };
  };
  const check = () => {
    let found: { differs: boolean; wake: boolean };
    try {
      found = read();
      if (failing) log.info('outbox watch: the journal can be read again');
      failing = false;
    } catch (err) {
      if (!failing) log.warn({ err }, 'outbox watch: the journal could not be read; checking again later');
      failing = true;
      return;
    }
    try {
      if (found.differs) changed();
      if (found.wake) takeable();
    } catch (err) {
      // the checks go on: a check that threw out of its timer would end them
      log.error({ err }, 'outbox watch: a change could not be said');
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
        last = readAll();
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

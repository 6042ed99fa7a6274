/**
 * The web app's one way through which a change of the outbox reaches its pages. A report queued
 * (a batch's end, corrections saved, «Trimite din nou») is delivered at once by the station's own
 * delivery (deliverNow, the same as `station split`/`scan`/`sync` use), then said in one 'outbox'
 * event, and the background sender is woken so its next pass is planned from the queue as it is
 * now (a report that failed is retried at its own time, not after the sender's longer sleep). The
 * background sender's passes are said through here too (`passed`, and `passFailed` for a pass that
 * threw after it may have changed the outbox): every 'outbox' event of the app is built by `tell`.
 * A change another program of the station made (outbox-watch.ts) is said here too (`changedElsewhere`),
 * and each change said is shown to that watch as seen, so the app's own changes are not said twice; a report
 * another program left for this app's sender wakes it too (`takeableElsewhere`).
 */
import { deliverNow, type StationContext } from '../cli/station-context.ts';
import { deliveryRo } from '../report/delivery-words.ts';
import type { SendResult } from '../report/outbox-sender.ts';
import type { EventHub } from './event-hub.ts';

/** A change of the outbox: what was put in the queue, and what a delivery pass did (none: nothing sent). */
export interface OutboxChange {
  queued: readonly string[];
  result: SendResult | null;
  requeued: readonly string[];
}

export interface OutboxCourier {
  /**
   * The reports `queued` were just put in the queue: delivered now when a registry can be asked
   * (taking turns with the background sender), then one 'outbox' event, then the sender woken.
   * The clerk's line, in the web app's words (deliveryRo 'web': no command named; the background
   * sender retries, the «Loturi» page shows the outbox), and what the delivery did. The event is published also when the
   * delivery throws (the queue did change).
   */
  deliver(queued: readonly string[]): Promise<{ text: string; result: SendResult | null }>;
  /** Reports put in the queue with nobody waiting for their delivery (a save a crash interrupted, finished): said, and the sender woken. */
  queued(queued: readonly string[]): void;
  /** A pass of the background sender: said when it changed the outbox. */
  passed(pass: { result: SendResult; requeued: string[] }): void;
  /** A pass of the background sender that threw: it may have changed the outbox before, so the pages read it again (one event naming nothing). */
  passFailed(): void;
  /** The outbox changed in another program of the station (outbox-watch.ts): one event naming nothing, the pages read it again. */
  changedElsewhere(): void;
  /**
   * Another program of the station left a report this app's sender may take now (outbox-watch.ts: `station split`
   * queued it and ended, `station outbox retry` put it back, its claim ended): the background sender woken, as after
   * the app's own changes. A report the other program is sending is not sent twice: the pass skips it (its claim).
   */
  takeableElsewhere(): void;
  /** The background sender, once it runs: woken after each change. */
  attach(sender: { wake(): void } | null): void;
  /** The watch of other programs' changes, once it runs: told each change this app said (not said again). */
  attachWatch(watch: { seen(): void } | null): void;
}

export function createOutboxCourier(station: StationContext, hub: EventHub): OutboxCourier {
  let sender: { wake(): void } | null = null;
  let watch: { seen(): void } | null = null;
  /**
   * Reports not delivered, read again when no pass counted them (a delivery that threw, a report queued): null when
   * the journal cannot be read now (busy past its timeout, a damaged row), logged; the event goes out all the same.
   */
  const pendingNow = (): number | null => {
    try {
      return station.outbox.pending().length;
    } catch (err) {
      station.log.error({ err }, 'outbox could not be read for its change event; the pages read it again');
      return null;
    }
  };
  const tell = ({ queued, result, requeued }: OutboxChange) => {
    const delivered = result ? [...result.delivered, ...result.alreadyRecorded, ...result.superseded] : [];
    // the outbox as it is now is the one the pages read after this event
    watch?.seen();
    hub.publish({
      event: 'outbox',
      queued: [...queued],
      delivered,
      failed: result ? result.failed.map((f) => f.batchId) : [],
      requeued: [...requeued],
      pending: result ? result.pending : pendingNow(),
    });
  };
  return {
    async deliver(queued) {
      let change: OutboxChange = { queued, result: null, requeued: [] };
      try {
        const d = await deliverNow(station);
        change = { queued, result: d.result, requeued: d.requeued };
        return { text: deliveryRo(d, 'web'), result: d.result };
      } finally {
        // said and the sender woken whatever the delivery did; a failure to say it is logged, never thrown
        // over the delivery's own answer or error (the caller gets what the delivery gave)
        try {
          tell(change);
        } catch (err) {
          station.log.error({ err }, 'an outbox change could not be said to the pages');
        }
        sender?.wake();
      }
    },
    queued(queued) {
      tell({ queued, result: null, requeued: [] });
      sender?.wake();
    },
    passed(pass) {
      const { result, requeued } = pass;
      const changed = result.delivered.length + result.alreadyRecorded.length + result.superseded.length + result.failed.length + requeued.length;
      // only a pass that changed the outbox is said: the pages read the list again
      if (changed > 0) tell({ queued: [], result, requeued });
    },
    passFailed() {
      tell({ queued: [], result: null, requeued: [] });
    },
    changedElsewhere() {
      tell({ queued: [], result: null, requeued: [] });
    },
    takeableElsewhere() {
      sender?.wake();
    },
    attach(s) {
      sender = s;
    },
    attachWatch(w) {
      watch = w;
    },
  };
}

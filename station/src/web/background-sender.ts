/**
 * The web app's background sender: `station sync --watch`'s loop (runSender) inside `station ui`,
 * so a report left in the outbox by a registry outage goes out on its own once the registry is back,
 * and an idle station still asks the hourly check of delivered reports. Started when the app
 * listens, only when a registry is configured and the station's name lets reports go out; stopped
 * (and waited for) when the app closes. Its passes and the deliveries at a batch's end or on
 * «Trimite din nou» take turns (deliverAndReconcile): a report is never sent twice at once.
 */
import { sendingBlock, type StationContext } from '../cli/station-context.ts';
import { runSender, type SenderLoopOptions } from '../report/outbox-sender.ts';
import type { OutboxCourier } from './outbox-courier.ts';

export interface BackgroundSender {
  /** Ends the loop's sleep: a pass runs at once. */
  wake(): void;
  /** Stops the loop; resolves once its pass in progress (a report on its way) has ended. */
  stop(): Promise<void>;
}

/** `courier`: how a pass that changed the outbox is said to the pages (the app's one 'outbox' event, outbox-courier.ts). */
export function startBackgroundSender(station: StationContext, courier: Pick<OutboxCourier, 'passed' | 'passFailed'>, opts: Pick<SenderLoopOptions, 'now' | 'pollMs' | 'timers'> = {}): BackgroundSender | null {
  const { client } = station;
  if (!client || sendingBlock(station)) return null;
  const stopped = new AbortController();
  const wakeUp = new EventTarget();
  const running = runSender(station.outbox, client, station.log, stopped.signal, station.stationName, {
    ...opts,
    wakeUp,
    onPass: (pass) => courier.passed(pass),
    onPassFailed: () => courier.passFailed(),
  }).catch((err: unknown) => station.log.error({ err }, 'background sender stopped on an error'));
  station.log.info('background sender started');
  return {
    wake: () => void wakeUp.dispatchEvent(new Event('wake')),
    async stop() {
      stopped.abort();
      await running;
    },
  };
}

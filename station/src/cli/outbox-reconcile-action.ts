/**
 * `station outbox reconcile [--days N]`: the administrator's explicit check, after the registry was
 * restored from a backup older than the hourly check's window (RECONCILE_WINDOW_DAYS): asks the
 * registry about every report delivered in the last N days, queues again those it lacks, delivers them.
 */
import { StationError } from '../../../shared/src/errors.ts';
import { countRo } from '../../../shared/src/count-ro.ts';
import { RECONCILE_WINDOW_DAYS, reconcileDelivered, type ReconcileResult } from '../report/outbox-reconcile.ts';
import { deliveryRo } from '../report/delivery-words.ts';
import { deliverNow, missingRo, reportsRo, sendingBlockedBy, type StationContext } from './station-context.ts';

export const RECONCILE_DAYS_MAX = 3650;

/** `--days` as given (none: RECONCILE_WINDOW_DAYS); a USAGE error in Romanian otherwise. */
export function reconcileDays(given: string | undefined): number {
  if (given === undefined) return RECONCILE_WINDOW_DAYS;
  const days = /^\d{1,5}$/.test(given) ? Number(given) : NaN;
  if (!(days >= 1 && days <= RECONCILE_DAYS_MAX)) {
    throw new StationError('USAGE', `--days trebuie să fie un număr întreg de zile între 1 și ${RECONCILE_DAYS_MAX} (primit: „${given}”).`);
  }
  return days;
}

const daysRo = (days: number) => (days === 1 ? 'ultima zi' : `ultimele ${countRo(days, 'zi', 'zile')}`);

export async function reconcileAction(station: StationContext, days: number): Promise<{ check: ReconcileResult; text: string }> {
  if (!station.client) throw new StationError('CONFIG_INVALID', 'Niciun server configurat (STATION_SERVER_URL și STATION_TOKEN): registratura nu poate fi întrebată.');
  const blocked = sendingBlockedBy(station, 'cli');
  if (blocked) throw new StationError('CONFIG_INVALID', blocked);
  const check = await reconcileDelivered(station.outbox, station.client, station.log, { now: new Date(), stationName: station.stationName, windowDays: days, windowCount: 0 }); // exactly the days asked
  const asked = `Verificat cu registratura: ${reportsRo(check.checked)} trimis${check.checked === 1 ? '' : 'e'} în ${daysRo(days)}.`;
  const found = check.requeued.length > 0 ? missingRo(check.requeued.length) : 'Registratura le are pe toate.';
  const delivery = await deliverNow(station);
  return { check, text: `${asked} ${found}\n${deliveryRo(delivery, 'cli')}\n` };
}

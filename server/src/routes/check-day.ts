/** Query dates must be real calendar days (the schema checks the shape; this the calendar). */
import { StationError } from '../../../shared/src/errors.ts';
import { isValidDay } from '../lib/dates.ts';

export function checkDay(day: string | undefined, parameter: string): void {
  if (day !== undefined && !isValidDay(day)) {
    throw new StationError('VALIDATION_FAILED', 'Parametrii adresei nu sunt valizi.', {
      problems: [{ path: `?${parameter}`, reason: `ziua ${day} nu există în calendar` }],
    });
  }
}

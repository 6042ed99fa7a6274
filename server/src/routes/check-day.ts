/** Query days must be real calendar days within the accepted range (the schema checks only the shape). */
import { StationError } from '../../../shared/src/errors.ts';
import { dayProblem } from '../../../shared/src/date-range.ts';

export function checkDay(day: string | undefined, parameter: string): void {
  const reason = day === undefined ? null : dayProblem(day);
  if (reason !== null) {
    throw new StationError('VALIDATION_FAILED', 'Parametrii adresei nu sunt valizi.', {
      problems: [{ path: `?${parameter}`, reason }],
    });
  }
}

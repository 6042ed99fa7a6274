/** Query days must be real calendar days within the accepted range (the schema checks only the shape). */
import { StationError } from '../../../shared/src/errors.ts';
import { dayProblem } from '../../../shared/src/date-range.ts';

/** `where`: a query parameter (`?week`, the default) or a field of the JSON body (`/week`). */
export function checkDay(day: string | undefined, parameter: string, where: 'query' | 'body' = 'query'): void {
  const reason = day === undefined ? null : dayProblem(day);
  if (reason !== null) {
    throw new StationError('VALIDATION_FAILED', where === 'query' ? 'Parametrii adresei nu sunt valizi.' : 'Datele trimise nu sunt valide.', {
      problems: [{ path: where === 'query' ? `?${parameter}` : `/${parameter}`, reason }],
    });
  }
}

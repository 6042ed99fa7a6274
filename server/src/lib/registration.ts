/**
 * The key the server matches documents and borderou rows on: the canonical registration number
 * (`0084512 / 1.9.2021` → `84512/01.09.2021`, as the shared reconciliation does), or the trimmed id
 * when it is not a registration number (a generic separator, an unreadable barcode).
 */
import { normalizeRegistrationNumber } from '../../../shared/src/registration-number.ts';

export { registrationDate } from '../../../shared/src/registration-number.ts';

export function registrationKey(id: string): string {
  return normalizeRegistrationNumber(id) ?? id.trim();
}

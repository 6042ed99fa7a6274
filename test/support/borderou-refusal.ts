/** The StationError the shared borderou parser refuses `bytes` with (a test fails when it parses them). */
import { parseBorderouCsv } from '../../shared/src/borderou/parse-borderou-csv.ts';
import { isStationError, type StationError } from '../../shared/src/errors.ts';

export function borderouRefusal(bytes: Uint8Array): StationError {
  try {
    parseBorderouCsv(bytes);
  } catch (err) {
    if (isStationError(err)) return err;
    throw err;
  }
  throw new Error('parsed');
}

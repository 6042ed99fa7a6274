/** Reads and parses a borderou CSV from disk, with errors that name the file. */
import { readFile, stat } from 'node:fs/promises';
import { parseBorderouCsv, type BorderouCsv } from '../../../shared/src/borderou/parse-borderou-csv.ts';
import { MAX_CSV_BYTES } from '../../../shared/src/borderou/decode-csv-bytes.ts';
import { StationError, isStationError } from '../../../shared/src/errors.ts';

export async function readBorderouFile(file: string): Promise<BorderouCsv> {
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new StationError('INPUT_NOT_FOUND', `Borderoul ${file} nu este un fișier.`, { file });
    size = st.size;
  } catch (err) {
    if (isStationError(err)) throw err;
    throw new StationError('INPUT_NOT_FOUND', `Borderoul ${file} nu există sau nu poate fi citit.`, { file, cause: (err as NodeJS.ErrnoException).code });
  }
  if (size > MAX_CSV_BYTES) {
    throw new StationError('CSV_INVALID', `Borderoul ${file} este prea mare (${size} octeți; maximum ${MAX_CSV_BYTES}).`, { file, bytes: size });
  }
  const bytes = await readFile(file);
  try {
    return parseBorderouCsv(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    if (isStationError(err, 'CSV_INVALID')) {
      throw new StationError('CSV_INVALID', `Borderoul ${file}: ${err.message}`, { ...err.details, file }, { cause: err });
    }
    throw err;
  }
}

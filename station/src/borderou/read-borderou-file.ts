/** Reads and parses a borderou CSV from disk, with errors that name the file. */
import { readFile, stat } from 'node:fs/promises';
import { parseBorderouCsv, type BorderouCsv } from '../../../shared/src/borderou/parse-borderou-csv.ts';
import { MAX_CSV_BYTES } from '../../../shared/src/borderou/decode-csv-bytes.ts';
import { namingFile } from '../../../shared/src/borderou/file-kind.ts';
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
    throw namingFile(err, file); // a Word document, a PDF…: «„file” este un document Word, …»
  }
}

/**
 * Bytes the clerk picked in the web app, before they are kept anywhere: a file that is no borderou at
 * all (a Word document, a PDF…) is refused naming the file as picked (`name`), not the station's copy.
 * Any other problem is left to the parse that follows, as for a file on disk.
 */
export function refuseNotBorderou(bytes: Uint8Array, name: string | undefined): void {
  try {
    parseBorderouCsv(bytes);
  } catch (err) {
    if (isStationError(err, 'NOT_A_BORDEROU')) throw name ? namingFile(err, name) : err;
  }
}

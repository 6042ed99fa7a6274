/** Reads and parses a borderou CSV from disk, with errors that name the file. */
import { readFile, stat } from 'node:fs/promises';
import { parseBorderouCsv, type BorderouCsv } from '../../../shared/src/borderou/parse-borderou-csv.ts';
import { MAX_CSV_BYTES } from '../../../shared/src/borderou/decode-csv-bytes.ts';
import { namingFile } from '../../../shared/src/borderou/file-kind.ts';
import { withBorderouSubject } from '../../../shared/src/borderou/naming-borderou.ts';
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
  return parseNaming(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file, file);
}

/**
 * Bytes the clerk picked in the web app, parsed before they are kept anywhere: a file that is no borderou
 * at all (a Word document, a PDF…) or whose table cannot be read (no header, a column missing) is refused
 * naming the file as picked (`name`), never the station's copy of it. Bad rows are the caller's to judge.
 */
export function parsePickedBorderou(bytes: Uint8Array, name: string | undefined): BorderouCsv {
  return parseNaming(bytes, name ? `„${name}”` : 'ales', name);
}

/** The parse, its whole-file refusals naming the file: `shown` in the message, `file` in the details. */
function parseNaming(bytes: Uint8Array, shown: string, file: string | undefined): BorderouCsv {
  try {
    return parseBorderouCsv(bytes);
  } catch (err) {
    if (isStationError(err, 'CSV_INVALID')) {
      throw new StationError('CSV_INVALID', withBorderouSubject(err.message, `Borderoul ${shown}`), { ...err.details, ...(file ? { file } : {}) }, { cause: err });
    }
    throw file ? namingFile(err, file) : err; // a Word document, a PDF…: «„file” este un document Word, …»
  }
}

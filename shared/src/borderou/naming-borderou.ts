/**
 * A borderou refused whole, named as the client knows it (the registry's `?name=`, the file as picked):
 * NOT_A_BORDEROU says what the file is («„x.docx” este un document Word, …»), CSV_INVALID says which file
 * it is about («Borderoul „zi.csv”: Antetul de pe linia 9 …», «Borderoul „zi.csv” are 2 rânduri greșite; …»),
 * details.file the name. Any other error is left as it is.
 */
import { StationError, isStationError } from '../errors.ts';
import { namingFile } from './file-kind.ts';

/** «Borderoul CSV este gol» / «Borderoul are …» take the name in their subject; any other sentence follows it. */
const SUBJECT = /^Borderoul(?: CSV)? (?=\S)/u;

export function namingBorderou(err: unknown, name: string): unknown {
  if (!isStationError(err, 'CSV_INVALID')) return namingFile(err, name);
  const named = `Borderoul „${name}”`;
  const message = SUBJECT.test(err.message) ? err.message.replace(SUBJECT, `${named} `) : `${named}: ${err.message}`;
  return new StationError('CSV_INVALID', message, { ...err.details, file: name }, { cause: err });
}

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
  return new StationError('CSV_INVALID', withBorderouSubject(err.message, `Borderoul „${name}”`), { ...err.details, file: name }, { cause: err });
}

/** The parser's `message` said of the borderou `named` («Borderoul „zi.csv”», «Borderoul /x/zi.csv»): as its subject, or before it. */
export function withBorderouSubject(message: string, named: string): string {
  return SUBJECT.test(message) ? message.replace(SUBJECT, `${named} `) : `${named}: ${message}`;
}

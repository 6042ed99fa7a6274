/**
 * «Borderoul zilei de la registratură»: the day's current borderou taken from the registry server,
 * checked in memory exactly as a CSV file the clerk picks is (`usableBorderou`: same parser, same
 * checks, same LoadedBorderou), then kept as a CSV file beside the batch (the bytes as the registry
 * uploaded them, written atomically, never read back), which the review page finds again when it
 * re-checks the batch. A look before a batch (previewRegistryBorderou) makes the same checks: it keeps no file.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CsvRowError } from '../../../shared/src/borderou/borderou-types.ts';
import { parseBorderouCsv } from '../../../shared/src/borderou/parse-borderou-csv.ts';
import { isStationError, StationError } from '../../../shared/src/errors.ts';
import { formatIsoDateRo } from '../../../shared/src/registration-number.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { makeDir } from '../fs/make-dir.ts';
import type { RegistryClient } from '../report/registry-client.ts';
import { formatCsvErrors } from './format-csv-problems.ts';
import { usableBorderou, type LoadedBorderou } from './load-borderou.ts';

export interface RegistryBorderou extends LoadedBorderou {
  day: string;
  /** The day's version on the server (the registry re-uploads a corrected borderou as 2, 3 …). */
  version: number;
  uploadedAt: string;
}

export function noRegistryConfigured(): StationError {
  return new StationError('USAGE', 'Stația nu are configurat serverul registraturii (adresa și tokenul stației), deci borderoul zilei nu poate fi luat de acolo. Alegeți fișierul CSV al borderoului.', { field: 'borderou' });
}

/** What the registry answered for a day: its CSV's bytes, checked against their hash. */
interface DayBorderou {
  date: string;
  version: number;
  uploadedAt: string;
  bytes: Buffer;
  /** The name the CSV has when kept beside a batch. */
  name: string;
}

async function takeDay(client: RegistryClient | null, day: string, signal?: AbortSignal): Promise<DayBorderou> {
  if (!client) throw noRegistryConfigured();
  const got = await client.dayBorderou(day, signal);
  const bytes = Buffer.from(got.csvBase64, 'base64');
  if (createHash('sha256').update(bytes).digest('hex') !== got.sha256) {
    // the registry answered, with bytes that are not what it says it sent: reached, not unreachable
    throw new StationError('SERVER_ERROR', 'Borderoul zilei a sosit incomplet de la serverul registraturii. Încercați din nou.', { day, version: got.version });
  }
  return { date: got.date, version: got.version, uploadedAt: got.uploadedAt, bytes, name: `borderou-registratura-${got.date}-v${got.version}.csv` };
}

/**
 * A look at the day's borderou before a batch (the scan page's): the same checks as
 * loadRegistryBorderou, made on the bytes in memory, so a look writes no file; `csv`: the bytes
 * as the registry uploaded them.
 */
export async function previewRegistryBorderou(client: RegistryClient | null, day: string, signal?: AbortSignal): Promise<Omit<RegistryBorderou, 'file'> & { csv: Buffer }> {
  const got = await takeDay(client, day, signal);
  const { entries, encoding, delimiter } = usableDay(got, got.name);
  return { entries, encoding, delimiter, day: got.date, version: got.version, uploadedAt: got.uploadedAt, csv: got.bytes };
}

/**
 * Takes the day's borderou from the server, checks it in memory, and only then writes it into `dir`
 * (atomically): one that cannot be used writes nothing, not even `dir`, and a file of that name
 * already there stays as it was.
 */
export async function loadRegistryBorderou(client: RegistryClient | null, day: string, dir: string, signal?: AbortSignal): Promise<RegistryBorderou> {
  const got = await takeDay(client, day, signal);
  const file = path.join(dir, got.name);
  const loaded = usableDay(got, file);
  await makeDir(dir);
  await writeFileAtomic(file, got.bytes);
  return { ...loaded, day: got.date, version: got.version, uploadedAt: got.uploadedAt };
}

/** The day's bytes parsed and checked as a picked CSV file's are (`file`: its name); the registry's CSV_INVALID when they cannot be used. */
function usableDay(got: DayBorderou, file: string): LoadedBorderou {
  try {
    return usableBorderou(parseBorderouCsv(got.bytes), file);
  } catch (err) {
    throw isStationError(err, 'CSV_INVALID') ? registryCsvInvalid(err, got.date, got.version) : err;
  }
}

/**
 * The registry's CSV cannot be used: the clerk cannot correct it (its file is not kept), the registry
 * can — the day and its version are named, and the bad rows as a picked file's are (`details.errors`),
 * or the decoder's own reason when it refused the bytes (binary, empty, too large, bad BOM).
 */
function registryCsvInvalid(err: StationError, day: string, version: number): StationError {
  const errors = err.details.errors as CsvRowError[] | undefined;
  const ask = 'Cereți registraturii să-l încarce din nou, corectat, sau alegeți fișierul CSV al borderoului.';
  const head = `Borderoul zilei ${formatIsoDateRo(day)} încărcat de registratură (versiunea ${version})`;
  const refused = errors?.length ? null : decoderRefusal(err);
  const message = refused !== null
    ? `${head} nu poate fi folosit: ${refused} ${ask}`
    : `${head} ${errors?.length ? 'are rânduri greșite' : 'nu conține niciun document'}, deci nu poate fi folosit. ${ask}${errors?.length ? `\n${formatCsvErrors(errors)}` : ''}`;
  return new StationError('CSV_INVALID', message, { day, version, ...(errors ? { errors } : {}) }, { cause: err });
}

/** The decoder's Romanian reason for refusing the bytes (it names no file); null when it did not refuse them. */
function decoderRefusal(err: StationError): string | null {
  const { reason, bytes } = err.details;
  return reason === undefined && bytes === undefined ? null : err.message;
}

/**
 * A borderou CSV upload: parsed with the shared parser, rejected whole when any row is wrong
 * (nothing stored), otherwise stored as the day's new version.
 */
import { createHash } from 'node:crypto';
import { StationError } from '../../../shared/src/errors.ts';
import { parseBorderouCsvYielding, type CsvRowError } from '../../../shared/src/borderou/parse-borderou-csv.ts';
import type { BorderouUploadResult } from '../../../shared/src/schemas/borderou.ts';
import type { Problem } from '../../../shared/src/schemas/common.ts';
import type { BorderouRepository } from '../repositories/borderou-repository.ts';
import { romanianDay } from '../lib/dates.ts';

/** How many row problems an error answer lists at most. */
const MAX_PROBLEMS = 200;

const toProblem = (e: CsvRowError): Problem => ({ line: e.line, ...(e.column ? { path: e.column } : {}), reason: e.reason });

/** Lets other requests run during the parse and before the store of a large upload. */
const yieldToOthers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function uploadBorderou(
  borderouri: BorderouRepository,
  bytes: Uint8Array,
  requestedDay: string | undefined,
  now: Date = new Date(),
  uploadedBy: string | null = null,
): Promise<BorderouUploadResult> {
  // At most BORDEROU_MAX_ROWS rows, read in steps so other requests are answered meanwhile.
  const parsed = await parseBorderouCsvYielding(bytes, yieldToOthers);
  await yieldToOthers();
  if (parsed.errors.length > 0) {
    const count = parsed.errors.length;
    throw new StationError('CSV_INVALID', `Borderoul are ${count} ${count === 1 ? 'rând greșit' : 'rânduri greșite'}; nu a fost salvat nimic.`, {
      problems: parsed.errors.slice(0, MAX_PROBLEMS).map(toProblem),
      errorCount: count,
    });
  }
  if (parsed.entries.length === 0) {
    throw new StationError('CSV_INVALID', 'Borderoul nu conține niciun document (doar antetul).');
  }
  const day = requestedDay ?? dayFromRows(parsed.entries.map((e) => e.date));
  const { saved, replaced } = await borderouri.save({
    day,
    uploadedAt: now.toISOString(),
    encoding: parsed.encoding,
    delimiter: parsed.delimiter,
    contentSha256: createHash('sha256').update(bytes).digest('hex'),
    content: bytes,
    uploadedBy,
    entries: parsed.entries.map((e) => ({
      line: e.line,
      registrationNumber: e.registrationNumber,
      department: e.department,
      expectedSheets: e.expectedSheets,
      date: e.date,
      notes: e.notes,
    })),
  });
  const { id: _id, current: _current, ...summary } = saved;
  return { ...summary, replacedVersion: replaced?.version ?? null, warnings: parsed.warnings.slice(0, MAX_PROBLEMS).map(toProblem) };
}

/** Without `?date=`, every row must name the same day (its `data`, or its registration number's date). */
function dayFromRows(dates: ReadonlyArray<string | null>): string {
  const days = [...new Set(dates)];
  if (days.length === 1 && days[0] !== null && days[0] !== undefined) return days[0];
  const named = days.filter((d): d is string => d !== null).sort().map(romanianDay);
  throw new StationError(
    'VALIDATION_FAILED',
    named.length > 1
      ? `Rândurile borderoului sunt din zile diferite (${named.slice(0, 5).join(', ')}); precizați ziua cu ?date=AAAA-LL-ZZ.`
      : 'Ziua borderoului nu reiese din rânduri; precizați-o cu ?date=AAAA-LL-ZZ.',
    { days: named.length },
  );
}

/** A batch report's rows as the repositories take them (BatchRow, DocumentRow), for the repository tests. */
import type { BatchRow, DocumentRow } from '../../../server/src/repositories/batch-repository.ts';
import { registrationKey } from '../../../server/src/lib/registration.ts';

/** Registration number `i` of `day` (YYYY-MM-DD): `84500+i/DD.MM.YYYY`. */
export const registrationNumber = (day: string, i: number) => `${84500 + i}/${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/** The report of batch `batchId` (default `lot-<day>`) of `day` at the station, as its `version`. */
export const batchRow = (stationId: number, day: string, batchId = `lot-${day}`, version = 1): BatchRow => ({
  stationId, batchId, version, startedAt: `${day}T06:00:00.000Z`, endedAt: `${day}T06:20:00.000Z`, scanDate: day,
  separatorPages: 3, blankPages: 0, unassignedPages: 0, pagesIn: 40, reportSha256: `sha-${batchId}-${version}`, receivedAt: `${day}T0${6 + version}:00:00.000Z`,
});

/** One document (2 pages, 1 sheet) for each of `day`'s registrations `indexes`, in that order. */
export const documentRows = (day: string, indexes: readonly number[]): DocumentRow[] => indexes.map((i) => ({
  documentId: registrationNumber(day, i), registrationKey: registrationKey(registrationNumber(day, i)), registrationDate: day,
  file: `${i}.pdf`, pages: 2, sheets: 1, sha256: 'a'.repeat(64), flags: [],
}));

/** `n` indexes from `from`: 0, 1, 2… */
export const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

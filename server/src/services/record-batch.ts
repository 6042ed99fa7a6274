/**
 * Records a station's batch report, idempotently on (station, batch id): the same report again
 * changes nothing; a different report under the same batch id is a CONFLICT.
 */
import { createHash } from 'node:crypto';
import { instantProblem } from '../../../shared/src/date-range.ts';
import { documentIdProblem, fileNameProblem } from '../../../shared/src/document-names.ts';
import { StationError } from '../../../shared/src/errors.ts';
import type { BatchReport, BatchReportResult } from '../../../shared/src/schemas/batch-report.ts';
import type { BatchRepository, DocumentRow } from '../repositories/batch-repository.ts';
import type { StationRecord } from '../repositories/station-repository.ts';
import { localDay } from '../lib/dates.ts';
import { registrationDate, registrationKey } from '../lib/registration.ts';

/** SHA-256 of the report with its keys in a fixed order, so key order on the wire does not matter. */
export function reportFingerprint(report: BatchReport): string {
  const canonical = [
    report.batchId, report.station, report.startedAt, report.endedAt,
    report.separatorPages, report.blankPages, report.unassignedPages, report.pagesIn,
    report.documents.map((d) => [d.id, d.file, d.pages, d.sheets, d.sha256, d.flags]),
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** How many problems an error answer lists at most. */
const MAX_PROBLEMS = 100;

export interface RecordOutcome {
  created: boolean;
  result: BatchReportResult;
}

export function recordBatch(
  batches: BatchRepository,
  station: StationRecord,
  report: BatchReport,
  timeZone: string,
  now: Date = new Date(),
): RecordOutcome {
  if (report.station !== station.name) {
    throw new StationError('FORBIDDEN', `Stația „${station.name}” nu poate raporta loturi în numele stației „${report.station}”.`, {
      station: station.name,
      claimed: report.station,
    });
  }
  const timeProblems = (['startedAt', 'endedAt'] as const).flatMap((field) => {
    const reason = instantProblem(report[field]);
    return reason === null ? [] : [{ path: `/${field}`, reason }];
  });
  if (timeProblems.length > 0) throw new StationError('VALIDATION_FAILED', 'Datele trimise nu sunt valide.', { problems: timeProblems });
  if (Date.parse(report.endedAt) < Date.parse(report.startedAt)) {
    throw new StationError('VALIDATION_FAILED', 'Datele trimise nu sunt valide.', {
      problems: [{ path: '/endedAt', reason: 'sfârșitul lotului este înaintea începutului' }],
    });
  }
  const nameProblems = report.documents.flatMap((d, i) => {
    const idReason = documentIdProblem(d.id);
    const fileReason = d.file === null ? null : fileNameProblem(d.file);
    return [
      ...(idReason ? [{ path: `/documents/${i}/id`, reason: idReason }] : []),
      ...(fileReason ? [{ path: `/documents/${i}/file`, reason: fileReason }] : []),
    ];
  });
  if (nameProblems.length > 0) {
    throw new StationError('VALIDATION_FAILED', 'Datele trimise nu sunt valide.', { problems: nameProblems.slice(0, MAX_PROBLEMS) });
  }
  const inconsistent = report.documents.findIndex((d) => (d.file === null) !== (d.sha256 === null) || (d.file === null && d.pages > 0));
  if (inconsistent >= 0) {
    throw new StationError('VALIDATION_FAILED', 'Datele trimise nu sunt valide.', {
      problems: [{ path: `/documents/${inconsistent}`, reason: 'un document fără fișier trebuie să aibă 0 pagini și sha256 null' }],
    });
  }
  const fingerprint = reportFingerprint(report);
  const documents: DocumentRow[] = report.documents.map((d) => ({
    documentId: d.id,
    registrationKey: registrationKey(d.id),
    registrationDate: registrationDate(d.id),
    file: d.file,
    pages: d.pages,
    sheets: d.sheets,
    sha256: d.sha256,
    flags: d.flags,
  }));
  const { inserted, stored } = batches.insertIfAbsent(
    {
      stationId: station.id,
      batchId: report.batchId,
      // Stored in UTC so batches from stations with different offsets sort correctly.
      startedAt: new Date(report.startedAt).toISOString(),
      endedAt: new Date(report.endedAt).toISOString(),
      scanDate: localDay(report.startedAt, timeZone),
      separatorPages: report.separatorPages,
      blankPages: report.blankPages,
      unassignedPages: report.unassignedPages,
      pagesIn: report.pagesIn,
      reportSha256: fingerprint,
      receivedAt: now.toISOString(),
    },
    documents,
  );
  if (!inserted && stored.reportSha256 !== fingerprint) {
    throw new StationError('CONFLICT', `Lotul „${report.batchId}” a fost deja raportat cu alt conținut.`, {
      station: station.name,
      batchId: report.batchId,
    });
  }
  return {
    created: inserted,
    result: {
      status: inserted ? 'recorded' : 'already-recorded',
      station: station.name,
      batchId: report.batchId,
      documents: stored.documentCount,
      receivedAt: stored.receivedAt,
    },
  };
}

/**
 * Records a station's batch report, idempotently on (station, batch id, version): the same report
 * again changes nothing; a higher version replaces the stored one (every version is kept); a
 * different report under the same version is a CONFLICT; a lower version is REPORT_SUPERSEDED.
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

/**
 * SHA-256 of the report with its keys in a fixed order, so key order on the wire does not matter.
 * The version is compared on its own (it is not part of the hash, so version 1 hashes as before).
 */
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

export async function recordBatch(
  batches: BatchRepository,
  station: StationRecord,
  report: BatchReport,
  timeZone: string,
  now: Date = new Date(),
): Promise<RecordOutcome> {
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
  const version = report.version ?? 1;
  const { action, stored } = await batches.store(
    {
      stationId: station.id,
      batchId: report.batchId,
      version,
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
  const details = { station: station.name, batchId: report.batchId, version, storedVersion: stored.version };
  if (action === 'kept' && stored.version > version) {
    throw new StationError('REPORT_SUPERSEDED', `Registratura are deja versiunea ${stored.version} a raportului lotului „${report.batchId}”; `
      + `versiunea ${version} nu a mai fost înregistrată.`, details);
  }
  if (action === 'kept' && stored.reportSha256 !== fingerprint) {
    throw new StationError('CONFLICT', `Lotul „${report.batchId}” a fost deja raportat în versiunea ${version} cu alt conținut; `
      + 'un raport corectat se trimite cu o versiune mai mare.', details);
  }
  const created = action !== 'kept';
  return {
    created,
    result: {
      status: created ? 'recorded' : 'already-recorded',
      station: station.name,
      batchId: report.batchId,
      version: stored.version,
      documents: stored.documentCount,
      receivedAt: stored.receivedAt,
    },
  };
}

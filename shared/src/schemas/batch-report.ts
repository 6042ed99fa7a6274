/**
 * `POST /api/batches`: the report a station sends after each batch, and the server's answer.
 * Idempotent on (station, batchId, version): the same report again answers `already-recorded`;
 * a higher version (a batch corrected on the station) replaces the stored one and is kept beside
 * it; a different report under the same version is a CONFLICT, a lower version REPORT_SUPERSEDED.
 */
import { DOCUMENT_ID_MAX, FILE_NAME_MAX } from '../document-names.ts';
import { stationNameSchema } from './common.ts';

export const BATCH_REPORT_LIMITS = {
  batchIdMax: 100,
  documentIdMax: DOCUMENT_ID_MAX,
  fileMax: FILE_NAME_MAX,
  documentsMax: 5000,
  flagsMax: 16,
  flagMax: 40,
  countMax: 1_000_000,
  pagesPerDocumentMax: 100_000,
  versionMax: 1_000_000,
} as const;

const count = { type: 'integer', minimum: 0, maximum: BATCH_REPORT_LIMITS.countMax } as const;
const perDocument = { type: 'integer', minimum: 0, maximum: BATCH_REPORT_LIMITS.pagesPerDocumentMax } as const;

export const batchDocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'file', 'pages', 'sheets', 'sha256', 'flags'],
  properties: {
    /**
     * The registration number read from the separator, e.g. `84512/27.09.2021`. The server also
     * applies the shared rule of `document-names.ts` (no control, invisible or bidi characters).
     */
    id: {
      type: 'string', minLength: 1, maxLength: BATCH_REPORT_LIMITS.documentIdMax,
      description: 'Fără caractere de control, invizibile sau de schimbare a direcției; fără spații la capete.',
    },
    /** File name of the document's PDF on the station; null for an empty document (no PDF). */
    file: {
      type: ['string', 'null'], minLength: 1, maxLength: BATCH_REPORT_LIMITS.fileMax,
      description: 'Doar numele fișierului: fără „/”, „\\”, „..”, caractere de control, invizibile sau de direcție.',
    },
    /** Kept pages (images) after blank and separator removal. */
    pages: perDocument,
    /** Sheets of paper (file). */
    sheets: perDocument,
    /** SHA-256 of the PDF; null exactly when `file` is null. */
    sha256: { type: ['string', 'null'], pattern: '^[0-9a-f]{64}$' },
    flags: {
      type: 'array',
      maxItems: BATCH_REPORT_LIMITS.flagsMax,
      uniqueItems: true,
      items: { type: 'string', pattern: `^[A-Za-z0-9][A-Za-z0-9_.-]{0,${BATCH_REPORT_LIMITS.flagMax - 1}}$` },
    },
  },
} as const;

export const batchReportSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'batchId', 'station', 'startedAt', 'endedAt',
    'separatorPages', 'blankPages', 'unassignedPages', 'pagesIn', 'documents',
  ],
  properties: {
    batchId: {
      type: 'string',
      minLength: 1,
      maxLength: BATCH_REPORT_LIMITS.batchIdMax,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$',
    },
    /** Must be the name of the station whose token sends the report. */
    station: stationNameSchema,
    /**
     * The version of the batch's report: 1 as scanned; each save of corrections on the station
     * (summary.json `version`) adds one. Optional, 1 when absent.
     */
    version: { type: 'integer', minimum: 1, maximum: BATCH_REPORT_LIMITS.versionMax, default: 1 },
    /** ISO 8601 date-time with offset, e.g. `2021-09-27T09:12:00+03:00`. */
    startedAt: { type: 'string', format: 'date-time', maxLength: 40 },
    endedAt: { type: 'string', format: 'date-time', maxLength: 40 },
    separatorPages: count,
    blankPages: count,
    unassignedPages: count,
    pagesIn: count,
    documents: { type: 'array', maxItems: BATCH_REPORT_LIMITS.documentsMax, items: batchDocumentSchema },
  },
} as const;

export interface BatchDocument {
  id: string;
  /** null for an empty document (two separators in a row): nothing was written. */
  file: string | null;
  pages: number;
  sheets: number;
  sha256: string | null;
  flags: string[];
}

export interface BatchReport {
  batchId: string;
  station: string;
  /** 1 when absent. */
  version?: number;
  startedAt: string;
  endedAt: string;
  separatorPages: number;
  blankPages: number;
  unassignedPages: number;
  pagesIn: number;
  documents: BatchDocument[];
}

export const batchReportResultSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'station', 'batchId', 'version', 'documents', 'receivedAt'],
  properties: {
    status: { type: 'string', enum: ['recorded', 'already-recorded'] },
    station: { type: 'string' },
    batchId: { type: 'string' },
    /** The version the server holds now (the one this answer is about). */
    version: { type: 'integer' },
    documents: { type: 'integer' },
    /** When the server recorded this version of the batch (ISO 8601, UTC). */
    receivedAt: { type: 'string' },
  },
} as const;

export interface BatchReportResult {
  /** `recorded` with HTTP 201 the first time (a new version too); `already-recorded` with HTTP 200 after that. */
  status: 'recorded' | 'already-recorded';
  station: string;
  batchId: string;
  version: number;
  documents: number;
  receivedAt: string;
}

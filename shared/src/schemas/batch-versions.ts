/**
 * `GET /api/batches/:station/:batchId/versions`: every version of a batch report the registry
 * server received, oldest first; the last one is the version the reconciliation and the totals use.
 */
import { BATCH_REPORT_LIMITS } from './batch-report.ts';
import { stationNameSchema } from './common.ts';

export const batchVersionsParamsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['station', 'batchId'],
  properties: {
    station: stationNameSchema,
    batchId: { type: 'string', minLength: 1, maxLength: BATCH_REPORT_LIMITS.batchIdMax, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' },
  },
} as const;

export interface BatchVersionsParams {
  station: string;
  batchId: string;
}

const versionDocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'file', 'pages', 'sheets', 'sha256', 'flags'],
  properties: {
    id: { type: 'string' },
    file: { type: ['string', 'null'] },
    pages: { type: 'integer' },
    sheets: { type: 'integer' },
    sha256: { type: ['string', 'null'] },
    flags: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const batchVersionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['station', 'batchId', 'currentVersion', 'versions'],
  properties: {
    station: { type: 'string' },
    batchId: { type: 'string' },
    /** The version the reconciliation and the weekly totals use (the highest received). */
    currentVersion: { type: 'integer' },
    versions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['version', 'receivedAt', 'reportSha256', 'startedAt', 'endedAt', 'scanDate', 'pagesIn',
          'separatorPages', 'blankPages', 'unassignedPages', 'documentCount', 'documents'],
        properties: {
          version: { type: 'integer' },
          /** When the server received this version (ISO 8601, UTC). */
          receivedAt: { type: 'string' },
          reportSha256: { type: 'string' },
          startedAt: { type: 'string' },
          endedAt: { type: 'string' },
          scanDate: { type: 'string' },
          pagesIn: { type: 'integer' },
          separatorPages: { type: 'integer' },
          blankPages: { type: 'integer' },
          unassignedPages: { type: 'integer' },
          documentCount: { type: 'integer' },
          documents: { type: 'array', items: versionDocumentSchema },
        },
      },
    },
  },
} as const;

export interface BatchVersionDocument {
  id: string;
  file: string | null;
  pages: number;
  sheets: number;
  sha256: string | null;
  flags: string[];
}

export interface BatchVersion {
  version: number;
  receivedAt: string;
  reportSha256: string;
  startedAt: string;
  endedAt: string;
  scanDate: string;
  pagesIn: number;
  separatorPages: number;
  blankPages: number;
  unassignedPages: number;
  documentCount: number;
  documents: BatchVersionDocument[];
}

export interface BatchVersions {
  station: string;
  batchId: string;
  currentVersion: number;
  versions: BatchVersion[];
}

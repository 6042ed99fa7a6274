/**
 * `GET /api/reconciliation?date=YYYY-MM-DD`: the day's current borderou checked against what the
 * stations reported (the shared `reconcile()` result, plus which borderou version was used).
 *
 * Documents considered for day D: every reported document whose registration number is dated D,
 * every reported document the day's borderou lists (whatever its date, e.g. registered the evening
 * before), and documents whose id is not a registration number (generic separators) from batches
 * scanned on D.
 */
import type { Reconciliation } from '../reconciliation/reconciliation-types.ts';
import { isoDateSchema } from './common.ts';

export const reconciliationQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['date'],
  properties: { date: isoDateSchema },
} as const;

export interface ReconciliationQuery {
  date: string;
}

const nullableString = { type: ['string', 'null'] } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;
const integer = { type: 'integer' } as const;
const string = { type: 'string' } as const;

const documentRefSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'file', 'pages', 'sheets'],
  properties: { id: string, file: nullableString, pages: integer, sheets: integer, originalId: string },
} as const;

const list = <T extends object>(items: T) => ({ type: 'array', items }) as const;
const object = <P extends Record<string, unknown>>(properties: P) =>
  ({ type: 'object', additionalProperties: false, required: Object.keys(properties), properties }) as const;

export const reconciliationReportSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'date', 'borderou', 'expected', 'scanned', 'matched', 'missing', 'unexpected',
    'duplicates', 'empty', 'sheetMismatch', 'byDepartment', 'warnings',
  ],
  properties: {
    date: string,
    /** The borderou version used, or null when none was uploaded for the day. */
    borderou: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['version', 'uploadedAt', 'entries'],
      properties: { version: integer, uploadedAt: string, entries: integer },
    },
    expected: integer,
    scanned: integer,
    matched: list({
      type: 'object',
      additionalProperties: false,
      required: ['registrationNumber', 'department', 'expectedSheets', 'sheets', 'pages', 'documents'],
      properties: {
        registrationNumber: string,
        department: string,
        expectedSheets: nullableInteger,
        sheets: integer,
        pages: integer,
        documents: list(documentRefSchema),
      },
    }),
    missing: list(object({ registrationNumber: string, department: string, expectedSheets: nullableInteger })),
    unexpected: list(documentRefSchema),
    duplicates: list(object({ id: string, count: integer, files: list(nullableString), inBorderou: { type: 'boolean' } })),
    empty: list(object({ id: string, inBorderou: { type: 'boolean' }, department: nullableString })),
    sheetMismatch: list(object({ registrationNumber: string, department: string, expectedSheets: integer, scannedSheets: integer })),
    byDepartment: list(object({
      department: nullableString,
      expected: integer,
      scanned: integer,
      missing: integer,
      /** Entries whose separator was scanned with no pages after it. */
      empty: integer,
      expectedSheets: integer,
      scannedSheets: integer,
      pages: integer,
    })),
    /** Romanian, for the clerk. */
    warnings: list(string),
  },
} as const;

export interface ReconciliationReport extends Reconciliation {
  date: string;
  borderou: { version: number; uploadedAt: string; entries: number } | null;
}

/**
 * `POST /api/borderouri` (CSV body) and `GET /api/borderouri`: the day's borderou and its versions.
 * Uploading a day again makes a new version; older versions stay readable.
 */
import { isoDateSchema, problemSchema, type Problem } from './common.ts';

export const BORDEROU_CSV_MAX_BYTES = 5 * 1024 * 1024;
/**
 * Most data rows one borderou may have (one day of a registry office; a large city hall registers a
 * few thousand documents a day). Bounds the work of one upload: 100,000 rows held the server ~7 s.
 */
export const BORDEROU_MAX_ROWS = 10_000;

export const borderouFileNameSchema = { type: 'string', minLength: 1, maxLength: 255 } as const;

export const borderouUploadQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** The day of the borderou; when absent, every row's `data` must name the same day. */
    date: isoDateSchema,
    /** The file's name as the clerk picked it: named in the answer when the file is refused whole (NOT_A_BORDEROU, CSV_INVALID). */
    name: borderouFileNameSchema,
  },
} as const;

export interface BorderouUploadQuery {
  date?: string;
  name?: string;
}

const versionSummaryProperties = {
  date: { type: 'string' },
  version: { type: 'integer' },
  uploadedAt: { type: 'string' },
  entries: { type: 'integer' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  sha256: { type: 'string' },
  /** Who uploaded it: 'user:<name>' (web app) or 'admin' (admin token); null for older versions. */
  uploadedBy: { type: ['string', 'null'] },
} as const;

const versionSummaryRequired = ['date', 'version', 'uploadedAt', 'entries', 'encoding', 'delimiter', 'sha256'] as const;

export interface BorderouVersionSummary {
  date: string;
  /** 1 for the first upload of the day, then 2, 3… */
  version: number;
  uploadedAt: string;
  entries: number;
  encoding: string;
  delimiter: string;
  /** SHA-256 of the uploaded bytes. */
  sha256: string;
  uploadedBy?: string | null;
}

export const borderouUploadResultSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...versionSummaryRequired, 'replacedVersion', 'warnings'],
  properties: {
    ...versionSummaryProperties,
    /** The version this upload replaced, or null for the day's first upload. */
    replacedVersion: { type: ['integer', 'null'] },
    /** Values the parser neutralised or ignored while keeping the rows (line, column, reason). */
    warnings: { type: 'array', items: problemSchema },
  },
} as const;

export interface BorderouUploadResult extends BorderouVersionSummary {
  replacedVersion: number | null;
  warnings: Problem[];
}

export const borderouQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['date'],
  properties: {
    date: isoDateSchema,
    /** A past version; the current one when absent. */
    version: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
  },
} as const;

export interface BorderouQuery {
  date: string;
  version?: string;
}

export const borderouEntrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['line', 'registrationNumber', 'department', 'expectedSheets', 'date', 'notes'],
  properties: {
    line: { type: 'integer' },
    registrationNumber: { type: 'string' },
    department: { type: 'string' },
    expectedSheets: { type: ['integer', 'null'] },
    date: { type: ['string', 'null'] },
    notes: { type: ['string', 'null'] },
  },
} as const;

export interface BorderouEntryView {
  line: number;
  registrationNumber: string;
  department: string;
  expectedSheets: number | null;
  date: string | null;
  notes: string | null;
}

export const borderouViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'current', 'entries', 'versions'],
  properties: {
    version: {
      type: 'object',
      additionalProperties: false,
      required: versionSummaryRequired,
      properties: versionSummaryProperties,
    },
    /** Whether `version` is the day's current version. */
    current: { type: 'boolean' },
    entries: { type: 'array', items: borderouEntrySchema },
    /** Every version of the day, oldest first. */
    versions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: versionSummaryRequired,
        properties: versionSummaryProperties,
      },
    },
  },
} as const;

export interface BorderouView {
  version: BorderouVersionSummary;
  current: boolean;
  entries: BorderouEntryView[];
  versions: BorderouVersionSummary[];
}

/**
 * Building blocks shared by the registry server's request and response schemas.
 * Plain JSON Schema objects (`as const`) so both the server (fastify/ajv) and the station client
 * can use them; the TypeScript types are written by hand next to each schema.
 */
import type { ErrorCode } from '../errors.ts';

/** A calendar day, `YYYY-MM-DD` (the server also rejects impossible dates like 2021-02-30). */
export const isoDateSchema = {
  type: 'string',
  format: 'date',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
} as const;

/** A station name: letters, digits, `.`, `_`, `-`; starts with a letter or digit. */
export const STATION_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
export const STATION_NAME_MAX = 64;

export const stationNameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: STATION_NAME_MAX,
  pattern: STATION_NAME_PATTERN,
} as const;

/** One problem in a request: where (`/documents/3/sha256`, `linia 12`) and why, in Romanian. */
export const problemSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    path: { type: 'string' },
    line: { type: 'integer' },
    reason: { type: 'string' },
  },
} as const;

export interface Problem {
  /** JSON pointer into the request body (`/documents/0/pages`), `?name` for a query parameter, or a CSV column. */
  path?: string;
  /** Line number in an uploaded CSV file (1-based, header is line 1). */
  line?: number;
  reason: string;
}

/** Every error response of the server: `{ error: { code, message, problems? } }`. */
export const errorResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        problems: { type: 'array', items: problemSchema },
      },
    },
  },
} as const;

export interface ErrorResponse {
  error: {
    code: ErrorCode;
    /** Romanian text for the clerk. */
    message: string;
    problems?: Problem[];
  };
}

/** Counts of one slice of documents (a week, a station, a department, a whole report). */
export const totalsProperties = {
  documents: { type: 'integer' },
  sheets: { type: 'integer' },
  pages: { type: 'integer' },
} as const;

export interface Totals {
  documents: number;
  sheets: number;
  pages: number;
}

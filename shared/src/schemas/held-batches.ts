/**
 * `POST /api/batches/held`: which of a station's batch reports the registry holds, and in which
 * version. A station asks about the reports it delivered lately (its outbox marks them delivered);
 * one the registry lacks, or holds in a lower version, was lost on the registry's side (its
 * database restored from a backup taken before it arrived), and the station sends it again. The
 * station asked about is always the caller's own (its token), never named in the request.
 */
import { batchReportSchema } from './batch-report.ts';
import { stationNameSchema } from './common.ts';

/** Batch ids per request; a station asks in parts of this size. */
export const HELD_BATCHES_MAX = 500;
/** The route's body limit: the largest valid request (500 ids of 100 characters) is about 52 KB. */
export const HELD_BATCHES_BODY_LIMIT = 64 * 1024;

export const heldBatchesRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['batchIds'],
  properties: {
    batchIds: { type: 'array', minItems: 1, maxItems: HELD_BATCHES_MAX, uniqueItems: true, items: batchReportSchema.properties.batchId },
  },
} as const;

export interface HeldBatchesRequest {
  batchIds: string[];
}

export const heldBatchesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['station', 'batches'],
  properties: {
    station: stationNameSchema,
    /** One entry per batch id asked, in the order asked. */
    batches: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['batchId', 'version'],
        properties: {
          batchId: { type: 'string' },
          /** The version the registry holds (the one its figures use); null when it holds no report of that batch. */
          version: { type: ['integer', 'null'] },
        },
      },
    },
  },
} as const;

export interface HeldBatches {
  station: string;
  batches: { batchId: string; version: number | null }[];
}

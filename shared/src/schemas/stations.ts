/** Admin endpoints `POST /api/stations` and `GET /api/stations`. */
import { stationNameSchema } from './common.ts';

export const createStationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: stationNameSchema },
} as const;

export interface CreateStation {
  name: string;
}

const stationProperties = {
  name: { type: 'string' },
  createdAt: { type: 'string' },
} as const;

export const createdStationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'createdAt', 'token'],
  properties: {
    ...stationProperties,
    /** The station's bearer token. Shown this once; the server keeps only its SHA-256 hash. */
    token: { type: 'string' },
  },
} as const;

export interface CreatedStation {
  name: string;
  createdAt: string;
  token: string;
}

export const stationListSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['stations'],
  properties: {
    stations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'createdAt', 'batches', 'lastBatchAt'],
        properties: {
          ...stationProperties,
          batches: { type: 'integer' },
          lastBatchAt: { type: ['string', 'null'] },
          /** Batches received in the last 7 days. */
          batchesLast7Days: { type: 'integer' },
          /** When the station's token was revoked (it cannot report until given a new one), or null. */
          revokedAt: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;

export interface StationSummary {
  name: string;
  createdAt: string;
  batches: number;
  /** When the station's last batch was received (ISO 8601, UTC), or null. */
  lastBatchAt: string | null;
  batchesLast7Days?: number;
  revokedAt?: string | null;
}

export interface StationList {
  stations: StationSummary[];
}

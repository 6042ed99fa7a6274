/**
 * `GET /api/borderouri/current?date=…`: the day's current borderou as the station takes it (a station
 * token may call it). The CSV comes back as uploaded (base64), so the station parses it with the
 * same shared parser as a CSV file the clerk picks: one reading of a borderou, not two.
 */
import { isoDateSchema } from './common.ts';

export const dayBorderouQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['date'],
  properties: { date: isoDateSchema },
} as const;

export interface DayBorderouQuery {
  date: string;
}

export const dayBorderouSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['date', 'version', 'uploadedAt', 'entries', 'sha256', 'csvBase64'],
  properties: {
    date: { type: 'string' },
    /** The day's current version (1, 2, 3 … as the registry re-uploads it). */
    version: { type: 'integer' },
    uploadedAt: { type: 'string' },
    entries: { type: 'integer' },
    /** SHA-256 of the CSV bytes. */
    sha256: { type: 'string' },
    /** The CSV file's bytes as uploaded, base64. */
    csvBase64: { type: 'string' },
  },
} as const;

export interface DayBorderou {
  date: string;
  version: number;
  uploadedAt: string;
  entries: number;
  sha256: string;
  csvBase64: string;
}

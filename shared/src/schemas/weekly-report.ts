/**
 * `GET /api/reports/weekly?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv]`: documents, sheets and pages
 * per ISO week, counted on the day the batch was scanned (station time zone of the server),
 * with breakdowns per station and per department (department from the borderou; null when no
 * borderou lists the document).
 */
import { isoDateSchema, totalsProperties, type Totals } from './common.ts';

/** Longest period one report may cover, in days (about twenty years). */
export const WEEKLY_REPORT_MAX_DAYS = 7305;

export const weeklyReportQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: isoDateSchema,
    to: isoDateSchema,
    format: { type: 'string', enum: ['json', 'csv'] },
  },
} as const;

export interface WeeklyReportQuery {
  from: string;
  to: string;
  format?: 'json' | 'csv';
}

const totalsRequired = ['documents', 'sheets', 'pages'] as const;

export const weeklyReportSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to', 'totals', 'weeks'],
  properties: {
    from: { type: 'string' },
    to: { type: 'string' },
    totals: { type: 'object', additionalProperties: false, required: totalsRequired, properties: totalsProperties },
    weeks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['isoYear', 'isoWeek', 'monday', 'friday', 'label', ...totalsRequired, 'stations', 'departments'],
        properties: {
          isoYear: { type: 'integer' },
          isoWeek: { type: 'integer' },
          monday: { type: 'string' },
          friday: { type: 'string' },
          /** «27.09.2021 – 01.10.2021» */
          label: { type: 'string' },
          ...totalsProperties,
          stations: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['station', ...totalsRequired],
              properties: { station: { type: 'string' }, ...totalsProperties },
            },
          },
          departments: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['department', ...totalsRequired],
              properties: { department: { type: ['string', 'null'] }, ...totalsProperties },
            },
          },
        },
      },
    },
  },
} as const;

export interface WeeklyReportWeek extends Totals {
  isoYear: number;
  isoWeek: number;
  /** `YYYY-MM-DD` of the week's Monday and Friday. */
  monday: string;
  friday: string;
  label: string;
  stations: Array<{ station: string } & Totals>;
  departments: Array<{ department: string | null } & Totals>;
}

export interface WeeklyReport {
  from: string;
  to: string;
  totals: Totals;
  /** Every ISO week that overlaps [from, to], oldest first, including weeks with nothing scanned. */
  weeks: WeeklyReportWeek[];
}

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

const registeredSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['documents', 'sheets'],
  properties: { documents: { type: 'integer' }, sheets: { type: 'integer' } },
} as const;

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
        required: ['isoYear', 'isoWeek', 'monday', 'friday', 'label', 'title', ...totalsRequired, 'registered', 'registeredDepartments', 'closed', 'stations', 'departments'],
        properties: {
          isoYear: { type: 'integer' },
          isoWeek: { type: 'integer' },
          monday: { type: 'string' },
          friday: { type: 'string' },
          /** «27.09.2021 – 01.10.2021» */
          label: { type: 'string' },
          /** As the office's activity report names the week: «27 SEPTEMBRIE - 01 OCTOMBRIE 2021». */
          title: { type: 'string' },
          ...totalsProperties,
          /** Documents on the week's borderouri (current versions), and their sheets where `nr_file` is given. */
          registered: registeredSchema,
          /** The same per department of the borderou (Romanian alphabetical order). */
          registeredDepartments: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['department', 'documents', 'sheets'],
              properties: { department: { type: 'string' }, documents: { type: 'integer' }, sheets: { type: 'integer' } },
            },
          },
          /** Set once the week was closed («închide săptămâna»): the figures as they were then. */
          closed: {
            type: ['object', 'null'],
            additionalProperties: false,
            required: ['closedAt', 'closedBy', 'registered', 'processed'],
            properties: {
              closedAt: { type: 'string' },
              closedBy: { type: 'string' },
              registered: registeredSchema,
              processed: { type: 'object', additionalProperties: false, required: totalsRequired, properties: totalsProperties },
            },
          },
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

export interface RegisteredTotals {
  documents: number;
  sheets: number;
}

export interface WeeklyReportWeek extends Totals {
  isoYear: number;
  isoWeek: number;
  /** `YYYY-MM-DD` of the week's Monday and Friday. */
  monday: string;
  friday: string;
  label: string;
  title: string;
  registered: RegisteredTotals;
  registeredDepartments: Array<{ department: string } & RegisteredTotals>;
  closed: { closedAt: string; closedBy: string; registered: RegisteredTotals; processed: Totals } | null;
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

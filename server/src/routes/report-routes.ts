/** `GET /api/reports/weekly?from=…&to=…[&format=csv]`: totals per ISO week, as JSON or Excel CSV. */
import type { FastifyInstance } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import {
  WEEKLY_REPORT_MAX_DAYS,
  weeklyReportQuerySchema,
  weeklyReportSchema,
  type WeeklyReportQuery,
} from '../../../shared/src/schemas/weekly-report.ts';
import type { RouteContext } from '../context.ts';
import { daysBetween } from '../lib/dates.ts';
import { weeklyReportCsv } from '../services/weekly-report-csv.ts';
import { weeklyReportJson } from '../services/weekly-report-json.ts';
import { weeklyReport } from '../services/weekly-activity.ts';
import { checkDay } from './check-day.ts';
import { errorResponses } from './error-responses.ts';

export async function reportRoutes(app: FastifyInstance, { repos }: RouteContext): Promise<void> {
  app.get<{ Querystring: WeeklyReportQuery }>('/api/reports/weekly', {
    schema: {
      summary: 'Raport săptămânal: documente, file și pagini pe săptămâni ISO, pe stații și pe structuri',
      description: 'Documentele se numără în ziua scanării lotului (fusul orar al serverului). Cu format=csv '
        + 'răspunsul este un fișier CSV pentru Excel (separator „;”, UTF-8 cu BOM).',
      tags: ['rapoarte'],
      security: [{ bearer: [] }],
      querystring: weeklyReportQuerySchema,
      response: { 200: weeklyReportSchema, ...errorResponses(400, 403) },
    },
  }, async (request, reply) => {
    const { from, to, format } = request.query;
    checkDay(from, 'from');
    checkDay(to, 'to');
    const span = daysBetween(from, to);
    if (span < 0 || span >= WEEKLY_REPORT_MAX_DAYS) {
      throw new StationError('VALIDATION_FAILED', 'Parametrii adresei nu sunt valizi.', {
        problems: [{
          path: '?to',
          reason: span < 0 ? 'sfârșitul perioadei este înaintea începutului' : `perioada depășește ${WEEKLY_REPORT_MAX_DAYS} de zile`,
        }],
      });
    }
    const report = await weeklyReport(from, to, repos.reports);
    if (format !== 'csv') {
      // Written as bytes, as the response schema would serialise it (checked by the tests): the ETag's
      // hash and the socket take them as they are; no ~1.4 MB string of a ten-year report to encode.
      return reply.type('application/json; charset=utf-8').send(weeklyReportJson(report));
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="raport-saptamanal-${from}-${to}.csv"`)
      .send(weeklyReportCsv(report));
  });
}

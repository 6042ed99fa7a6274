/**
 * `GET /api/reconciliation/documents?date=…`: every reported document the day's reconciliation looks at,
 * with its station, batch, pages, sheets, SHA-256 and department (the Reconciliere page's table).
 */
import type { FastifyInstance } from 'fastify';
import { reconciliationQuerySchema, type ReconciliationQuery } from '../../../shared/src/schemas/reconciliation.ts';
import type { RouteContext } from '../context.ts';
import { checkDay } from './check-day.ts';
import { errorResponses } from './error-responses.ts';

const documentsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['date', 'documents'],
  properties: {
    date: { type: 'string' },
    documents: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'station', 'batchId', 'batchVersion', 'scanDate', 'file', 'pages', 'sheets', 'sha256', 'flags', 'department'],
        properties: {
          id: { type: 'string' },
          station: { type: 'string' },
          batchId: { type: 'string' },
          /** The version of the batch report (2, 3 … after corrections on the station); the latest counts. */
          batchVersion: { type: 'integer' },
          scanDate: { type: 'string' },
          file: { type: ['string', 'null'] },
          pages: { type: 'integer' },
          sheets: { type: 'integer' },
          sha256: { type: ['string', 'null'] },
          flags: { type: 'array', items: { type: 'string' } },
          department: { type: 'string' },
        },
      },
    },
  },
} as const;

export async function reconciliationDocumentsRoutes(app: FastifyInstance, { repos }: RouteContext): Promise<void> {
  app.get<{ Querystring: ReconciliationQuery }>('/api/reconciliation/documents', {
    schema: {
      summary: 'Documentele raportate pe care le privește verificarea zilei: stație, lot, pagini, file, SHA-256',
      tags: ['rapoarte'],
      security: [{ bearer: [] }],
      querystring: reconciliationQuerySchema,
      response: { 200: documentsSchema, ...errorResponses(400, 403) },
    },
  }, async (request) => {
    const day = request.query.date;
    checkDay(day, 'date');
    const version = await repos.borderouri.current(day);
    const documents = (await repos.reconciliation.documentsForDay(day, version?.id ?? -1))
      .map(({ registrationKey: _key, ...doc }) => doc);
    return { date: day, documents };
  });
}

/** `GET /api/reconciliation?date=…`: the day's borderou against what the stations reported. */
import type { FastifyInstance } from 'fastify';
import {
  reconciliationQuerySchema,
  reconciliationReportSchema,
  type ReconciliationQuery,
} from '../../../shared/src/schemas/reconciliation.ts';
import type { RouteContext } from '../context.ts';
import { reconcileDay } from '../services/reconcile-day.ts';
import { checkDay } from './check-day.ts';
import { errorResponses } from './error-responses.ts';

export async function reconciliationRoutes(app: FastifyInstance, { repos }: RouteContext): Promise<void> {
  app.get<{ Querystring: ReconciliationQuery }>('/api/reconciliation', {
    schema: {
      summary: 'Verificarea zilei: borderoul curent față de documentele raportate',
      description: 'Pentru ziua D se iau: documentele raportate al căror număr de înregistrare are data D, '
        + 'documentele raportate pe care borderoul zilei D le listează (oricare le-ar fi data) și documentele '
        + 'cu separator generic (fără număr) din loturile scanate în ziua D.',
      tags: ['rapoarte'],
      security: [{ bearer: [] }],
      querystring: reconciliationQuerySchema,
      response: { 200: reconciliationReportSchema, ...errorResponses(400, 403) },
    },
  }, async (request) => {
    checkDay(request.query.date, 'date');
    return reconcileDay(repos.borderouri, repos.reconciliation, request.query.date);
  });
}

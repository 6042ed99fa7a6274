/** Station: `POST /api/batches`, the report of one scanned batch (idempotent on station + batch id). */
import type { FastifyInstance } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import { batchReportResultSchema, batchReportSchema, type BatchReport } from '../../../shared/src/schemas/batch-report.ts';
import type { RouteContext } from '../context.ts';
import { recordBatch } from '../services/record-batch.ts';
import { errorResponses } from './error-responses.ts';

export async function batchRoutes(app: FastifyInstance, { repos, timeZone }: RouteContext): Promise<void> {
  app.post<{ Body: BatchReport }>('/api/batches', {
    schema: {
      summary: 'Raportul unui lot scanat de o stație',
      description: 'Idempotent pe (stație, batchId): același raport trimis din nou răspunde 200 „already-recorded” '
        + 'și nu schimbă nimic; alt conținut sub același batchId răspunde 409.',
      tags: ['loturi'],
      security: [{ bearer: [] }],
      body: batchReportSchema,
      response: {
        201: { ...batchReportResultSchema, description: 'Lot înregistrat' },
        200: { ...batchReportResultSchema, description: 'Lotul era deja înregistrat, identic' },
        ...errorResponses(400, 403, 409, 413, 415),
      },
    },
  }, async (request, reply) => {
    const principal = request.principal;
    if (principal?.kind !== 'station') throw new StationError('FORBIDDEN');
    const { created, result } = await recordBatch(repos.batches, principal.station, request.body, timeZone);
    request.log.info({ batchId: result.batchId, documents: result.documents, status: result.status }, 'batch report');
    return reply.code(created ? 201 : 200).send(result);
  });
}

/** `GET /api/batches/:station/:batchId/versions`: every version of a batch report, oldest first. */
import type { FastifyInstance } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import {
  batchVersionsParamsSchema,
  batchVersionsSchema,
  type BatchVersions,
  type BatchVersionsParams,
} from '../../../shared/src/schemas/batch-versions.ts';
import type { RouteContext } from '../context.ts';
import { errorResponses } from './error-responses.ts';

export async function batchVersionsRoutes(app: FastifyInstance, { repos }: RouteContext): Promise<void> {
  app.get<{ Params: BatchVersionsParams }>('/api/batches/:station/:batchId/versions', {
    schema: {
      summary: 'Versiunile raportului unui lot (corecturile făcute pe stație), de la prima la ultima',
      description: 'Ultima versiune este cea folosită de verificarea zilei și de totalurile săptămânale.',
      tags: ['loturi'],
      security: [{ bearer: [] }],
      params: batchVersionsParamsSchema,
      response: { 200: batchVersionsSchema, ...errorResponses(400, 403, 404) },
    },
  }, async (request): Promise<BatchVersions> => {
    const { station, batchId } = request.params;
    const versions = await repos.batches.versions(station, batchId);
    if (versions.length === 0) {
      throw new StationError('NOT_FOUND', `Stația „${station}” nu a raportat niciun lot „${batchId}”.`, { station, batchId });
    }
    return { station, batchId, currentVersion: versions[versions.length - 1]!.version, versions };
  });
}

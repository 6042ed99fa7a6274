/**
 * Station: `POST /api/batches/held`, which of its batch reports the registry holds and in which
 * version, so a station can send again what the registry lost (its database restored from a
 * backup taken before those reports arrived). Reads only; the station is the token's.
 */
import type { FastifyInstance } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import {
  HELD_BATCHES_BODY_LIMIT,
  heldBatchesRequestSchema,
  heldBatchesSchema,
  type HeldBatches,
  type HeldBatchesRequest,
} from '../../../shared/src/schemas/held-batches.ts';
import type { RouteContext } from '../context.ts';
import { errorResponses } from './error-responses.ts';

export async function heldBatchesRoutes(app: FastifyInstance, { repos }: RouteContext): Promise<void> {
  app.post<{ Body: HeldBatchesRequest }>('/api/batches/held', {
    bodyLimit: HELD_BATCHES_BODY_LIMIT, // not the server's 2 MiB for reports: a question reads the database
    schema: {
      summary: 'Ce rapoarte ale loturilor acestei stații are registratura, și în ce versiune',
      description: 'Stația întreabă de rapoartele trimise în ultimele zile; pe cele pe care registratura nu le are '
        + '(baza de date restaurată dintr-o copie de siguranță mai veche) le trimite din nou. Nu schimbă nimic.',
      tags: ['loturi'],
      security: [{ bearer: [] }],
      body: heldBatchesRequestSchema,
      response: { 200: heldBatchesSchema, ...errorResponses(400, 403, 413, 415) },
    },
  }, async (request): Promise<HeldBatches> => {
    const principal = request.principal;
    if (principal?.kind !== 'station') throw new StationError('FORBIDDEN');
    const { batchIds } = request.body;
    const held = await repos.batches.heldVersions(principal.station.id, batchIds);
    return { station: principal.station.name, batches: batchIds.map((batchId) => ({ batchId, version: held.get(batchId) ?? null })) };
  });
}

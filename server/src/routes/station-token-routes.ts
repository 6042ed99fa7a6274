/**
 * Admin: `POST /api/stations/:name/token` (a new token, shown once; the old one stops working and a
 * revocation is lifted) and `POST /api/stations/:name/revoke` (the station can no longer report).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import { createdStationSchema } from '../../../shared/src/schemas/stations.ts';
import { stationNameSchema } from '../../../shared/src/schemas/common.ts';
import { principalLabel } from '../access/access-control.ts';
import type { RouteContext } from '../context.ts';
import { generateToken, hashToken } from '../lib/tokens.ts';
import { errorResponses } from './error-responses.ts';

const paramsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: stationNameSchema },
} as const;

export async function stationTokenRoutes(app: FastifyInstance, { repos, now }: RouteContext): Promise<void> {
  const find = async (name: string) => {
    const station = await repos.stations.findByName(name);
    if (!station) throw new StationError('NOT_FOUND', `Stația „${name}” nu există.`, { station: name });
    return station;
  };

  app.post<{ Params: { name: string } }>('/api/stations/:name/token', {
    schema: {
      summary: 'Token nou pentru o stație (afișat o singură dată); cel vechi nu mai funcționează',
      tags: ['stații'],
      security: [{ bearer: [] }],
      params: paramsSchema,
      response: { 201: createdStationSchema, ...errorResponses(400, 403, 404) },
    },
  }, async (request, reply) => {
    const station = await find(request.params.name);
    const token = generateToken();
    await repos.stations.setToken(station.id, hashToken(token), null);
    await repos.audit.append({ actor: request.principal ? principalLabel(request.principal) : 'anonymous', action: 'station-token-rotate', target: station.name, address: request.ip });
    request.log.info({ station: station.name }, 'station token rotated');
    return reply.code(201).send({ name: station.name, createdAt: station.createdAt, token });
  });

  app.post<{ Params: { name: string } }>('/api/stations/:name/revoke', {
    schema: {
      summary: 'Revocă tokenul unei stații: nu mai poate trimite rapoarte până primește un token nou',
      tags: ['stații'],
      security: [{ bearer: [] }],
      params: paramsSchema,
      response: { 204: { type: 'null' }, ...errorResponses(400, 403, 404) },
    },
  }, async (request, reply) => {
    const station = await find(request.params.name);
    // A hash no token can have (not hex), so nothing matches it; unique per station.
    await repos.stations.setToken(station.id, `revoked:${randomBytes(16).toString('hex')}`, now().toISOString());
    await repos.audit.append({ actor: request.principal ? principalLabel(request.principal) : 'anonymous', action: 'station-revoke', target: station.name, address: request.ip });
    request.log.info({ station: station.name }, 'station token revoked');
    return reply.code(204).send();
  });
}

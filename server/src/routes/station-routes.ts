/** Admin: `POST /api/stations` (create, token shown once) and `GET /api/stations`. */
import type { FastifyInstance } from 'fastify';
import { createdStationSchema, createStationSchema, stationListSchema, type CreateStation } from '../../../shared/src/schemas/stations.ts';
import { principalLabel } from '../access/access-control.ts';
import type { RouteContext } from '../context.ts';
import { createStation } from '../services/create-station.ts';
import { errorResponses } from './error-responses.ts';

export async function stationRoutes(app: FastifyInstance, { repos }: RouteContext): Promise<void> {
  app.post<{ Body: CreateStation }>('/api/stations', {
    schema: {
      summary: 'Creează o stație de scanare și îi afișează tokenul (o singură dată)',
      tags: ['stații'],
      security: [{ bearer: [] }],
      body: createStationSchema,
      response: { 201: createdStationSchema, ...errorResponses(400, 403, 409) },
    },
  }, async (request, reply) => {
    const created = await createStation(repos.stations, request.body.name);
    await repos.audit.append({ actor: request.principal ? principalLabel(request.principal) : 'anonymous', action: 'station-add', target: created.name, address: request.ip });
    request.log.info({ station: created.name }, 'station created');
    return reply.code(201).send(created);
  });

  app.get('/api/stations', {
    schema: {
      summary: 'Lista stațiilor de scanare',
      tags: ['stații'],
      security: [{ bearer: [] }],
      response: { 200: stationListSchema, ...errorResponses(403) },
    },
  }, async () => ({ stations: await repos.stations.list() }));
}

/** `GET /api/audit?before=<id>&limit=<n>`: the audit log, newest first (admin). Nothing in it can change. */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.ts';
import { errorResponses } from './error-responses.ts';

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    before: { type: 'string', pattern: '^[0-9]{1,15}$' },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
  },
} as const;

const auditSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['entries'],
  properties: {
    entries: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'at', 'actor', 'action', 'target', 'address', 'details'],
        properties: {
          id: { type: 'integer' },
          at: { type: 'string' },
          actor: { type: 'string' },
          action: { type: 'string' },
          target: { type: ['string', 'null'] },
          address: { type: ['string', 'null'] },
          details: { type: 'object', additionalProperties: true },
        },
      },
    },
  },
} as const;

export async function auditRoutes(app: FastifyInstance, { repos }: RouteContext): Promise<void> {
  app.get<{ Querystring: { before?: string; limit?: string } }>('/api/audit', {
    schema: {
      summary: 'Jurnalul de audit (cele mai noi întâi)',
      tags: ['audit'],
      security: [{ bearer: [] }],
      querystring: querySchema,
      response: { 200: auditSchema, ...errorResponses(400, 403) },
    },
  }, async (request) => {
    const limit = Math.min(Math.max(Number(request.query.limit ?? 200), 1), 500);
    const before = request.query.before === undefined ? undefined : Number(request.query.before);
    return { entries: await repos.audit.list(limit, before) };
  });
}

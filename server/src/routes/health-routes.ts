/** `GET /api/health`: unauthenticated liveness check (the database answers). */
import type { FastifyInstance } from 'fastify';
import type { SqlClient } from '../db/sql-client.ts';

const healthSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const;

export async function healthRoutes(app: FastifyInstance, { db }: { db: SqlClient }): Promise<void> {
  app.get('/api/health', {
    schema: { summary: 'Starea serverului', tags: ['server'], response: { 200: healthSchema } },
  }, async () => {
    await db.get('SELECT 1');
    return { status: 'ok' as const };
  });
}

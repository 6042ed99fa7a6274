/** `GET /api/health`: unauthenticated liveness check (the database answers). */
import type { FastifyInstance } from 'fastify';
import type { Database } from 'better-sqlite3';

const healthSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const;

export async function healthRoutes(app: FastifyInstance, { db }: { db: Database }): Promise<void> {
  const ping = db.prepare('SELECT 1');
  app.get('/api/health', {
    schema: { summary: 'Starea serverului', tags: ['server'], response: { 200: healthSchema } },
  }, async () => {
    ping.get();
    return { status: 'ok' as const };
  });
}

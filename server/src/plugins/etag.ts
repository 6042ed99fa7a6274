/**
 * ETags on successful GET answers of the API: a page that polls (Reconciliere) sends If-None-Match
 * and gets 304 with no body while nothing changed. The tag is a hash of the body, so it is the same
 * on every server instance.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export function registerEtags(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || !request.url.startsWith('/api/')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag);
    reply.header('cache-control', 'private, no-cache');
    const sent = request.headers['if-none-match'];
    if (sent !== undefined && sent.split(',').some((t) => t.trim() === etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}

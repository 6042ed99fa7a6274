/**
 * Security headers on every response (API answers, errors, 404s, the `/docs` page) through
 * @fastify/helmet: a Content-Security-Policy allowing only the server's own resources, no framing,
 * no MIME sniffing, no referrer to other sites, HSTS for browsers that reach the server over HTTPS.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

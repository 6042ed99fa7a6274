/**
 * Security headers on every response (API answers, errors, 404s, the `/docs` page) through
 * @fastify/helmet: a Content-Security-Policy allowing only the server's own resources, no framing,
 * no MIME sniffing, no referrer to other sites, HSTS for browsers that reach the server over HTTPS.
 */
import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { DOCS_STYLE } from '../routes/docs-routes.ts';

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        // No inline styles except the /docs page's one, by its hash (the web app's CSS is a file).
        'style-src': ["'self'", `'sha256-${createHash('sha256').update(DOCS_STYLE).digest('base64')}'`],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        // Not set: over plain HTTP on the office network (http://192.168.x.y:8080) it makes the browser
        // ask for every script and style over HTTPS, and the web app does not load at all.
        'upgrade-insecure-requests': null,
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * The registry's web app: `GET /` (the page) and `GET /assets/*` (its scripts and styles, built by
 * `npm install` into server/web/dist). When the build is missing, `/` says how to make it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const MISSING_BUILD = `<!doctype html>
<html lang="ro"><head><meta charset="utf-8"><title>Registratura</title></head><body>
<h1>Aplicația web nu este construită</h1>
<p>Rulați <code>npm install</code> în dosarul proiectului (construiește paginile), apoi reporniți serverul.</p>
</body></html>
`;

export async function webRoutes(app: FastifyInstance, { root }: { root?: string }): Promise<void> {
  const dir = root ?? DEFAULT_WEB_ROOT;
  const indexFile = join(dir, 'index.html');
  const built = existsSync(indexFile);
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .code(built ? 200 : 503)
      .send(built ? readFileSync(indexFile) : MISSING_BUILD));
  await app.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/assets/',
    // Built file names carry a content hash: they never change.
    immutable: true,
    maxAge: '365d',
    index: false,
    list: false,
    dotfiles: 'deny',
    schemaHide: true,
  });
}

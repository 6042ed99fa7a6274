/** `/docs/json` (the OpenAPI document) and `/docs` (a small Romanian page listing the operations). */
import type { FastifyInstance } from 'fastify';
import { escapeHtml } from '../../../shared/src/escape-html.ts';

type Operation = { summary?: string; description?: string };
type Document = { info: { title: string; description?: string }; paths?: Record<string, Record<string, Operation>> };

/** The page's only inline style; the Content-Security-Policy allows exactly this text by its hash. */
export const DOCS_STYLE = 'body{font-family:sans-serif;margin:2em;max-width:70em}td{padding:.4em;vertical-align:top;border-bottom:1px solid #ddd}';

function renderPage(document: Document): string {
  const rows = Object.entries(document.paths ?? {}).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) =>
      `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td>`
      + `<td>${escapeHtml(op.summary ?? '')}${op.description ? `<br><small>${escapeHtml(op.description)}</small>` : ''}</td></tr>`),
  );
  return `<!doctype html>
<html lang="ro"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}</title>
<style>${DOCS_STYLE}</style>
</head><body>
<h1>${escapeHtml(document.info.title)}</h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>Descrierea completă OpenAPI (JSON): <a href="/docs/json">/docs/json</a></p>
<table><thead><tr><th>Metodă</th><th>Adresă</th><th>Ce face</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
</body></html>
`;
}

export async function docsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderPage(app.swagger() as unknown as Document)));
}

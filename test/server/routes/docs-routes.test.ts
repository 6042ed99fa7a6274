import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

describe('OpenAPI description', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  it('serves the OpenAPI document at /docs/json with every endpoint and its schemas', async () => {
    const response = await t.request('GET', '/docs/json', { token: null });
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; security?: unknown }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/audit', '/api/batches', '/api/batches/held', '/api/batches/{station}/{batchId}/versions', '/api/borderouri', '/api/borderouri/current', '/api/borderouri/preview', '/api/health', '/api/reconciliation',
      '/api/reconciliation/documents', '/api/reports/weekly', '/api/reports/weekly/close', '/api/reports/weekly/scanning.docx',
      '/api/reports/weekly/scanning.pdf', '/api/session', '/api/stations', '/api/stations/{name}/revoke', '/api/stations/{name}/token',
      '/api/users', '/api/users/{name}/disable', '/api/users/{name}/enable', '/api/users/{name}/password',
    ]);
    expect(Object.keys(document.paths['/api/batches']!.post!.requestBody!.content)).toEqual(['application/json']);
    expect(Object.keys(document.paths['/api/borderouri']!.post!.requestBody!.content)).toEqual(['text/csv']);
    expect(document.paths['/api/batches']!.post!.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves a Romanian page at /docs', async () => {
    const response = await t.request('GET', '/docs', { token: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<html lang="ro">');
    expect(html).toContain('Raportul unui lot scanat de o stație');
    expect(html).toContain('/docs/json');
  });
});

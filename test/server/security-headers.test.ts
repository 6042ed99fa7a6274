import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

describe('security headers on every response', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  it.each([
    ['the health check', 'GET', '/api/health', null, 200],
    ['the /docs page', 'GET', '/docs', null, 200],
    ['the OpenAPI document', 'GET', '/docs/json', null, 200],
    ['an admin answer', 'GET', '/api/stations', 'admin', 200],
    ['a 401', 'GET', '/api/stations', null, 401],
    ['a 400', 'GET', '/api/reconciliation?date=2021-02-30', 'admin', 400],
    ['a 404', 'GET', '/nu-exista', null, 404],
    ['a 415', 'POST', '/api/stations', 'admin', 415],
  ] as const)('%s', async (_what, method, path, who, status) => {
    const response = await t.request(method, path, {
      token: who === 'admin' ? undefined : null,
      ...(method === 'POST' ? { body: 'x', contentType: 'text/html' } : {}),
    });
    expect(response.status).toBe(status);
    const h = response.headers;
    expect(h.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(h.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(h.get('x-powered-by')).toBeNull();
  });
});
